import { describe, expect, it } from "vitest";
import { PhoenixConfigError } from "../../../src/errors.js";
import { resolveConfig } from "../../../src/register/config/resolve.js";
import type { Env, RegisterOptions } from "../../../src/register/types.js";
import { freshKey } from "../helpers/util.js";

function configError(options: RegisterOptions, env: Env): PhoenixConfigError {
  try {
    resolveConfig(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(PhoenixConfigError);
    return error as PhoenixConfigError;
  }
  throw new Error("expected a PhoenixConfigError");
}

describe("key file precedence (README authorization table)", () => {
  const key = freshKey();

  it("PHOENIX_API_KEY_FILE is a file source, reported with its variable", () => {
    expect(resolveConfig({}, { PHOENIX_API_KEY_FILE: " /run/secrets/phoenix " }).authorization).toEqual({
      kind: "file",
      path: "/run/secrets/phoenix",
      source: { from: "env", name: "PHOENIX_API_KEY_FILE" },
    });
  });

  it("PHOENIX_API_KEY_FILE beats PHOENIX_API_KEY, with a warning that names both", () => {
    const config = resolveConfig({}, { PHOENIX_API_KEY_FILE: "/k", PHOENIX_API_KEY: key });
    expect(config.authorization).toMatchObject({ kind: "file", path: "/k" });
    expect(config.warnings).toEqual([
      "PHOENIX_API_KEY_FILE and PHOENIX_API_KEY are both set; the key is read from PHOENIX_API_KEY_FILE. Unset one of them.",
    ]);
    expect(config.warnings.join("")).not.toContain(key);
  });

  it("option apiKeyFile beats every variable; option apiKey beats PHOENIX_API_KEY_FILE", () => {
    expect(resolveConfig({ apiKeyFile: "/opt" }, { PHOENIX_API_KEY_FILE: "/env", PHOENIX_API_KEY: key }).authorization).toEqual({
      kind: "file",
      path: "/opt",
      source: { from: "option", name: "apiKeyFile" },
    });
    expect(resolveConfig({ apiKey: key }, { PHOENIX_API_KEY_FILE: "/env" }).authorization).toMatchObject({ kind: "static", source: { from: "option" } });
  });

  it("PHOENIX_CLIENT_HEADERS' authorization beats PHOENIX_API_KEY_FILE (as it beats PHOENIX_API_KEY)", () => {
    const config = resolveConfig({}, { PHOENIX_CLIENT_HEADERS: `authorization=Bearer%20${key}`, PHOENIX_API_KEY_FILE: "/env" });
    expect(config.authorization).toMatchObject({ kind: "static", source: { from: "env", name: "PHOENIX_CLIENT_HEADERS" } });
  });

  it("apiKey and apiKeyFile together are an error naming both, without the key", () => {
    const err = configError({ apiKey: key, apiKeyFile: "/k" }, {});
    expect(err.source).toBe("apiKeyFile");
    expect(err.message).toBe(
      "options `apiKey` and `apiKeyFile` were both given; they would compete for the same header. Pass only one of them.",
    );
  });

  it("an empty or non-string apiKeyFile is an error that says what is expected", () => {
    expect(configError({ apiKeyFile: " " }, {}).message).toBe(
      "option `apiKeyFile` must be the path of a file that holds the API key, got an empty string.",
    );
    expect(configError({ apiKeyFile: 3 as unknown as string }, {}).message).toContain("got a number");
  });
});

describe("hold bounds", () => {
  it("defaults: 10000 spans, 10 minutes", () => {
    const { hold } = resolveConfig({}, {});
    expect(hold).toEqual({ maxSpans: { value: 10_000, source: { from: "default" } }, maxAgeMillis: { value: 600_000, source: { from: "default" } } });
  });

  it("options beat PHOENIX_HOLD_MAX_SPANS / PHOENIX_HOLD_MAX_AGE_MILLIS; hold: false is 0", () => {
    const env = { PHOENIX_HOLD_MAX_SPANS: "50", PHOENIX_HOLD_MAX_AGE_MILLIS: "1000" };
    expect(resolveConfig({}, env).hold.maxSpans).toEqual({ value: 50, source: { from: "env", name: "PHOENIX_HOLD_MAX_SPANS" } });
    expect(resolveConfig({ hold: { maxSpans: 7 } }, env).hold).toMatchObject({ maxSpans: { value: 7 }, maxAgeMillis: { value: 1000 } });
    expect(resolveConfig({ hold: false }, env).hold).toMatchObject({ maxSpans: { value: 0 }, maxAgeMillis: { value: 0 } });
  });

  it("a bad bound names the variable and the value", () => {
    expect(configError({}, { PHOENIX_HOLD_MAX_SPANS: "-1" }).message).toBe(
      'PHOENIX_HOLD_MAX_SPANS must be a whole number >= 0 (spans; 0 disables holding), got "-1".',
    );
    expect(configError({ hold: "yes" as never }, {}).message).toBe("option `hold` must be false or an object { maxSpans, maxAgeMillis }.");
  });
});
