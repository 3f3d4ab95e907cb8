// Every environment variable register() reads, in one table: what it holds, the register() option that wins over it,
// and its default. The resolver reads variables only through envValue() (names outside this table do not type-check),
// takes its defaults from here, and the README's table is checked against this one (test/register/config/environment.test.ts).
// Why not @opentelemetry/core's getNumberFromEnv & co.: they drop a value that cannot work, where we throw a
// PhoenixConfigError naming it (the same test fails once they report it themselves).
import type { ConfigSource, Env } from "../types.js";

export interface EnvVariable {
  /** What the value is. */
  readonly holds: "url" | "secret" | "path" | "text" | "headers" | "key-value list" | "whole number" | "milliseconds" | "ratio" | "choice" | "flag";
  /** The register() option that wins over the variable, when there is one. */
  readonly option?: string;
  /** The value when neither the option nor the variable (nor one before it in its chain) is set. */
  readonly default?: string | number;
}

export const ENVIRONMENT = {
  // The endpoint: the first set of these four, in this order (option `url` first).
  PHOENIX_COLLECTOR_ENDPOINT: { holds: "url", option: "url" },
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: { holds: "url", option: "url" },
  OTEL_EXPORTER_OTLP_ENDPOINT: { holds: "url", option: "url" },
  PHOENIX_ENDPOINT: { holds: "url", option: "url", default: "http://localhost:6006" },
  // The key.
  PHOENIX_API_KEY_FILE: { holds: "path", option: "apiKeyFile" },
  PHOENIX_API_KEY: { holds: "secret", option: "apiKey" },
  PHOENIX_CLIENT_HEADERS: { holds: "headers", option: "headers" },
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: { holds: "headers", option: "headers" },
  OTEL_EXPORTER_OTLP_HEADERS: { holds: "headers", option: "headers" },
  // The holding buffer while no key is accepted.
  PHOENIX_HOLD_MAX_SPANS: { holds: "whole number", option: "hold", default: 10_000 },
  PHOENIX_HOLD_MAX_AGE_MILLIS: { holds: "milliseconds", option: "hold", default: 600_000 },
  // The resource.
  PHOENIX_PROJECT: { holds: "text", option: "projectName", default: "default" },
  PHOENIX_PROJECT_NAME: { holds: "text", option: "projectName", default: "default" },
  OTEL_SERVICE_NAME: { holds: "text", option: "serviceName" },
  OTEL_RESOURCE_ATTRIBUTES: { holds: "key-value list", option: "resource" },
  // Batching, sampling and the export.
  OTEL_BSP_MAX_QUEUE_SIZE: { holds: "whole number", option: "batch", default: 2048 },
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: { holds: "whole number", option: "batch", default: 512 },
  OTEL_BSP_SCHEDULE_DELAY: { holds: "milliseconds", option: "batch", default: 5000 },
  OTEL_BSP_EXPORT_TIMEOUT: { holds: "milliseconds", option: "batch", default: 30_000 },
  OTEL_TRACES_SAMPLER: { holds: "choice", option: "sampler", default: "parentbased_always_on" },
  OTEL_TRACES_SAMPLER_ARG: { holds: "ratio", option: "sampler", default: 1 },
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: { holds: "choice", option: "compression", default: "none" },
  OTEL_EXPORTER_OTLP_COMPRESSION: { holds: "choice", option: "compression", default: "none" },
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: { holds: "milliseconds", option: "timeoutMillis", default: 10_000 },
  OTEL_EXPORTER_OTLP_TIMEOUT: { holds: "milliseconds", option: "timeoutMillis", default: 10_000 },
  // Span limits (unset: the SDK's own defaults).
  OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: { holds: "whole number" },
  OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: { holds: "whole number" },
  OTEL_SPAN_EVENT_COUNT_LIMIT: { holds: "whole number" },
  OTEL_SPAN_LINK_COUNT_LIMIT: { holds: "whole number" },
  OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT: { holds: "whole number" },
  OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT: { holds: "whole number" },
  OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: { holds: "whole number" },
  OTEL_ATTRIBUTE_COUNT_LIMIT: { holds: "whole number" },
  // TLS files (the traces form first).
  OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: { holds: "path" },
  OTEL_EXPORTER_OTLP_CERTIFICATE: { holds: "path" },
  OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: { holds: "path" },
  OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: { holds: "path" },
  OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: { holds: "path" },
  OTEL_EXPORTER_OTLP_CLIENT_KEY: { holds: "path" },
  // Instrumentations for a setup without code (`node --import phoenix-otel-auth/register app.mjs`).
  PHOENIX_INSTRUMENTATIONS: { holds: "text", option: "instrumentations" },
  PHOENIX_AUTO_INSTRUMENT: { holds: "flag", option: "autoInstrument", default: "false" },
  // On and off, and OpenTelemetry's own diagnostics.
  OTEL_SDK_DISABLED: { holds: "flag", option: "enabled", default: "false" },
  OTEL_LOG_LEVEL: { holds: "choice", option: "diagLogLevel" },
  // Not ours: Next.js sets it in its server; the message about spans lost at exit then gives Next's fix.
  NEXT_RUNTIME: { holds: "text" },
  // Not ours: Node's. Its `--import`/`--loader` flags tell whether the ES-module loader hook can be in (esm-hook.ts).
  NODE_OPTIONS: { holds: "text" },
} as const satisfies Record<string, EnvVariable>;

export type EnvName = keyof typeof ENVIRONMENT;

/** The value of `name` in `env`, trimmed; empty or whitespace-only counts as unset. */
export function envValue(env: Env, name: EnvName): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The first of `names` that is set, with its value. */
export function firstSet(env: Env, names: readonly EnvName[]): { name: EnvName; value: string } | undefined {
  for (const name of names) {
    const value = envValue(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

export const fromEnv = (name: EnvName): ConfigSource => ({ from: "env", name });

/** The declared default of a numeric variable. */
export function numericDefault(name: EnvName): number {
  const value = (ENVIRONMENT[name] as EnvVariable).default;
  if (typeof value !== "number") throw new Error(`${name} has no numeric default in ENVIRONMENT`);
  return value;
}
