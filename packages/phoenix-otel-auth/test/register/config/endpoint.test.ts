import { describe, expect, it } from "vitest";
import { PhoenixConfigError } from "../../../src/errors.js";
import { resolveConfig } from "../../../src/register/config/resolve.js";
import type { ConfigSource, Env } from "../../../src/register/types.js";
import { ensureCollectorEndpoint } from "../../../src/index.js";
import { generateApiKey, generateToken } from "../../../../../test/helpers/secrets.js";

type Row = [description: string, env: Env, url: string | undefined, expected: string, source: ConfigSource];

const DEFAULT: ConfigSource = { from: "default" };
const env = (name: string): ConfigSource => ({ from: "env", name });
const URL_OPTION: ConfigSource = { from: "option", name: "url" };
const C = "PHOENIX_COLLECTOR_ENDPOINT";
const T = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
const O = "OTEL_EXPORTER_OTLP_ENDPOINT";
const P = "PHOENIX_ENDPOINT";

// option `url` > PHOENIX_COLLECTOR_ENDPOINT > OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (verbatim) > OTEL_EXPORTER_OTLP_ENDPOINT > PHOENIX_ENDPOINT > default
const rows: Row[] = [
  ["nothing set", {}, undefined, "http://localhost:6006/v1/traces", DEFAULT],
  ["collector base URL", { [C]: "http://phoenix:6006" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["collector already suffixed", { [C]: "http://phoenix:6006/v1/traces" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["collector trailing slash", { [C]: "http://phoenix:6006/" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["collector suffix with trailing slash", { [C]: "http://phoenix:6006/v1/traces/" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["collector doubled separator", { [C]: "http://phoenix:6006//v1/traces" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["collector suffix repeated", { [C]: "http://phoenix:6006/v1/traces/v1/traces" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["collector path prefix kept", { [C]: "http://proxy/phoenix" }, undefined, "http://proxy/phoenix/v1/traces", env(C)],
  ["collector path prefix with suffix", { [C]: "http://proxy/phoenix/v1/traces" }, undefined, "http://proxy/phoenix/v1/traces", env(C)],
  ["collector query kept", { [C]: "http://phoenix:6006/?tenant=a" }, undefined, "http://phoenix:6006/v1/traces?tenant=a", env(C)],
  ["collector fragment dropped", { [C]: "http://phoenix:6006#x" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["suffix match is case-sensitive", { [C]: "http://phoenix/V1/traces" }, undefined, "http://phoenix/V1/traces/v1/traces", env(C)],
  ["suffix match is per segment", { [C]: "http://phoenix/v1/tracesfoo" }, undefined, "http://phoenix/v1/tracesfoo/v1/traces", env(C)],
  ["https without port", { [C]: "https://app.phoenix.example" }, undefined, "https://app.phoenix.example/v1/traces", env(C)],
  ["surrounding whitespace trimmed", { [C]: "  http://phoenix:6006 \n" }, undefined, "http://phoenix:6006/v1/traces", env(C)],
  ["scheme and host lower-cased", { [C]: "HTTP://Phoenix.Example:6006" }, undefined, "http://phoenix.example:6006/v1/traces", env(C)],
  ["default port dropped", { [C]: "http://phoenix:80" }, undefined, "http://phoenix/v1/traces", env(C)],
  ["IPv6 loopback", { [C]: "http://[::1]:6006" }, undefined, "http://[::1]:6006/v1/traces", env(C)],
  ["traces endpoint used verbatim", { [T]: "http://otel:4318/custom/path" }, undefined, "http://otel:4318/custom/path", env(T)],
  ["traces endpoint verbatim, bare host", { [T]: "http://otel" }, undefined, "http://otel/", env(T)],
  ["traces endpoint verbatim, not doubled", { [T]: "http://otel:4318/v1/traces" }, undefined, "http://otel:4318/v1/traces", env(T)],
  ["collector beats traces endpoint", { [C]: "http://c", [T]: "http://t/v1/traces" }, undefined, "http://c/v1/traces", env(C)],
  ["traces endpoint beats OTLP endpoint", { [T]: "http://t/x", [O]: "http://o" }, undefined, "http://t/x", env(T)],
  ["traces endpoint beats PHOENIX_ENDPOINT", { [T]: "http://t/x", [P]: "http://p" }, undefined, "http://t/x", env(T)],
  ["OTLP endpoint gets the suffix", { [O]: "http://otel:4318" }, undefined, "http://otel:4318/v1/traces", env(O)],
  ["OTLP endpoint with the suffix", { [O]: "http://otel:4318/v1/traces" }, undefined, "http://otel:4318/v1/traces", env(O)],
  ["collector beats OTLP endpoint", { [C]: "http://c", [O]: "http://o" }, undefined, "http://c/v1/traces", env(C)],
  ["OTLP endpoint beats PHOENIX_ENDPOINT", { [O]: "http://o", [P]: "http://p" }, undefined, "http://o/v1/traces", env(O)],
  ["PHOENIX_ENDPOINT alone", { [P]: "http://p:6006" }, undefined, "http://p:6006/v1/traces", env(P)],
  ["PHOENIX_ENDPOINT trailing slash", { [P]: "http://p:6006/" }, undefined, "http://p:6006/v1/traces", env(P)],
  ["collector beats PHOENIX_ENDPOINT", { [C]: "http://c", [P]: "http://p" }, undefined, "http://c/v1/traces", env(C)],
  ["empty collector counts as unset", { [C]: "", [P]: "http://p" }, undefined, "http://p/v1/traces", env(P)],
  ["whitespace collector counts as unset", { [C]: "   ", [O]: "http://o" }, undefined, "http://o/v1/traces", env(O)],
  ["empty traces endpoint counts as unset", { [T]: " ", [P]: "http://p" }, undefined, "http://p/v1/traces", env(P)],
  ["all empty -> default", { [C]: "", [T]: "", [O]: "", [P]: "" }, undefined, "http://localhost:6006/v1/traces", DEFAULT],
  ["PHOENIX_HOST/PHOENIX_PORT do not affect export", { PHOENIX_HOST: "h", PHOENIX_PORT: "7000" }, undefined, "http://localhost:6006/v1/traces", DEFAULT],
  ["PHOENIX_BASE_URL does not affect export", { PHOENIX_BASE_URL: "http://b:1" }, undefined, "http://localhost:6006/v1/traces", DEFAULT],
  ["option url beats every variable", { [C]: "http://c", [T]: "http://t", [O]: "http://o", [P]: "http://p" }, "http://u:1", "http://u:1/v1/traces", URL_OPTION],
  ["option url is normalized", {}, "http://u:1/prefix/v1/traces/", "http://u:1/prefix/v1/traces", URL_OPTION],
  ["empty option url falls through to env", { [C]: "http://c" }, "", "http://c/v1/traces", env(C)],
  ["whitespace option url falls through", {}, "  ", "http://localhost:6006/v1/traces", DEFAULT],
];

describe("endpoint resolution table", () => {
  it.each(rows)("%s", (_description, environment, url, expected, source) => {
    const config = resolveConfig(url === undefined ? {} : { url }, environment);
    expect(config.endpoint).toEqual({ value: expected, source });
  });

  it("has at least 30 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  it("normalization is idempotent", () => {
    for (const [, environment, url] of rows) {
      const once = resolveConfig(url === undefined ? {} : { url }, environment).endpoint.value;
      const twice = resolveConfig({ url: once }, {}).endpoint.value;
      // Verbatim values are only guaranteed stable when they already end in /v1/traces.
      if (once.endsWith("/v1/traces") || once.includes("/v1/traces?")) expect(twice).toBe(once);
    }
  });
});

function configError(run: () => unknown): PhoenixConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PhoenixConfigError);
    return error as PhoenixConfigError;
  }
  throw new Error("expected a PhoenixConfigError");
}

describe("endpoint errors name the source, show the value and say how to fix it", () => {
  it("host:port without a scheme (parsed by URL as the scheme 'localhost:')", () => {
    const err = configError(() => resolveConfig({}, { [C]: "localhost:6006" }));
    expect(err.code).toBe("ERR_PHOENIX_CONFIG");
    expect(err.source).toBe(C);
    expect(err.value).toBe("localhost:6006");
    expect(err.message).toBe(`PHOENIX_COLLECTOR_ENDPOINT="localhost:6006" has no scheme. Write the full URL, e.g. "http://localhost:6006".`);
  });

  it("IP:port without a scheme in the url option", () => {
    const err = configError(() => resolveConfig({ url: "127.0.0.1:6006" }, {}));
    expect(err.source).toBe("url");
    expect(err.message).toBe(`option \`url\`="127.0.0.1:6006" has no scheme. Write the full URL, e.g. "http://127.0.0.1:6006".`);
  });

  it("a bare host name", () => {
    const err = configError(() => resolveConfig({}, { [P]: "phoenix.example.com/base" }));
    expect(err.message).toBe(`PHOENIX_ENDPOINT="phoenix.example.com/base" has no scheme. Write the full URL, e.g. "http://phoenix.example.com/base".`);
  });

  it("a scheme other than http(s)", () => {
    const err = configError(() => resolveConfig({}, { [O]: "ftp://phoenix/x" }));
    expect(err.source).toBe(O);
    expect(err.message).toBe(
      `OTEL_EXPORTER_OTLP_ENDPOINT="ftp://phoenix/x" uses the scheme "ftp:". Phoenix receives traces over http:// or https://, e.g. "http://localhost:6006".`,
    );
  });

  it("grpc-style scheme on the verbatim variable", () => {
    const err = configError(() => resolveConfig({}, { [T]: "grpc://otel:4317" }));
    expect(err.source).toBe(T);
    expect(err.message).toContain(`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="grpc://otel:4317" uses the scheme "grpc:"`);
  });

  it("garbage", () => {
    const err = configError(() => resolveConfig({}, { [C]: "not a url at all" }));
    expect(err.message).toBe(`PHOENIX_COLLECTOR_ENDPOINT="not a url at all" is not a valid URL. Use a full URL such as "http://localhost:6006".`);
  });

  it("http:// without a host", () => {
    const err = configError(() => resolveConfig({ url: "http://" }, {}));
    expect(err.message).toBe(`option \`url\`="http://" is not a valid URL. Use a full URL such as "http://localhost:6006".`);
  });

  it("credentials in the URL are refused and never echoed", () => {
    const err = configError(() => resolveConfig({}, { [C]: "http://admin:hunter2-secret@phoenix:6006" }));
    expect(err.value).toBe("http://****@phoenix:6006/");
    expect(err.message).not.toContain("hunter2-secret");
    expect(err.message).toBe(
      "PHOENIX_COLLECTOR_ENDPOINT contains credentials (user:password@). They would be printed in diagnostics and are not how Phoenix " +
        "authenticates: remove them and set PHOENIX_API_KEY (or the `apiKey` option) instead.",
    );
  });

  it("a url option that is not a string", () => {
    const err = configError(() => resolveConfig({ url: 6006 as unknown as string }, {}));
    expect(err.message).toBe('option `url` must be a string such as "http://localhost:6006", got a number.');
  });

  it("an invalid higher-ranked variable is an error even when a lower one is valid", () => {
    const err = configError(() => resolveConfig({}, { [C]: "localhost:6006", [P]: "http://ok" }));
    expect(err.source).toBe(C);
  });
});

describe("a key pasted where a URL belongs is never echoed", () => {
  const jwt = `eyJ${generateToken(12)}.${generateToken(24)}.${generateToken(32)}`;
  const apiKey = generateApiKey(40);
  const leaks = (err: PhoenixConfigError, secret: string): boolean =>
    [err.message, String(err.value)].some((text) => text.includes(secret.slice(4, 20)) || text.includes(secret.slice(-16)));

  it.each([
    ["a JWT (a Phoenix API key) in PHOENIX_COLLECTOR_ENDPOINT", jwt],
    ["a random key in PHOENIX_COLLECTOR_ENDPOINT", apiKey],
    ["a JWT behind a scheme-less host", `phoenix:6006/${jwt}`],
  ])("%s", (_, value) => {
    const err = configError(() => resolveConfig({}, { [C]: value }));
    expect(err.source).toBe(C);
    expect(err.message).toMatch(/^PHOENIX_COLLECTOR_ENDPOINT=".*…\(\d+ chars\).*" (has no scheme|is not a valid URL)\./);
    expect(leaks(err, value.includes(jwt) ? jwt : apiKey)).toBe(false);
  });

  it("ensureCollectorEndpoint(url) masks it too", () => {
    let caught: unknown;
    try {
      ensureCollectorEndpoint(jwt);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PhoenixConfigError);
    expect(leaks(caught as PhoenixConfigError, jwt)).toBe(false);
  });

  it("host names and paths are still quoted as given", () => {
    const err = configError(() => resolveConfig({}, { [C]: "phoenix-collector-production-01.internal:6006/base" }));
    expect(err.message).toContain(`"http://phoenix-collector-production-01.internal:6006/base"`);
  });
});
