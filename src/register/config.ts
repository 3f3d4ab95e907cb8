import { DiagLogLevel, type Attributes } from "@opentelemetry/api";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from "@opentelemetry/sdk-trace-base";
import { PhoenixConfigError } from "../errors.js";
import { maskSecret } from "../secrets.js";
import { isPrivateTestHost, resolveEndpoint } from "./endpoint.js";
import { checkHeaders, describeSource, envValue, parseHeaderText, parseInteger, parseKeyValueList, sourceName } from "./parse.js";
import type { ApiKeyOption, BatchOptions, ConfigSource, Env, RegisterOptions, Resolved } from "./types.js";

/** How the `authorization` header is produced. */
export type AuthorizationConfig =
  | { kind: "none" }
  /** A fixed header value (`Bearer <key>` or an explicit header), never printed. */
  | { kind: "static"; value: string; source: ConfigSource }
  /** `apiKey` is a function, read on every export. */
  | { kind: "dynamic"; read: Exclude<ApiKeyOption, string>; source: ConfigSource };

export interface ResolvedBatch {
  maxQueueSize: Resolved<number>;
  maxExportBatchSize: Resolved<number>;
  scheduledDelayMillis: Resolved<number>;
  exportTimeoutMillis: Resolved<number>;
}

/** register()'s configuration, each value with where it came from. Produced by the pure {@link resolveConfig}. */
export interface ResolvedConfig {
  enabled: Resolved<boolean>;
  /** The full traces URL the exporter posts to. */
  endpoint: Resolved<string>;
  authorization: AuthorizationConfig;
  /** Static headers other than `authorization`, names lower-cased. */
  headers: Record<string, Resolved<string>>;
  projectName: Resolved<string>;
  /** Undefined: the SDK default (`unknown_service:<process>`). */
  serviceName: Resolved<string | undefined>;
  /** Parsed `OTEL_RESOURCE_ATTRIBUTES`. */
  envResourceAttributes: Attributes;
  /** `false`: simple processor. */
  batch: ResolvedBatch | false;
  batchSource: ConfigSource;
  sampler: Resolved<Sampler>;
  compression: Resolved<"gzip" | "none">;
  timeoutMillis: Resolved<number>;
  diagLogLevel: Resolved<DiagLogLevel | undefined>;
  /** Upper bound of an exit flush. */
  flushTimeoutMillis: Resolved<number>;
  /** Warnings to show once, at register() time. */
  warnings: string[];
}

const option = (name: string): ConfigSource => ({ from: "option", name });
const fromEnv = (name: string): ConfigSource => ({ from: "env", name });
const DEFAULT: ConfigSource = { from: "default" };

/**
 * Resolves register() options against an environment. Pure: no I/O, no globals; `env` is a plain object.
 * Throws {@link PhoenixConfigError} for a value that cannot work, naming the option or variable.
 */
export function resolveConfig(options: RegisterOptions = {}, env: Env = process.env): ResolvedConfig {
  const warnings: string[] = [];
  const endpoint = resolveEndpoint(options.url, env);
  const { authorization, headers } = resolveHeaders(options, env, warnings);
  const insecure = new URL(endpoint.value);
  if (authorization.kind === "static" && insecure.protocol === "http:" && !isPrivateTestHost(insecure.hostname)) {
    warnings.push(cleartextWarning(endpoint.value));
  }
  return {
    enabled: resolveEnabled(options, env, warnings),
    endpoint,
    authorization,
    headers,
    projectName: resolveProjectName(options, env, warnings),
    serviceName: resolveServiceName(options, env),
    envResourceAttributes: resolveEnvResourceAttributes(env),
    ...resolveBatch(options, env),
    sampler: resolveSampler(options, env),
    compression: resolveCompression(options, env),
    timeoutMillis: firstOf(
      [
        ["timeoutMillis", options.timeoutMillis],
        ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", undefined],
        ["OTEL_EXPORTER_OTLP_TIMEOUT", undefined],
      ],
      env,
      10_000,
      (raw, source) => parseInteger(raw, source, 1, " (milliseconds)"),
    ),
    diagLogLevel: resolveDiagLogLevel(options, env),
    flushTimeoutMillis: firstOf([["flushTimeoutMillis", options.flushTimeoutMillis]], env, 2000, (raw, source) =>
      parseInteger(raw, source, 1, " (milliseconds)"),
    ),
    warnings,
  };
}

export function cleartextWarning(endpoint: string): string {
  const host = new URL(endpoint).host;
  return (
    `the API key (authorization header) is sent over plain http:// to ${host}, which is not this machine: anyone on the network path can read it. ` +
    `Use an https:// endpoint for remote Phoenix servers.`
  );
}

/** An option (if defined), else the first set env var in order, else the default; `parse` validates. */
function firstOf<T>(
  chain: Array<[name: string, optionValue: unknown]>,
  env: Env,
  fallback: T,
  parse: (raw: unknown, source: ConfigSource) => T,
): Resolved<T> {
  const [first, ...rest] = chain;
  if (first && first[1] !== undefined) return { value: parse(first[1], option(first[0])), source: option(first[0]) };
  for (const [name] of rest) {
    const raw = envValue(env, name);
    if (raw !== undefined) return { value: parse(raw, fromEnv(name)), source: fromEnv(name) };
  }
  return { value: fallback, source: DEFAULT };
}

function resolveEnabled(options: RegisterOptions, env: Env, warnings: string[]): Resolved<boolean> {
  if (options.enabled !== undefined) {
    if (typeof options.enabled !== "boolean") {
      throw new PhoenixConfigError("enabled", String(options.enabled), "option `enabled` must be true or false.");
    }
    return { value: options.enabled, source: option("enabled") };
  }
  const raw = envValue(env, "OTEL_SDK_DISABLED");
  if (raw === undefined) return { value: true, source: DEFAULT };
  if (raw.toLowerCase() === "true") return { value: false, source: fromEnv("OTEL_SDK_DISABLED") };
  if (raw.toLowerCase() !== "false") {
    warnings.push(`OTEL_SDK_DISABLED=${JSON.stringify(raw)} is neither "true" nor "false"; tracing stays on. Set it to "true" to turn tracing off.`);
  }
  return { value: true, source: fromEnv("OTEL_SDK_DISABLED") };
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
 * < option `headers` (case-insensitive). Authorization: option `headers` / option `apiKey` (both is an error)
 * > PHOENIX_CLIENT_HEADERS > PHOENIX_API_KEY > OTEL_EXPORTER_OTLP_(TRACES_)HEADERS.
 */
function resolveHeaders(
  options: RegisterOptions,
  env: Env,
  warnings: string[],
): { authorization: AuthorizationConfig; headers: Record<string, Resolved<string>> } {
  const layers: HeaderLayer[] = [];
  for (const name of ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"]) {
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

  if (headerAuth?.source.from === "option") {
    if (hasApiKeyOption) {
      throw new PhoenixConfigError(
        "apiKey",
        "****",
        "option `apiKey` and an `authorization` entry in option `headers` were both given; they would compete for the same header. " +
          "Pass only `apiKey` (preferred) or only the header.",
      );
    }
    return { kind: "static", value: headerAuth.value, source: headerAuth.source };
  }
  if (typeof apiKeyOption === "function") return { kind: "dynamic", read: apiKeyOption, source: option("apiKey") };
  if (hasApiKeyOption) return staticKey(apiKeyOption as string, option("apiKey"));

  const envKey = envValue(env, "PHOENIX_API_KEY");
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
  if (envKey !== undefined) return staticKey(envKey, fromEnv("PHOENIX_API_KEY"));
  if (headerAuth) return { kind: "static", value: headerAuth.value, source: headerAuth.source };
  return { kind: "none" };
}

function resolveProjectName(options: RegisterOptions, env: Env, warnings: string[]): Resolved<string> {
  if (options.projectName !== undefined && options.projectName !== null) {
    if (typeof options.projectName !== "string") {
      throw new PhoenixConfigError("projectName", String(options.projectName), "option `projectName` must be a string.");
    }
    if (options.projectName.trim() !== "") return { value: options.projectName.trim(), source: option("projectName") };
  }
  const canonical = envValue(env, "PHOENIX_PROJECT");
  const alias = envValue(env, "PHOENIX_PROJECT_NAME");
  if (canonical !== undefined && alias !== undefined && canonical !== alias) {
    warnings.push(`PHOENIX_PROJECT=${JSON.stringify(canonical)} and PHOENIX_PROJECT_NAME=${JSON.stringify(alias)} differ; PHOENIX_PROJECT is used.`);
  }
  if (canonical !== undefined) return { value: canonical, source: fromEnv("PHOENIX_PROJECT") };
  if (alias !== undefined) return { value: alias, source: fromEnv("PHOENIX_PROJECT_NAME") };
  return { value: "default", source: DEFAULT };
}

function resolveServiceName(options: RegisterOptions, env: Env): Resolved<string | undefined> {
  if (typeof options.serviceName === "string" && options.serviceName.trim() !== "") {
    return { value: options.serviceName.trim(), source: option("serviceName") };
  }
  if (options.serviceName !== undefined && typeof options.serviceName !== "string") {
    throw new PhoenixConfigError("serviceName", String(options.serviceName), "option `serviceName` must be a string.");
  }
  const fromVar = envValue(env, "OTEL_SERVICE_NAME");
  if (fromVar !== undefined) return { value: fromVar, source: fromEnv("OTEL_SERVICE_NAME") };
  return { value: undefined, source: DEFAULT };
}

function resolveEnvResourceAttributes(env: Env): Attributes {
  const raw = envValue(env, "OTEL_RESOURCE_ATTRIBUTES");
  if (raw === undefined) return {};
  return Object.fromEntries(parseKeyValueList(raw, fromEnv("OTEL_RESOURCE_ATTRIBUTES"), "resource attribute"));
}

const BATCH_FIELDS: Array<{ key: keyof BatchOptions; env: string; fallback: number; min: number; unit: string }> = [
  { key: "maxQueueSize", env: "OTEL_BSP_MAX_QUEUE_SIZE", fallback: 2048, min: 1, unit: "" },
  { key: "maxExportBatchSize", env: "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", fallback: 512, min: 1, unit: "" },
  { key: "scheduledDelayMillis", env: "OTEL_BSP_SCHEDULE_DELAY", fallback: 5000, min: 0, unit: " (milliseconds)" },
  { key: "exportTimeoutMillis", env: "OTEL_BSP_EXPORT_TIMEOUT", fallback: 30000, min: 1, unit: " (milliseconds)" },
];

function resolveBatch(options: RegisterOptions, env: Env): { batch: ResolvedBatch | false; batchSource: ConfigSource } {
  const opt = options.batch;
  if (opt === false) return { batch: false, batchSource: option("batch") };
  if (opt !== undefined && opt !== true && (opt === null || typeof opt !== "object")) {
    throw new PhoenixConfigError("batch", String(opt), "option `batch` must be true, false or an object of batch settings.");
  }
  const tuning: BatchOptions = typeof opt === "object" ? opt : {};
  const batch = {} as ResolvedBatch;
  for (const field of BATCH_FIELDS) {
    batch[field.key] = firstOf([[`batch.${field.key}`, tuning[field.key]], [field.env, undefined]], env, field.fallback, (raw, source) =>
      parseInteger(raw, source, field.min, field.unit),
    );
  }
  return { batch, batchSource: opt === undefined ? DEFAULT : option("batch") };
}

const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];

function resolveSampler(options: RegisterOptions, env: Env): Resolved<Sampler> {
  if (options.sampler !== undefined) {
    if (options.sampler === null || typeof (options.sampler as Sampler).shouldSample !== "function") {
      throw new PhoenixConfigError("sampler", String(options.sampler), "option `sampler` must be an OpenTelemetry Sampler (an object with shouldSample()).");
    }
    return { value: options.sampler, source: option("sampler") };
  }
  const raw = envValue(env, "OTEL_TRACES_SAMPLER");
  if (raw === undefined) return { value: new ParentBasedSampler({ root: new AlwaysOnSampler() }), source: DEFAULT };
  const source = fromEnv("OTEL_TRACES_SAMPLER");
  const ratio = (): number => {
    const arg = envValue(env, "OTEL_TRACES_SAMPLER_ARG");
    if (arg === undefined) return 1;
    const n = Number(arg);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      throw new PhoenixConfigError("OTEL_TRACES_SAMPLER_ARG", arg, `OTEL_TRACES_SAMPLER_ARG=${JSON.stringify(arg)} must be a number from 0 to 1 (the fraction of traces kept).`);
    }
    return n;
  };
  switch (raw.toLowerCase()) {
    case "always_on":
      return { value: new AlwaysOnSampler(), source };
    case "always_off":
      return { value: new AlwaysOffSampler(), source };
    case "traceidratio":
      return { value: new TraceIdRatioBasedSampler(ratio()), source };
    case "parentbased_always_on":
      return { value: new ParentBasedSampler({ root: new AlwaysOnSampler() }), source };
    case "parentbased_always_off":
      return { value: new ParentBasedSampler({ root: new AlwaysOffSampler() }), source };
    case "parentbased_traceidratio":
      return { value: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) }), source };
    default:
      throw new PhoenixConfigError(
        "OTEL_TRACES_SAMPLER",
        raw,
        `OTEL_TRACES_SAMPLER=${JSON.stringify(raw)} is not a sampler this SDK provides. Use one of: ${SAMPLERS.join(", ")}.`,
      );
  }
}

function resolveCompression(options: RegisterOptions, env: Env): Resolved<"gzip" | "none"> {
  return firstOf<"gzip" | "none">(
    [
      ["compression", options.compression],
      ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", undefined],
      ["OTEL_EXPORTER_OTLP_COMPRESSION", undefined],
    ],
    env,
    "none",
    (raw, source) => {
      const value = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
      if (value !== "gzip" && value !== "none") {
        throw new PhoenixConfigError(sourceName(source), String(raw), `${describeSource(source)} must be "gzip" or "none", got ${JSON.stringify(raw)}.`);
      }
      return value;
    },
  );
}

const DIAG_LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

function resolveDiagLogLevel(options: RegisterOptions, env: Env): Resolved<DiagLogLevel | undefined> {
  return firstOf<DiagLogLevel | undefined>([["diagLogLevel", options.diagLogLevel], ["OTEL_LOG_LEVEL", undefined]], env, undefined, (raw, source) => {
    if (typeof raw === "number" && Object.values(DIAG_LEVELS).includes(raw)) return raw as DiagLogLevel;
    const level = typeof raw === "string" ? DIAG_LEVELS[raw.trim().toLowerCase()] : undefined;
    if (level === undefined) {
      throw new PhoenixConfigError(
        sourceName(source),
        String(raw),
        `${describeSource(source)}=${JSON.stringify(raw)} is not a log level. Use one of: ${Object.keys(DIAG_LEVELS).join(", ")} (or a DiagLogLevel).`,
      );
    }
    return level;
  });
}
