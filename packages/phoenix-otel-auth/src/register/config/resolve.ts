import { configEnv, configOptions } from "../../args.js";
import { DiagLogLevel, type Attributes } from "@opentelemetry/api";
import type { Sampler, SpanLimits } from "@opentelemetry/sdk-trace";
import { PhoenixConfigError } from "../../errors.js";
import { cleartextWarning, resolveHeaders, type AuthorizationConfig } from "./auth.js";
import { resolveBatch, resolveHold, resolveSampler, resolveSpanLimits, type ResolvedBatch, type ResolvedHold } from "./pipeline.js";
import { isPrivateTestHost, resolveEndpoint } from "./endpoint.js";
import { ENVIRONMENT, envValue, fromEnv, numericDefault } from "./environment.js";
import { misspelledVariables } from "./typos.js";
import { DEFAULT, describeSource, firstOf, option, parseInteger, parseKeyValueList, sourceName } from "./parse.js";
import type { ConfigSource, Env, RegisterOptions, Resolved } from "../types.js";

export { bearerPrefixWarning, cleartextWarning, normalizeApiKey, type AuthorizationConfig } from "./auth.js";
export type { ResolvedBatch, ResolvedHold } from "./pipeline.js";

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
  /** The holding buffer for spans rejected with 401/403. */
  hold: ResolvedHold;
  sampler: Resolved<Sampler>;
  /** Span limits from `OTEL_SPAN_*` / `OTEL_ATTRIBUTE_*` (only those set; the SDK's defaults apply to the rest). */
  spanLimits: { [K in keyof SpanLimits]?: Resolved<number> };
  compression: Resolved<"gzip" | "none">;
  timeoutMillis: Resolved<number>;
  diagLogLevel: Resolved<DiagLogLevel | undefined>;
  /** Upper bound of an exit flush. */
  flushTimeoutMillis: Resolved<number>;
  /** Instrumentation packages named in PHOENIX_INSTRUMENTATIONS (loaded by register(), instrument/load.ts). */
  instrumentationPackages: Resolved<string[]>;
  /** Whether the installed `@arizeai/openinference-instrumentation-*` packages are turned on. */
  autoInstrument: Resolved<boolean>;
  /** Warnings to show once, at register() time. */
  warnings: string[];
}


/**
 * Resolves register() options against an environment. Pure: no I/O, no globals; `env` is a plain object.
 * Throws {@link PhoenixConfigError} for a value that cannot work, naming the option or variable.
 */
export function resolveConfig(options: RegisterOptions = {}, env: Env = process.env): ResolvedConfig {
  configOptions("resolveConfig", "options", options);
  configEnv("resolveConfig", env);
  const warnings: string[] = [];
  for (const { name, meant } of misspelledVariables(env)) {
    warnings.push(`${name} is set, but it is not a variable this package reads (it is ignored): did you mean ${meant}?`);
  }
  const endpoint = resolveEndpoint(options.url, env);
  const { authorization, headers } = resolveHeaders(options, env, warnings);
  const unread = Object.keys(headers).find((name) => name === "api_key" || name === "api-key");
  if (unread !== undefined && authorization.kind === "none") {
    warnings.push(
      `${describeSource(headers[unread]!.source)} sends the key in a header named "${unread}", which Phoenix does not read (it is the ` +
        "legacy form of Phoenix Cloud): with no authorization header, a Phoenix with authentication on refuses the spans as sent without " +
        "a key. Set PHOENIX_API_KEY to the key instead (sent as authorization: Bearer <key>).",
    );
  }
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
    hold: resolveHold(options, env),
    sampler: resolveSampler(options, env),
    spanLimits: resolveSpanLimits(env),
    compression: resolveCompression(options, env),
    timeoutMillis: firstOf(
      ["timeoutMillis", options.timeoutMillis],
      ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"],
      env,
      numericDefault("OTEL_EXPORTER_OTLP_TIMEOUT"),
      (raw, source) => parseInteger(raw, source, 1, " (milliseconds)"),
    ),
    diagLogLevel: resolveDiagLogLevel(options, env),
    flushTimeoutMillis: firstOf(["flushTimeoutMillis", options.flushTimeoutMillis], [], env, 2000, (raw, source) =>
      parseInteger(raw, source, 1, " (milliseconds)"),
    ),
    instrumentationPackages: resolveInstrumentationPackages(env),
    autoInstrument: firstOf(["autoInstrument", options.autoInstrument], ["PHOENIX_AUTO_INSTRUMENT"], env, false, (raw, source) => {
      const value = typeof raw === "string" ? raw.toLowerCase() : raw;
      if (value === true || value === "true") return true;
      if (value === false || value === "false") return false;
      throw new PhoenixConfigError(sourceName(source), String(raw), `${describeSource(source)} must be true or false, got ${JSON.stringify(raw)}.`);
    }),
    warnings,
  };
}

function resolveInstrumentationPackages(env: Env): Resolved<string[]> {
  const raw = envValue(env, "PHOENIX_INSTRUMENTATIONS");
  if (raw === undefined) return { value: [], source: DEFAULT };
  const names = [...new Set(raw.split(",").map((name) => name.trim()).filter((name) => name !== ""))];
  const bad = names.find((name) => !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name));
  if (bad !== undefined) {
    throw new PhoenixConfigError("PHOENIX_INSTRUMENTATIONS", raw, `PHOENIX_INSTRUMENTATIONS must list package names separated by commas, e.g. "@opentelemetry/instrumentation-http,@opentelemetry/instrumentation-express"; ${JSON.stringify(bad)} is not a package name.`);
  }
  return { value: names, source: fromEnv("PHOENIX_INSTRUMENTATIONS") };
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
  return { value: ENVIRONMENT.PHOENIX_PROJECT.default, source: DEFAULT };
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


function resolveCompression(options: RegisterOptions, env: Env): Resolved<"gzip" | "none"> {
  return firstOf<"gzip" | "none">(
    ["compression", options.compression],
    ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"],
    env,
    ENVIRONMENT.OTEL_EXPORTER_OTLP_COMPRESSION.default,
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
  return firstOf<DiagLogLevel | undefined>(["diagLogLevel", options.diagLogLevel], ["OTEL_LOG_LEVEL"], env, undefined, (raw, source) => {
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