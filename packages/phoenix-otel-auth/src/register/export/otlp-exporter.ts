import type * as ExporterBase from "@opentelemetry/otlp-exporter-base";
import type * as Transformer from "@opentelemetry/otlp-transformer";
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import { createRequire } from "node:module";
import { loadSync } from "../../lazy/stubs.js";
import type { PhoenixTransport } from "./transport.js";

// OTel's OTLP exporter parts load on the first export, not at start-up: importing these CommonJS packages from ESM on
// the 2.x line costs 2-5 ms of export-name scanning, for an exporter that has nothing to send yet.
const requireHere = createRequire(import.meta.url);
let loaded: { base: typeof ExporterBase; transformer: typeof Transformer } | undefined;
/** @opentelemetry/otlp-exporter-base and otlp-transformer, loaded once, as the app's own import would get them. */
export function otlpPackages(): { base: typeof ExporterBase; transformer: typeof Transformer } {
  loaded ??= {
    base: loadSync("@opentelemetry/otlp-exporter-base", () => requireHere("@opentelemetry/otlp-exporter-base")) as unknown as typeof ExporterBase,
    transformer: loadSync("@opentelemetry/otlp-transformer", () => requireHere("@opentelemetry/otlp-transformer")) as unknown as typeof Transformer,
  };
  return loaded;
}

/** The OTLP/HTTP protobuf span exporter over PhoenixTransport: OTel's delegate (serializer, concurrency limit, response handling). */
function build(transport: PhoenixTransport, url: string, timeoutMillis: number): SpanExporter {
  const { base, transformer } = otlpPackages();
  const metrics = new base.ExporterMetrics({
    componentType: "otlp_http_span_exporter",
    metricsHelper: transformer.TraceExporterMetricsHelper,
    url,
    meterProvider: undefined,
    responseAttributesFromError: () => ({}),
  });
  const delegate = base.createOtlpNetworkExportDelegate(
    { timeoutMillis, concurrencyLimit: 30, compression: "none" },
    transformer.ProtobufTraceSerializer,
    metrics,
    transport,
  );
  return new base.OTLPExporterBase(delegate);
}

/** That exporter, built on its first export (a flush or shutdown before it has nothing to do). */
export function createOtlpExporter(transport: PhoenixTransport, url: string, timeoutMillis: number): SpanExporter {
  let real: SpanExporter | undefined;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
      real ??= build(transport, url, timeoutMillis);
      real.export(spans, done);
    },
    forceFlush: async () => real?.forceFlush?.(),
    shutdown: async () => real?.shutdown(),
  };
}
