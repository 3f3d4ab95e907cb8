import { PhoenixConfigError } from "../../errors.js";
import { maskTokenLike } from "../../../../internal/src/secrets.js";
import { ENVIRONMENT, envValue, type EnvName } from "./environment.js";
import { describeSource, sourceName } from "./parse.js";
import type { ConfigSource, Env, Resolved } from "../types.js";

export const DEFAULT_ENDPOINT = ENVIRONMENT.PHOENIX_ENDPOINT.default;
const TRACES_PATH = "/v1/traces";

/** The endpoint chain, highest first. `verbatim` values are used as given (the OTLP spec's signal-specific variable). */
export const ENDPOINT_ENV_CHAIN: ReadonlyArray<{ name: EnvName; verbatim: boolean }> = [
  { name: "PHOENIX_COLLECTOR_ENDPOINT", verbatim: false },
  { name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", verbatim: true },
  { name: "OTEL_EXPORTER_OTLP_ENDPOINT", verbatim: false },
  { name: "PHOENIX_ENDPOINT", verbatim: false },
];

/** option `url` > PHOENIX_COLLECTOR_ENDPOINT > OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (verbatim) > OTEL_EXPORTER_OTLP_ENDPOINT > PHOENIX_ENDPOINT > default. */
export function resolveEndpoint(url: unknown, env: Env): Resolved<string> {
  if (url !== undefined && url !== null) {
    const source: ConfigSource = { from: "option", name: "url" };
    if (typeof url !== "string") {
      throw new PhoenixConfigError("url", String(url), `option \`url\` must be a string such as "http://localhost:6006", got a ${typeof url}.`);
    }
    if (url.trim() !== "") return { value: normalizeEndpoint(url.trim(), source), source };
  }
  for (const { name, verbatim } of ENDPOINT_ENV_CHAIN) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    const source: ConfigSource = { from: "env", name };
    return { value: verbatim ? parseHttpUrl(value, source).href : normalizeEndpoint(value, source), source };
  }
  return { value: DEFAULT_ENDPOINT + TRACES_PATH, source: { from: "default" } };
}

/**
 * Base URL or traces URL -> a URL whose path ends in exactly one `/v1/traces`.
 * Trailing slashes and repeated trailing `/v1/traces` segments collapse; a path prefix and the query are kept.
 */
export function normalizeEndpoint(value: string, source: ConfigSource): string {
  const url = parseHttpUrl(value, source);
  let path = url.pathname.replace(/\/+$/, "");
  while (/\/+v1\/traces$/.test(path)) path = path.replace(/\/+v1\/traces$/, "").replace(/\/+$/, "");
  url.pathname = path + TRACES_PATH;
  url.hash = "";
  return url.href;
}

function parseHttpUrl(value: string, source: ConfigSource): URL {
  // A key pasted into the URL variable is masked wherever the value is quoted back.
  const shown = maskTokenLike(value);
  const fail = (why: string, fix: string): never => {
    throw new PhoenixConfigError(sourceName(source), shown, `${describeSource(source)}=${JSON.stringify(shown)} ${why}. ${fix}`);
  };
  const example = `"http://localhost:6006"`;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // `localhost:6006` parses as the scheme "localhost:" and `127.0.0.1:6006` does not parse at all: both are a host without a scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && /^(\[[0-9a-f:.]+\]|[\w.-]+)(:\d+)?(\/\S*)?$/i.test(value)) {
    fail("has no scheme", `Write the full URL, e.g. ${JSON.stringify(`http://${shown}`)}.`);
  }
  if (url === undefined) fail("is not a valid URL", `Use a full URL such as ${example}.`);
  const parsed = url as URL;
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    fail(`uses the scheme "${parsed.protocol}"`, `Phoenix receives traces over http:// or https://, e.g. ${example}.`);
  }
  if (parsed.hostname === "") fail("has no host", `Use a full URL such as ${example}.`);
  if (parsed.username !== "" || parsed.password !== "") {
    throw new PhoenixConfigError(
      sourceName(source),
      `${parsed.protocol}//****@${parsed.host}${parsed.pathname}`,
      `${describeSource(source)} contains credentials (user:password@). They would be printed in diagnostics and are not how Phoenix ` +
        `authenticates: remove them and set PHOENIX_API_KEY (or the \`apiKey\` option) instead.`,
    );
  }
  return parsed;
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "::1";
}

/** Top-level domains that never resolve on the public internet (RFC 2606, RFC 6761): test hosts such as `phoenix.test`. */
const RESERVED_TLDS = ["test", "localhost", "example", "invalid"];

/**
 * Whether a key sent over plain http:// to `hostname` stays off the public network: loopback, or a name under a reserved
 * test TLD (`.test`, `.localhost`, `.example`, `.invalid`), which MSW or /etc/hosts serve locally.
 */
export function isPrivateTestHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  return isLoopbackHost(host) || RESERVED_TLDS.some((tld) => host === tld || host.endsWith(`.${tld}`));
}
