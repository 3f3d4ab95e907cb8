// Shared by the bench/*.bench.mjs files: statistics, the result rows run.mjs turns into one table, and the OTLP
// request bodies every ingest benchmark sends (512 spans, 10 short string attributes each, fresh span ids per body).
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

export const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));
export const SPANS_PER_REQUEST = 512;
/** The documented span shape: 10 string attributes `attr.0`..`attr.9`, 20-character values. */
export const SPAN_ATTRIBUTES = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`attr.${i}`, `value-${i}-`.padEnd(20, "x")]));

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
export const summary = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/**
 * One line of the final table. `value`/`baseline`: summaries (or numbers); `ratio`: summary of the per-round ratios.
 * `goal`: { op: ">=" | "<", target, of: "ratio" | "value" }.
 */
export function row(fields) {
  process.stdout.write(`BENCHROW ${JSON.stringify(fields)}\n`);
}
export function skip(group, reason) {
  row({ group, name: "skipped", note: reason });
}
export const progress = (message) => process.stderr.write(`  ${message}\n`);

/** Per-round ratios of two equally long series (a[i] / b[i]). */
export const ratios = (a, b) => a.map((value, i) => value / b[i]);

/** Makes request bodies of `count` spans whose span ids never repeat within the process (`project` on the resource). */
export function bodyFactory(project = "bench", seed = 0, count = SPANS_PER_REQUEST) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "bench", "openinference.project.name": project }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("bench");
  for (let i = 0; i < count; i++) tracer.startSpan(`span-${i}`, { attributes: SPAN_ATTRIBUTES }).end();
  const spans = memory.getFinishedSpans();
  const template = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
  const offsets = spans.map((span) => template.indexOf(Buffer.from(span.spanContext().spanId, "hex")));
  let serial = seed;
  /** An uncompressed body; span id = (body serial, span index). */
  return () => {
    const body = Buffer.from(template);
    serial += 1;
    for (let i = 0; i < offsets.length; i++) {
      body.writeUInt32BE(serial, offsets[i]);
      body.writeUInt32BE(i, offsets[i] + 4);
    }
    return body;
  };
}
