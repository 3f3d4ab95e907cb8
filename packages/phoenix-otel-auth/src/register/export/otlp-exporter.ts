import { createOtlpNetworkExportDelegate, ExporterMetrics, OTLPExporterBase } from "@opentelemetry/otlp-exporter-base";
import { ProtobufTraceSerializer, TraceExporterMetricsHelper } from "@opentelemetry/otlp-transformer";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { PhoenixTransport } from "./transport.js";

/** The OTLP/HTTP protobuf span exporter over PhoenixTransport: OTel's delegate (serializer, concurrency limit, response handling). */
export function createOtlpExporter(transport: PhoenixTransport, url: string, timeoutMillis: number): SpanExporter {
  const metrics = new ExporterMetrics({
    componentType: "otlp_http_span_exporter",
    metricsHelper: TraceExporterMetricsHelper,
    url,
    meterProvider: undefined,
    responseAttributesFromError: () => ({}),
  });
  const delegate = createOtlpNetworkExportDelegate(
    { timeoutMillis, concurrencyLimit: 30, compression: "none" },
    ProtobufTraceSerializer,
    metrics,
    transport,
  );
  return new OTLPExporterBase(delegate);
}
