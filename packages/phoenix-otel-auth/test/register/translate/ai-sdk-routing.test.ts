import { context, diag, DiagLogLevel, ROOT_CONTEXT } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { setSession } from "../../../src/lazy/openinference-core.js";
import { handingOn, routeAiSdkSpans } from "../../../src/register/translate/ai-sdk-routing.js";

/** A processor that records what reaches it (and with which context at start). */
function recording() {
  const calls: Array<[string, string, unknown?]> = [];
  const processor: SpanProcessor = {
    onStart: (span, ctx) => void calls.push(["start", (span as unknown as ReadableSpan).name, ctx]),
    onEnd: (span) => void calls.push(["end", span.name]),
    forceFlush: async () => void calls.push(["flush", ""]),
    shutdown: async () => void calls.push(["shutdown", ""]),
  };
  return { processor, calls };
}

describe("routeAiSdkSpans: the translation is touched only by AI SDK spans", () => {
  const setup = () => {
    const translator = recording();
    const queue = recording();
    const routed = routeAiSdkSpans(translator.processor, queue.processor);
    const provider = new TracerProvider({ spanProcessors: [routed] });
    return { translator, queue, routed, tracer: provider.getTracer("t") };
  };

  it("ai.* and gen_ai.* spans go to the translator, every other span straight to the queue", () => {
    const { translator, queue, tracer } = setup();
    tracer.startSpan("ai.generateText", { attributes: { "ai.operationId": "ai.generateText" } }).end();
    tracer.startSpan("chat gpt", { attributes: { "gen_ai.operation.name": "chat" } }).end();
    tracer.startSpan("GET /", { attributes: { "http.method": "GET" } }).end();
    expect(translator.calls.map(([what, name]) => `${what} ${name}`)).toEqual(["start ai.generateText", "end ai.generateText", "start chat gpt", "end chat gpt"]);
    expect(queue.calls.map(([what, name]) => `${what} ${name}`)).toEqual(["start GET /", "end GET /"]);
  });

  it("when the context attributes cannot be read (openinference-core did not load), spans still start and go out, said once", () => {
    const translator = recording();
    const queue = recording();
    let reads = 0;
    const routed = routeAiSdkSpans(translator.processor, queue.processor, () => {
      reads++;
      throw new Error("Cannot find module as expression is too dynamic");
    });
    const errors: unknown[][] = [];
    diag.setLogger({ error: (...args: unknown[]) => void errors.push(args), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
    try {
      const tracer = new TracerProvider({ spanProcessors: [routed] }).getTracer("t");
      for (const name of ["GET /", "GET /again"]) tracer.startSpan(name).end();
    } finally {
      diag.disable();
    }
    expect(queue.calls.map(([what, name]) => `${what} ${name}`)).toEqual(["start GET /", "end GET /", "start GET /again", "end GET /again"]);
    expect([reads, errors.length]).toEqual([1, 1]);
    expect(String(errors[0]![0])).toContain("@arizeai/openinference-core could not be loaded");
  });

  it("a span that gains AI SDK attributes only later is translated at its end, started with no context", () => {
    const { translator, queue, tracer } = setup();
    const span = tracer.startSpan("late");
    span.setAttribute("ai.operationId", "ai.streamText");
    span.end();
    expect(translator.calls).toEqual([["start", "late", ROOT_CONTEXT], ["end", "late"]]);
    expect(queue.calls.map(([what, name]) => `${what} ${name}`)).toEqual(["start late"]);
  });

  it("other spans get the OpenInference context attributes at start, as the translator would give them", () => {
    const memory = new InMemorySpanExporter();
    const queue = new SimpleSpanProcessor({ exporter: memory });
    const provider = new TracerProvider({ spanProcessors: [routeAiSdkSpans(recording().processor, queue)] });
    const inSession = setSession(context.active(), { sessionId: "session-7" });
    provider.getTracer("t").startSpan("db.query", { attributes: { "db.statement": "select 1" } }, inSession).end();
    provider.getTracer("t").startSpan("no session").end();
    expect(memory.getFinishedSpans().map((s) => [s.name, s.attributes])).toEqual([
      ["db.query", { "db.statement": "select 1", "session.id": "session-7" }],
      ["no session", {}],
    ]);
  });

  it("the context's attributes are read once for spans that start from the same context, and again for another", () => {
    const memory = new InMemorySpanExporter();
    const reads: unknown[] = [];
    const readContext = (ctx: unknown) => (reads.push(ctx), ctx === ROOT_CONTEXT ? {} : { "session.id": String((ctx as { getValue(k: symbol): unknown }).getValue(KEY)) });
    const KEY = Symbol("session");
    const provider = new TracerProvider({ spanProcessors: [routeAiSdkSpans(recording().processor, new SimpleSpanProcessor({ exporter: memory }), readContext as never)] });
    const tracer = provider.getTracer("t");
    const [a, b] = [ROOT_CONTEXT.setValue(KEY, "a"), ROOT_CONTEXT.setValue(KEY, "b")];
    for (const ctx of [a, a, a, b, b, ROOT_CONTEXT, ROOT_CONTEXT, a]) tracer.startSpan("s", {}, ctx).end();
    expect(reads).toEqual([a, b, ROOT_CONTEXT, a]);
    expect(memory.getFinishedSpans().map((s) => s.attributes["session.id"] ?? null)).toEqual(["a", "a", "a", "b", "b", null, null, "a"]);
  });

  it("flush and shutdown go through the translator first, then the queue", async () => {
    const { translator, queue, routed } = setup();
    const order: string[] = [];
    translator.processor.forceFlush = async () => void order.push("translator flush");
    queue.processor.forceFlush = async () => void order.push("queue flush");
    translator.processor.shutdown = async () => void order.push("translator shutdown");
    queue.processor.shutdown = async () => void order.push("queue shutdown");
    await routed.forceFlush();
    await routed.shutdown();
    expect(order).toEqual(["translator flush", "queue flush", "translator shutdown", "queue shutdown"]);
  });
});


describe("handingOn: the translator has no batch stage of its own", () => {
  it("a translated AI SDK span reaches the queue during its end(), cleaned of empty attributes, never through the translator's exporter", async () => {
    const { OpenInferenceBatchSpanProcessor } = await import("@arizeai/openinference-vercel");
    const queue = recording();
    const exported: string[] = [];
    const translatorExporter = { export: (spans: ReadableSpan[], done: (r: { code: number }) => void) => (exported.push(...spans.map((s) => s.name)), done({ code: 0 })), shutdown: async () => {} };
    const translator = handingOn(new OpenInferenceBatchSpanProcessor({ exporter: translatorExporter, config: { scheduledDelayMillis: 0 } }), queue.processor);
    const tracer = new TracerProvider({ spanProcessors: [routeAiSdkSpans(translator, queue.processor)] }).getTracer("t");
    const span = tracer.startSpan("ai.generateText", { attributes: { "ai.operationId": "ai.generateText", "ai.model.id": "gpt-fake" } });
    span.end();
    // Synchronously: OTel's BatchSpanProcessorBase called _addToBuffer, which handingOn replaced. Were that gone, the
    // span would sit in the translator's buffer until its timer, and this would see nothing.
    expect(queue.calls.filter(([what]) => what === "end").map(([, name]) => name)).toEqual(["ai.generateText"]);
    const ended = (span as unknown as ReadableSpan).attributes;
    expect(ended["llm.model_name"]).toBe("gpt-fake"); // the translation ran
    // It set openinference.span.kind to undefined (a span kind it does not recognise): removed, not sent empty.
    expect(Object.keys(ended).sort()).toEqual(["ai.model.id", "ai.operationId", "llm.model_name"]);
    await translator.forceFlush();
    expect(exported).toEqual([]);
  });
});
