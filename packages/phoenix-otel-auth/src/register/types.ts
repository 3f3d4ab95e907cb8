import type { Attributes, DiagLogLevel } from "@opentelemetry/api";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import type { Resource } from "@opentelemetry/resources";
import type { Sampler, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";

/** Where diagnostics go. Defaults to stderr; never stdout (stdout belongs to the app). */
export interface PhoenixLogger {
  /** Receives every warning (a refused export, a configuration problem); required. */
  warn(message: string): void;
  /** Receives informational lines (`verbose: true`, `verify: true`); falls back to `warn`. */
  info?(message: string): void;
  /** Receives errors (OpenTelemetry's diag errors); falls back to `warn`. */
  error?(message: string): void;
}

/** An API key, or a (sync or async) function read on every export so a key can appear later. */
export type ApiKeyOption = string | (() => string | undefined | null | Promise<string | undefined | null>);

/** Batch span processor tuning; each field falls back to its `OTEL_BSP_*` variable, then the SDK default. */
export interface BatchOptions {
  /** `OTEL_BSP_MAX_QUEUE_SIZE`, default 2048. */
  maxQueueSize?: number;
  /** `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, default 512. */
  maxExportBatchSize?: number;
  /** `OTEL_BSP_SCHEDULE_DELAY`, default 5000 ms. */
  scheduledDelayMillis?: number;
  /** `OTEL_BSP_EXPORT_TIMEOUT`, default 30000 ms. */
  exportTimeoutMillis?: number;
}

/** Bounds of the holding buffer for spans rejected while no working key is in effect. */
export interface HoldOptions {
  /** Most spans held; the oldest are dropped beyond it. `PHOENIX_HOLD_MAX_SPANS`, default 10000; 0 disables holding. */
  maxSpans?: number;
  /** Held spans older than this are dropped. `PHOENIX_HOLD_MAX_AGE_MILLIS`, default 600000 (10 min); 0 disables holding. */
  maxAgeMillis?: number;
}

/** The options of `register()`. Every one is optional: code beats the environment, the environment beats the defaults. */
export interface RegisterOptions {
  /** Phoenix base URL or full traces URL. Default: the environment chain, then `http://localhost:6006`. */
  url?: string;
  /** Phoenix API key (`PHOENIX_API_KEY`). Sent as `authorization: Bearer <key>`. */
  apiKey?: ApiKeyOption;
  /**
   * A file holding the API key (`PHOENIX_API_KEY_FILE`), as container secrets are mounted: read trimmed, re-read when it
   * changes and after a 401/403. A missing file is reported once; spans are exported without a key until it appears.
   */
  apiKeyFile?: string;
  /**
   * Spans rejected with 401 (or 403 with a key that can change) are held and sent again once a different key is in effect.
   * Default `{ maxSpans: 10000, maxAgeMillis: 600000 }` (`PHOENIX_HOLD_MAX_SPANS`, `PHOENIX_HOLD_MAX_AGE_MILLIS`); `false` or 0 disables.
   */
  hold?: false | HoldOptions;
  /** Milliseconds since the epoch, for the holding buffer's age bound (inject a manual clock in tests). Default `Date.now`. */
  clock?: () => number;
  /** Extra request headers; merged case-insensitively over `PHOENIX_CLIENT_HEADERS`. */
  headers?: Record<string, string>;
  /** Phoenix project (`openinference.project.name`). Default: `PHOENIX_PROJECT`, `PHOENIX_PROJECT_NAME`, `default`. */
  projectName?: string;
  /** `service.name`. Default: `OTEL_SERVICE_NAME`, then the SDK default. */
  serviceName?: string;
  /** A resource merged over the SDK default and `OTEL_RESOURCE_ATTRIBUTES`. */
  resource?: Resource;
  /** Resource attributes merged over `resource`. */
  resourceAttributes?: Attributes;
  /** `true` (default) batches spans; `false` exports each span as it ends; an object tunes the batch processor. */
  batch?: boolean | BatchOptions;
  /**
   * Replaces the default Phoenix processor, as in `@arizeai/phoenix-otel`. A function receives register()'s counted,
   * failure-reporting exporter: `spanProcessors: ({ exporter }) => [new OpenInferenceBatchSpanProcessor({ exporter })]`.
   * `[]` exports nothing (warned once).
   */
  spanProcessors?: SpanProcessor[] | ((phoenix: { exporter: SpanExporter }) => SpanProcessor[]);
  /** Processors that run beside the span processors (the default Phoenix one, or `spanProcessors`). */
  extraSpanProcessors?: SpanProcessor[];
  /** Translate Vercel AI SDK spans into OpenInference in the default processor (`@arizeai/openinference-vercel`). Default `true`. */
  openInference?: boolean;
  /** Replaces the OTLP/HTTP exporter (failures are still counted and reported). */
  exporter?: SpanExporter;
  /** Default: `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, then parent-based always-on. */
  sampler?: Sampler;
  /** Default: `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION`, `OTEL_EXPORTER_OTLP_COMPRESSION`, then `none`. */
  compression?: "gzip" | "none";
  /** Export request timeout, retries included. Default: `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`, `OTEL_EXPORTER_OTLP_TIMEOUT`, 10000. */
  timeoutMillis?: number;
  /** Instrumentations to enable; they are disabled again by `shutdown()`. */
  instrumentations?: Instrumentation[];
  /**
   * Turn on every installed `@arizeai/openinference-instrumentation-*` package (found from the app's folder), each
   * once, as Phoenix's Python `register(auto_instrument=True)` does. Default `false` (PHOENIX_AUTO_INSTRUMENT).
   */
  autoInstrument?: boolean;
  /** Set the global tracer provider, context manager and propagators. Default `true`. */
  global?: boolean;
  /** `false` (or `OTEL_SDK_DISABLED=true`) returns a provider whose spans are non-recording; nothing is sent. */
  enabled?: boolean;
  /**
   * What a configuration that cannot work does (a scheme-less endpoint variable, a key with a line break, …).
   * `false` (default): tracing is turned off with one message naming the option or variable and the fix, and the app
   * runs on untraced (`provider.phoenix.configError` holds the error). `true`: register() throws the PhoenixConfigError.
   */
  strict?: boolean;
  /** Flush pending spans on `beforeExit`, `SIGTERM` and `SIGINT`. Default `true`. */
  flushOnExit?: boolean;
  /** Upper bound for an exit flush, in ms. Default 2000. */
  flushTimeoutMillis?: number;
  /** Check the endpoint and key in the background at startup and report the verdict. Default `false`. */
  verify?: boolean;
  /** Print a configuration summary (endpoint and its source, project, processor, masked headers). Default `false`. */
  verbose?: boolean;
  /** OpenTelemetry diagnostic logging (default: `OTEL_LOG_LEVEL`, else off). */
  diagLogLevel?: DiagLogLevel | DiagLogLevelName;
  /** Where warnings go. Default: stderr. */
  logger?: PhoenixLogger;
}

/** OpenTelemetry diag log levels by name (option `diagLogLevel`, variable `OTEL_LOG_LEVEL`). */
export type DiagLogLevelName = "none" | "error" | "warn" | "info" | "debug" | "verbose" | "all";

/** Where a resolved value came from. */
export type ConfigSource = { from: "option"; name: string } | { from: "env"; name: string } | { from: "default" };

/** A value `resolveConfig()` resolved, with where it came from. */
export interface Resolved<T> {
  /** The value in effect. */
  value: T;
  /** The option, the environment variable or the default it came from. */
  source: ConfigSource;
}

/** The environment as a plain object (`process.env` by default). */
export type Env = Readonly<Record<string, string | undefined>>;
