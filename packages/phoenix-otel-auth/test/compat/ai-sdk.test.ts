import { register as theirRegister } from "@arizeai/phoenix-otel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DecodedSpan } from "../../../../test/helpers/mock-internals.js";
import { register } from "../../src/register/register.js";
import { startCaptureServer, type CaptureServer } from "../register/helpers/capture-server.js";
import { finalTotals, recordingLogger } from "../register/helpers/util.js";
import { runAiApp } from "./fixtures/ai-app.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

const kind = (s: DecodedSpan) => s.attributes["openinference.span.kind"];
// What identifies a span's content, without ids, timings and durations (which differ per run).
const shape = (s: DecodedSpan) => ({
  name: s.name,
  kind: kind(s),
  keys: Object.keys(s.attributes).sort(),
  model: s.attributes["llm.model_name"],
  input: s.attributes["input.value"],
  output: s.attributes["output.value"],
  prompt: s.attributes["llm.token_count.prompt"],
  completion: s.attributes["llm.token_count.completion"],
});

describe("Vercel AI SDK spans are translated to OpenInference by the default processor", () => {
  it("generateText and streamText with a tool call: LLM, CHAIN/AGENT and TOOL spans, each once, counted in stats()", async () => {
    const provider = register({ url: server.url, global: false, flushOnExit: false }, {});
    expect(await runAiApp(provider.getTracer("ai-app"))).toEqual(["It is sunny in Paris.", "Sunny in Oslo."]);
    await provider.shutdown();
    const spans = server.acceptedSpans();
    // Per call: invoke_agent > step 1 > (chat, execute_tool), step 2 > chat.
    expect(spans).toHaveLength(12);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(12);
    expect(provider.phoenix.stats()).toMatchObject({ exported: 12, dropped: 0, rejected: 0, failedExports: 0 });
    expect(spans.map(kind).sort()).toEqual([...Array(4).fill("CHAIN"), ...Array(2).fill("AGENT"), ...Array(4).fill("LLM"), ...Array(2).fill("TOOL")].sort());

    const llm = spans.filter((s) => kind(s) === "LLM");
    expect(llm.map((s) => s.attributes["llm.model_name"]).sort()).toEqual([
      "mock-model-generate",
      "mock-model-generate",
      "mock-model-stream",
      "mock-model-stream",
    ]);
    expect(llm.map((s) => [s.attributes["llm.token_count.prompt"], s.attributes["llm.token_count.completion"]]).sort()).toEqual([
      [11, 7],
      [13, 5],
      [23, 9],
      [29, 4],
    ]);
    for (const s of [...llm, ...spans.filter((x) => kind(x) === "TOOL" || kind(x) === "AGENT")]) {
      expect(typeof s.attributes["input.value"], s.name).toBe("string");
      expect(typeof s.attributes["output.value"], s.name).toBe("string");
    }
    const tools = spans.filter((s) => kind(s) === "TOOL");
    expect(tools.map((s) => s.attributes["tool.name"])).toEqual(["weather", "weather"]);
    expect(tools.map((s) => JSON.parse(String(s.attributes["output.value"])).city).sort()).toEqual(["Oslo", "Paris"]);
    const agents = spans.filter((s) => kind(s) === "AGENT");
    expect(agents.map((s) => JSON.parse(String(s.attributes["output.value"]))[0].parts[0].content).sort()).toEqual([
      "It is sunny in Paris.",
      "Sunny in Oslo.",
    ]);
  });

  it("the same spans on the wire as @arizeai/phoenix-otel's default processor", async () => {
    const theirs = await startCaptureServer();
    try {
      const their = theirRegister({ url: theirs.url, global: false, projectName: "same" });
      await runAiApp(their.getTracer("ai-app"));
      await their.shutdown();
      const ours = register({ url: server.url, global: false, flushOnExit: false, projectName: "same" }, {});
      await runAiApp(ours.getTracer("ai-app"));
      await ours.shutdown();
      const sortKey = (s: ReturnType<typeof shape>) => JSON.stringify(s);
      const theirShapes = theirs.acceptedSpans().map(shape).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      const ourShapes = server.acceptedSpans().map(shape).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(theirShapes).toHaveLength(12);
      expect(ourShapes).toEqual(theirShapes);
    } finally {
      await theirs.close();
    }
  });

  // On the OpenTelemetry 3 run (scripts/test-otel3.sh) this file's @opentelemetry/api is 1.10 while theirs registers
  // through 1.9, whose context manager 1.10 does not read: the comparison needs one line.
  it.skipIf(process.env.OTEL3_DIR)("an app that mixes AI SDK spans with its own, in a session: the same spans on the wire as theirs (the fast path changes nothing)", async () => {
    const { context, trace } = await import("@opentelemetry/api");
    const { setSession } = await import("@arizeai/openinference-core");
    // Both load the translation with an asynchronous import() at register(); theirs does not replay what started
    // before it loaded, so each run starts once the (cached) module is in.
    await import("@arizeai/openinference-vercel");
    const run = async (provider: { getTracer(name: string): import("@opentelemetry/api").Tracer }) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const tracer = provider.getTracer("app");
      const outer = tracer.startSpan("POST /chat", { attributes: { "http.method": "POST" } });
      const inSession = trace.setSpan(setSession(context.active(), { sessionId: "session-1" }), outer);
      await context.with(inSession, async () => {
        tracer.startSpan("db.query", { attributes: { "db.statement": "select 1" } }).end();
        await runAiApp(provider.getTracer("ai-app"));
      });
      outer.end();
    };
    const theirs = await startCaptureServer();
    try {
      const their = theirRegister({ url: theirs.url, projectName: "same" });
      await run(their);
      await their.shutdown();
      const ours = register({ url: server.url, flushOnExit: false, projectName: "same" }, {});
      await run(ours);
      await ours.shutdown();
      const full = (s: DecodedSpan) => ({ ...shape(s), session: s.attributes["session.id"], status: s.status?.code ?? 0 });
      const sortKey = (s: ReturnType<typeof full>) => JSON.stringify(s);
      // The one documented difference (README, "Differences"): theirs sends `openinference.span.kind` with no value
      // on spans that are not AI SDK spans; ours leaves those spans as they were made.
      const withoutEmptyKind = (s: ReturnType<typeof full>) => (s.kind === null ? { ...s, kind: undefined, keys: s.keys.filter((k) => k !== "openinference.span.kind") } : s);
      const theirShapes = theirs.acceptedSpans().map(full).map(withoutEmptyKind).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      const ourShapes = server.acceptedSpans().map(full).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(theirShapes).toHaveLength(14);
      expect(theirs.acceptedSpans().filter((s) => s.attributes["openinference.span.kind"] === null).map((s) => s.name).sort()).toEqual(["POST /chat", "db.query"]);
      expect(theirShapes.filter((s) => s.session === "session-1").length).toBeGreaterThanOrEqual(2); // the app's own spans too
      expect(ourShapes).toEqual(theirShapes);
    } finally {
      await theirs.close();
    }
  });

  it("spans that are not AI SDK spans pass through unchanged", async () => {
    const provider = register({ url: server.url, global: false, flushOnExit: false }, {});
    const span = provider.getTracer("plain").startSpan("plain-work", { attributes: { "order.id": "o-1", n: 3 } });
    span.end();
    await provider.shutdown();
    const [got] = server.acceptedSpans();
    expect(got?.name).toBe("plain-work");
    expect(got?.attributes).toEqual({ "order.id": "o-1", n: 3 });
  });

  it("openInference: false exports AI SDK spans untranslated", async () => {
    const provider = register({ url: server.url, global: false, flushOnExit: false, openInference: false }, {});
    await runAiApp(provider.getTracer("ai-app"));
    await provider.shutdown();
    const spans = server.acceptedSpans();
    expect(spans).toHaveLength(12);
    expect(spans.filter((s) => kind(s) !== undefined || s.attributes["llm.model_name"] !== undefined)).toEqual([]);
  });

  it("spans that end while the translation loads are bounded by maxQueueSize; the excess is dropped, counted and reported once", async () => {
    const logger = recordingLogger();
    const provider = register({ url: server.url, global: false, flushOnExit: false, logger, batch: { maxQueueSize: 3 } }, {});
    const tracer = provider.getTracer("t");
    // Synchronously, so every span ends before the module load (a promise) has handed over.
    for (let i = 0; i < 5; i++) tracer.startSpan(`s${i}`).end();
    await provider.shutdown();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["s0", "s1", "s2"]);
    expect(provider.phoenix.stats()).toMatchObject({ exported: 3, dropped: 2 });
    expect(logger.lines).toEqual([expect.stringContaining("the span queue is full (3 spans waiting)"), finalTotals(provider.phoenix.stats())]);
  });
});
