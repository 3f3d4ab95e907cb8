import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import { otlpPackages } from "./node-modules.js";
import type { PhoenixTransport } from "./transport.js";

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
