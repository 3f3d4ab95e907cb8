import { PhoenixConfigError } from "../../errors.js";
import { maskSecret } from "../../../../internal/src/secrets.js";
import { envValue, fromEnv } from "./environment.js";
import { checkHeaders, describeSource, option, parseHeaderText, parseKeyValueList, sourceName } from "./parse.js";
import type { ApiKeyOption, ConfigSource, Env, RegisterOptions, Resolved } from "../types.js";

/** How the `authorization` header is produced. */
export type AuthorizationConfig =
  | { kind: "none" }
  /** A fixed header value (`Bearer <key>` or an explicit header), never printed. */
  | { kind: "static"; value: string; source: ConfigSource }
  /** `apiKey` is a function, read on every export. */
  | { kind: "dynamic"; read: Exclude<ApiKeyOption, string>; source: ConfigSource }
  /** The key is the (trimmed) content of a file, re-read when it changes (`apiKeyFile`, `PHOENIX_API_KEY_FILE`). */
  | { kind: "file"; path: string; source: ConfigSource };

export function cleartextWarning(endpoint: string): string {
  const host = new URL(endpoint).host;
  return (
    `the API key (authorization header) is sent over plain http:// to ${host}, which is not this machine: anyone on the network path can read it. ` +
    `Use an https:// endpoint for remote Phoenix servers.`
  );
}

/** A key, trimmed and stripped of a `Bearer ` prefix; throws if it cannot be sent as a bearer token. */
export function normalizeApiKey(raw: string, source: ConfigSource): { key: string; hadBearerPrefix: boolean } {
  let key = raw.trim();
  let hadBearerPrefix = false;
  if (/^bearer\s/i.test(key)) {
    key = key.replace(/^bearer\s+/i, "");
    hadBearerPrefix = true;
  }
  if (/[\s\x00-\x1f\x7f]/.test(key)) {
    throw new PhoenixConfigError(
      sourceName(source),
      maskSecret(key),
      `${describeSource(source)} contains whitespace or a control character inside the key (a pasted line break?). ` +
        `Copy the key again: an API key is a single token with no spaces.`,
    );
  }
  if (!/^[\x21-\x7e]*$/.test(key)) {
    throw new PhoenixConfigError(
      sourceName(source),
      maskSecret(key),
      `${describeSource(source)} contains non-ASCII characters, which cannot be sent in an HTTP header. Copy the key again.`,
    );
  }
  return { key, hadBearerPrefix };
}

export function bearerPrefixWarning(source: ConfigSource): string {
  return `${describeSource(source)} starts with "Bearer "; the prefix was removed (the key alone is expected, "Bearer " is added when sending).`;
}

type HeaderLayer = { source: ConfigSource; pairs: Array<[string, string]> };

/**
 * Headers, lowest precedence first: OTEL_EXPORTER_OTLP_HEADERS < OTEL_EXPORTER_OTLP_TRACES_HEADERS < PHOENIX_CLIENT_HEADERS
 * < option `headers` (case-insensitive). Authorization: option `headers` / `apiKey` / `apiKeyFile` (two of them is an error)
 * > PHOENIX_CLIENT_HEADERS > PHOENIX_API_KEY_FILE > PHOENIX_API_KEY > OTEL_EXPORTER_OTLP_(TRACES_)HEADERS.
 */
export function resolveHeaders(
  options: RegisterOptions,
  env: Env,
  warnings: string[],
): { authorization: AuthorizationConfig; headers: Record<string, Resolved<string>> } {
  const layers: HeaderLayer[] = [];
  for (const name of ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"] as const) {
    const raw = envValue(env, name);
    if (raw !== undefined) layers.push({ source: fromEnv(name), pairs: checkHeaders(parseKeyValueList(raw, fromEnv(name), "header"), fromEnv(name)) });
  }
  const clientHeadersRaw = envValue(env, "PHOENIX_CLIENT_HEADERS");
  if (clientHeadersRaw !== undefined) {
    layers.push({ source: fromEnv("PHOENIX_CLIENT_HEADERS"), pairs: parseHeaderText(clientHeadersRaw, fromEnv("PHOENIX_CLIENT_HEADERS")) });
  }
  if (options.headers !== undefined) {
    if (options.headers === null || typeof options.headers !== "object" || Array.isArray(options.headers)) {
      throw new PhoenixConfigError("headers", String(options.headers), "option `headers` must be an object of header names to string values.");
    }
    layers.push({ source: option("headers"), pairs: checkHeaders(Object.entries(options.headers), option("headers")) });
  }

  const merged: Record<string, Resolved<string>> = {};
  for (const layer of layers) {
    for (const [name, value] of layer.pairs) merged[name.toLowerCase()] = { value: value.trim(), source: layer.source };
  }
  const headerAuth = merged["authorization"];
  delete merged["authorization"];

  const authorization = resolveAuthorization(options, env, headerAuth, warnings);
  return { authorization, headers: merged };
}

function resolveAuthorization(
  options: RegisterOptions,
  env: Env,
  headerAuth: Resolved<string> | undefined,
  warnings: string[],
): AuthorizationConfig {
  const staticKey = (raw: string, source: ConfigSource): AuthorizationConfig => {
    const { key, hadBearerPrefix } = normalizeApiKey(raw, source);
    if (hadBearerPrefix) warnings.push(bearerPrefixWarning(source));
    if (key === "") return { kind: "none" };
    return { kind: "static", value: `Bearer ${key}`, source };
  };
  const apiKeyOption = options.apiKey;
  const hasApiKeyOption = typeof apiKeyOption === "function" || (typeof apiKeyOption === "string" && apiKeyOption.trim() !== "");
  if (apiKeyOption !== undefined && apiKeyOption !== null && typeof apiKeyOption !== "string" && typeof apiKeyOption !== "function") {
    throw new PhoenixConfigError("apiKey", "****", `option \`apiKey\` must be a string or a function returning one, got a ${typeof apiKeyOption}.`);
  }

  const fileOption = options.apiKeyFile;
  if (fileOption !== undefined && (typeof fileOption !== "string" || fileOption.trim() === "")) {
    throw new PhoenixConfigError(
      "apiKeyFile",
      String(fileOption),
      `option \`apiKeyFile\` must be the path of a file that holds the API key, got ${typeof fileOption === "string" ? "an empty string" : `a ${typeof fileOption}`}.`,
    );
  }
  const given = [
    hasApiKeyOption && "`apiKey`",
    fileOption !== undefined && "`apiKeyFile`",
    headerAuth?.source.from === "option" && "an `authorization` entry in option `headers`",
  ].filter((x): x is string => typeof x === "string");
  if (given.length > 1) {
    throw new PhoenixConfigError(
      fileOption !== undefined ? "apiKeyFile" : "apiKey",
      "****",
      `options ${given.join(" and ")} were both given; they would compete for the same header. Pass only one of them.`,
    );
  }
  if (headerAuth?.source.from === "option") return { kind: "static", value: headerAuth.value, source: headerAuth.source };
  if (typeof apiKeyOption === "function") return { kind: "dynamic", read: apiKeyOption, source: option("apiKey") };
  if (hasApiKeyOption) return staticKey(apiKeyOption as string, option("apiKey"));
  if (fileOption !== undefined) return { kind: "file", path: fileOption.trim(), source: option("apiKeyFile") };

  const envKey = envValue(env, "PHOENIX_API_KEY");
  const envFile = envValue(env, "PHOENIX_API_KEY_FILE");
  if (headerAuth?.source.from === "env" && headerAuth.source.name === "PHOENIX_CLIENT_HEADERS") {
    if (envKey !== undefined) {
      const fromKey = staticKey(envKey, fromEnv("PHOENIX_API_KEY"));
      if (fromKey.kind === "static" && fromKey.value !== headerAuth.value) {
        warnings.push(
          "PHOENIX_CLIENT_HEADERS and PHOENIX_API_KEY both set an authorization and they differ; the one in PHOENIX_CLIENT_HEADERS is used " +
            "(as in Phoenix's own clients). Remove one of them.",
        );
      }
    }
    return { kind: "static", value: headerAuth.value, source: headerAuth.source };
  }
  if (envFile !== undefined) {
    if (envKey !== undefined) {
      warnings.push("PHOENIX_API_KEY_FILE and PHOENIX_API_KEY are both set; the key is read from PHOENIX_API_KEY_FILE. Unset one of them.");
    }
    return { kind: "file", path: envFile, source: fromEnv("PHOENIX_API_KEY_FILE") };
  }
  if (envKey !== undefined) return staticKey(envKey, fromEnv("PHOENIX_API_KEY"));
  if (headerAuth) return { kind: "static", value: headerAuth.value, source: headerAuth.source };
  return { kind: "none" };
}
