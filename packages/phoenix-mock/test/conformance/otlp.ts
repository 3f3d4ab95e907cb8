/**
 * OTLP/HTTP protobuf request bodies for the trace-ingest cases, made by the real OpenTelemetry SDK and the official
 * serializer (@opentelemetry/otlp-transformer), independently of the mock's own decoder.
 */
import { gzipSync, deflateSync } from "node:zlib";
import { context, trace, type Attributes } from "@opentelemetry/api";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

export interface SpanBatch {
  body: Uint8Array;
  traceId: string;
  spanIds: string[];
}

/** One trace of `names.length` spans (first is the parent) under a resource with the given project attribute. */
export async function exportRequest(options: {
  names: string[];
  project?: string;
  startSeconds?: number;
  /** More attributes for the root span, and one event on it (at +0.2 s with `startSeconds`). */
  rootAttributes?: Attributes;
  rootEvent?: { name: string; attributes: Attributes };
}): Promise<SpanBatch> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "conformance",
      ...(options.project ? { "openinference.project.name": options.project } : {}),
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("conformance");
  const [rootName = "root", ...childNames] = options.names;
  // With `startSeconds`, explicit microsecond times: the root at +0.000123 s, child i at +0.001234·(i+1) s.
  const at = (offset: number): [number, number] | undefined =>
    options.startSeconds === undefined ? undefined : [options.startSeconds, Math.round(offset * 1e9)];
  const root = tracer.startSpan(rootName, {
    attributes: { "openinference.span.kind": "CHAIN", "conformance.kind": "root", ...options.rootAttributes },
    startTime: at(0.000123),
  });
  if (options.rootEvent) root.addEvent(options.rootEvent.name, options.rootEvent.attributes, at(0.2));
  const parentContext = trace.setSpan(context.active(), root);
  childNames.forEach((name, i) => {
    const start = 0.001234 * (i + 1);
    tracer
      .startSpan(name, { attributes: { "openinference.span.kind": "LLM", "conformance.kind": "child" }, startTime: at(start) }, parentContext)
      .end(at(start + 0.000456));
  });
  root.end(at(0.5));
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  await provider.shutdown();
  if (!body) throw new Error("serializer returned nothing");
  return { body, traceId: root.spanContext().traceId, spanIds: spans.map((span) => span.spanContext().spanId) };
}

export const gzip = (body: Uint8Array): Uint8Array => new Uint8Array(gzipSync(body));
/** zlib-wrapped deflate, which is what Phoenix's `zlib.decompress` reads for `Content-Encoding: deflate`. */
export const deflate = (body: Uint8Array): Uint8Array => new Uint8Array(deflateSync(body));
