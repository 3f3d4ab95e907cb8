/** Load helpers shared by the concurrency test (npm test) and its full-size run (test/stress). */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { expect } from "vitest";
import { bearer } from "../helpers.js";

/** One exporter (its own provider and connection pool) sending `count` spans; returns its own success counter. */
export async function exporter(url: string, key: string, id: number, count: number): Promise<number> {
  const otlp = new OTLPTraceExporter({ url: `${url}/v1/traces`, headers: bearer(key) });
  let exported = 0;
  const original = otlp.export.bind(otlp);
  otlp.export = (spans, done) => original(spans, (result) => ((exported += result.code === 0 ? spans.length : 0), done(result)));
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(otlp, { maxQueueSize: 2048, maxExportBatchSize: 256, scheduledDelayMillis: 10 })] });
  const tracer = provider.getTracer(`exporter-${id}`);
  // Flushed every 1,024 spans: the SDK's batch processor flushes every queued batch at once, and past the OTLP
  // exporter's 30 concurrent exports it fails the rest ("Concurrent export limit reached") — a client-side loss
  // that once looked like spans lost by the mock.
  for (let i = 0; i < count; i++) {
    tracer.startSpan(`e${id}-${i}`).end();
    if (i % 1024 === 1023) await provider.forceFlush();
  }
  await provider.shutdown();
  return exported;
}

/** Every span of the default project through the REST read-back, page by page (1000 a page). */
export async function readAll(url: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response: Response = await fetch(`${url}/v1/projects/default/spans?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, { headers: bearer(key) });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: { context: { span_id: string } }[]; next_cursor: string | null };
    ids.push(...page.data.map((s) => s.context.span_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}
