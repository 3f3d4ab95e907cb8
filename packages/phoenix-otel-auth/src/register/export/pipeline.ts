import { checkEntryArguments } from "../../args.js";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { PhoenixBatchProcessor } from "./batch.js";
import { resolveConfig, type ResolvedConfig } from "../config/resolve.js";
import { Credentials } from "../auth-gap/credentials.js";
import { failureContext, warnConfiguration } from "../report/display.js";
import { ExportReporter, PhoenixExporter, PhoenixSpanProcessor, type ExportStats } from "./exporter.js";
import { HoldingBuffer } from "../auth-gap/holding.js";
import { Redelivery } from "../auth-gap/redelivery.js";
import { Diagnostics } from "../report/logger.js";
import { QueueAccounting } from "./queue.js";
import { DEFAULT_MAX_PENDING_SPANS, LazyOpenInferenceSpanProcessor, translationLoadFailure } from "../translate/openinference.js";
import { createOtlpExporter } from "./otlp-exporter.js";
import { PhoenixTransport } from "./transport.js";
import type { Env, RegisterOptions } from "../types.js";

/** The counted, failure-reporting exporter and the default processor register() builds from one configuration. */
export interface Pipeline {
  config: ResolvedConfig;
  credentials: Credentials;
  reporter: ExportReporter;
  queue: QueueAccounting;
  exporter: PhoenixExporter;
  /** Spans rejected for their key: held, and sent again when a different key is in effect. */
  redelivery: Redelivery;
  /** The default processor: OpenInference translation (unless `openInference: false`), batching, queue bound. */
  processor: PhoenixSpanProcessor;
}

/** `unref`: the transport's sockets and timers do not hold the process (register()'s exit hooks hold it while they flush). */
export interface TransportSettings {
  env: Env;
  unref: boolean;
}

export function buildExporter(
  config: ResolvedConfig,
  options: RegisterOptions,
  diagnostics: Diagnostics,
  settings: TransportSettings,
): Pick<Pipeline, "credentials" | "reporter" | "queue" | "exporter" | "redelivery"> {
  const clock = options.clock ?? Date.now;
  const credentials = new Credentials(config, diagnostics, clock);
  const holding = new HoldingBuffer(config.hold.maxSpans.value, config.hold.maxAgeMillis.value, clock);
  const reporter = new ExportReporter(diagnostics, () => failureContext(config, credentials), () => redelivery.held);
  const queue = new QueueAccounting();
  const batch = config.batch;
  const redelivery: Redelivery = new Redelivery(holding, credentials, reporter, (spans) => exporter.resend(spans), {
    batchSize: batch ? batch.maxExportBatchSize.value : 512,
    checkMillis: batch ? batch.scheduledDelayMillis.value : 5000,
  });
  const transport = options.exporter
    ? undefined
    : new PhoenixTransport({
        url: config.endpoint.value,
        request: credentials.request,
        compression: config.compression.value === "gzip" ? "gzip" : "none",
        ...settings,
      });
  const exporter: PhoenixExporter = new PhoenixExporter(
    options.exporter ?? createOtlpExporter(transport!, config.endpoint.value, config.timeoutMillis.value),
    reporter,
    queue,
    transport,
    redelivery,
    { boundMillis: config.flushTimeoutMillis.value, stop: () => credentials.stop() },
  );
  credentials.start();
  return { credentials, reporter, queue, exporter, redelivery };
}

export function buildPipeline(config: ResolvedConfig, options: RegisterOptions, diagnostics: Diagnostics, settings: TransportSettings): Pipeline {
  const { credentials, reporter, queue, exporter, redelivery } = buildExporter(config, options, diagnostics, settings);
  const batch = config.batch;
  const maxPendingSpans = batch ? batch.maxQueueSize.value : DEFAULT_MAX_PENDING_SPANS;
  const inner = new LazyOpenInferenceSpanProcessor({
    exporter,
    batch: batch !== false,
    ...(batch && {
      bufferConfig: {
        maxQueueSize: batch.maxQueueSize.value,
        maxExportBatchSize: batch.maxExportBatchSize.value,
        scheduledDelayMillis: batch.scheduledDelayMillis.value,
        exportTimeoutMillis: batch.exportTimeoutMillis.value,
      },
    }),
    translate: options.openInference ?? true,
    ...(batch && {
      batchProcessor: (target: SpanExporter) =>
        new PhoenixBatchProcessor(target, {
          maxQueueSize: batch.maxQueueSize.value,
          maxExportBatchSize: batch.maxExportBatchSize.value,
          scheduledDelayMillis: batch.scheduledDelayMillis.value,
          exportTimeoutMillis: batch.exportTimeoutMillis.value,
        }),
    }),
    maxPendingSpans,
    onDrop: () => {
      // The span was queued by PhoenixSpanProcessor but will never reach the exporter.
      queue.discarded();
      reporter.queueFull(maxPendingSpans);
    },
    onLoadError: (error) => diagnostics.warnOnce("openinference-load-failed", translationLoadFailure(error)),
    onUntranslated: (span) =>
      diagnostics.warnOnce(
        "openinference-not-installed",
        `span "${span.name}" comes from the Vercel AI SDK (ai.* / gen_ai.* attributes), but @arizeai/openinference-vercel is not ` +
          "installed, so such spans reach Phoenix without OpenInference translation (no LLM, tool or agent kinds). " +
          "Install it: npm i @arizeai/openinference-vercel @opentelemetry/sdk-trace-base (the former imports the latter without " +
          "declaring it). Or pass `openInference: false` to send them as they are.",
      ),
  });
  const processor = new PhoenixSpanProcessor(inner, reporter, queue, batch ? batch.maxQueueSize.value : undefined, redelivery, () =>
    exporter.finish(),
  );
  return { config, credentials, reporter, queue, exporter, redelivery, processor };
}

/** Options of {@link createPhoenixExporter}: the connection and reporting subset of register()'s. */
export type PhoenixExporterOptions = Pick<
  RegisterOptions,
  "url" | "apiKey" | "headers" | "compression" | "timeoutMillis" | "exporter" | "logger"
>;

/** A SpanExporter to Phoenix that counts what it sends and reports auth and connection failures once. */
export interface PhoenixSpanExporter extends SpanExporter {
  /** Export counters, as `provider.phoenix.stats()`. */
  stats(): ExportStats;
}

/**
 * The exporter register() uses (OTLP/HTTP protobuf, `authorization: Bearer <key>`, failures counted and reported once),
 * for your own processor, e.g. `new OpenInferenceBatchSpanProcessor({ exporter: createPhoenixExporter() })`.
 * Reads the same options and environment variables as register(). Throws PhoenixConfigError for a configuration
 * that cannot work.
 */
export function createPhoenixExporter(options: PhoenixExporterOptions = {}, env: Env = process.env): PhoenixSpanExporter {
  checkEntryArguments("createPhoenixExporter", options, env);
  const diagnostics = new Diagnostics(options.logger);
  const config = resolveConfig(pickExporterOptions(options), env);
  warnConfiguration(diagnostics, config.warnings);
  const { exporter, reporter } = buildExporter(config, options, diagnostics, { env, unref: false });
  return Object.assign(exporter, { stats: () => reporter.snapshot() });
}

function pickExporterOptions(options: PhoenixExporterOptions): RegisterOptions {
  const { url, apiKey, headers, compression, timeoutMillis, exporter, logger } = options;
  return Object.fromEntries(
    Object.entries({ url, apiKey, headers, compression, timeoutMillis, exporter, logger }).filter(([, v]) => v !== undefined),
  ) as RegisterOptions;
}
