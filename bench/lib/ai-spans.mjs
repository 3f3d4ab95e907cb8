// Real Vercel AI SDK spans for the tracing bench: the AI SDK app of the drop-in tests
// (packages/phoenix-otel-auth/test/compat/fixtures/ai-app.ts: generateText and streamText with a tool call, through the
// AI SDK's own mock model) runs once into an in-memory exporter; each round then replays those spans (names,
// attributes, status, events, parent links, start and end order) through the setup's tracer, so the translation and
// export are measured without the AI SDK's own work.
import { build } from "esbuild";
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { fileURLToPath, pathToFileURL } from "node:url";

export async function recordAiSpans() {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const outfile = `${root}bench/.cache/ai-app.mjs`;
  await build({
    entryPoints: [`${root}packages/phoenix-otel-auth/test/compat/fixtures/ai-app.ts`],
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outfile,
    logLevel: "error",
  });
  const { runAiApp } = await import(pathToFileURL(outfile).href);
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  await runAiApp(provider.getTracer("ai-app"));
  await provider.forceFlush();
  const spans = memory.getFinishedSpans(); // before shutdown(), which empties the in-memory exporter
  await provider.shutdown();
  const ns = ([s, n]) => s * 1e9 + n;
  const starts = [...spans].sort((a, b) => ns(a.startTime) - ns(b.startTime));
  const ends = spans.map((s) => s.spanContext().spanId); // the order they ended in
  return {
    count: spans.length,
    starts: starts.map((s) => ({
      id: s.spanContext().spanId,
      parent: s.parentSpanContext?.spanId ?? s.parentSpanId,
      name: s.name,
      kind: s.kind,
      attributes: { ...s.attributes },
      status: s.status,
      events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    })),
    ends,
  };
}

/** Replays the recorded spans through `tracer`: same tree, same start and end order. */
export function replay(tracer, recorded) {
  const live = new Map();
  const byId = new Map(recorded.starts.map((s) => [s.id, s]));
  const start = (s) => {
    if (live.has(s.id)) return live.get(s.id);
    // A parent starts before its children (start times can tie at the clock's resolution).
    const parent = s.parent && byId.has(s.parent) ? start(byId.get(s.parent)) : undefined;
    const span = tracer.startSpan(s.name, { kind: s.kind, attributes: s.attributes }, parent ? trace.setSpan(context.active(), parent) : context.active());
    live.set(s.id, span);
    return span;
  };
  for (const s of recorded.starts) start(s);
  for (const s of recorded.starts) {
    const span = live.get(s.id);
    for (const e of s.events) span.addEvent(e.name, e.attributes);
    if (s.status?.code) span.setStatus(s.status);
  }
  for (const id of recorded.ends) live.get(id).end();
}
