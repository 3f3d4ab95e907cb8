// The names @arizeai/phoenix-otel defines itself, compared with theirs where the meaning is the same.
import * as theirs from "@arizeai/phoenix-otel";
import { context, propagation, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { afterEach, describe, expect, it } from "vitest";
import { PhoenixConfigError } from "../../src/errors.js";
import {
  createNoOpProvider,
  ensureCollectorEndpoint,
  getDefaultSpanProcessor,
  objectAsAttributes,
} from "../../src/register/drop-in/compat.js";
import { attachGlobalTracerProvider, detachGlobalTracerProvider } from "../../src/register/process/globals.js";
import { LazyOpenInferenceSpanProcessor } from "../../src/register/translate/openinference.js";
import { register } from "../../src/register/register.js";
import { startCaptureServer } from "../register/helpers/capture-server.js";
import { freshKey } from "../register/helpers/util.js";

afterEach(() => {
  while (trace.getTracerProvider() && (globalThis as Record<symbol, { mounts: unknown[] } | undefined>)[Symbol.for("phoenix-otel-auth.global-mounts")]?.mounts.length) {
    detachGlobalTracerProvider();
  }
  trace.disable();
  context.disable();
  propagation.disable();
});

describe("ensureCollectorEndpoint", () => {
  const inputs = [
    "http://localhost:6006",
    "http://localhost:6006/",
    "http://localhost:6006/v1/traces",
    "http://localhost:6006/v1/traces/",
    "http://localhost:6006//v1/traces",
    "http://localhost:6006?x=1",
    "http://localhost:6006/V1/traces",
    "http://localhost:6006/v1/traces/tenant-a",
    "https://app.phoenix.arize.com/s/my-space",
    "https://app.phoenix.arize.com/s/my-space/v1/traces",
    "http://h/v1/tracesfoo",
    "http://h/prefix?q=/v1/traces",
  ];
  it.each(inputs)("%s: the same URL as @arizeai/phoenix-otel 2.1", (url) => {
    expect(ensureCollectorEndpoint(url)).toBe(theirs.ensureCollectorEndpoint(url));
  });
  it("an invalid URL is a PhoenixConfigError naming the argument (theirs: a bare TypeError)", () => {
    expect(() => theirs.ensureCollectorEndpoint("127.0.0.1:6006")).toThrow(TypeError);
    const error = (() => {
      try {
        ensureCollectorEndpoint("127.0.0.1:6006");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PhoenixConfigError);
    expect((error as PhoenixConfigError).message).toContain('ensureCollectorEndpoint(url): "127.0.0.1:6006" is not an absolute URL');
  });
});

describe("objectAsAttributes and createNoOpProvider", () => {
  it("objectAsAttributes drops null and keeps undefined, as theirs", () => {
    const input = { a: 1, b: null, c: undefined, d: "x" };
    expect(objectAsAttributes(input)).toEqual(theirs.objectAsAttributes(input));
    expect(Object.keys(objectAsAttributes(input))).toEqual(["a", "c", "d"]);
  });
  it("createNoOpProvider is an @opentelemetry/sdk-trace TracerProvider (as in 3.0) whose spans do not record (theirs records them)", () => {
    const provider = createNoOpProvider();
    expect(provider).toBeInstanceOf(TracerProvider);
    expect(provider.getTracer("t").startSpan("s").isRecording()).toBe(false);
    expect(theirs.createNoOpProvider().getTracer("t").startSpan("s").isRecording()).toBe(true);
  });
});

describe("attachGlobalTracerProvider / detachGlobalTracerProvider: a mount stack, as theirs", () => {
  const recording = () => {
    const memory = new InMemorySpanExporter();
    return { memory, provider: new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] }) };
  };
  const emit = () => trace.getTracer("t").startSpan("s").end();

  it("attach first, detach, attach second: spans go to the attached one only", () => {
    const a = recording();
    const b = recording();
    const first = attachGlobalTracerProvider(a.provider);
    emit();
    first.detach();
    attachGlobalTracerProvider(b.provider);
    emit();
    detachGlobalTracerProvider();
    expect([a.memory.getFinishedSpans().length, b.memory.getFinishedSpans().length]).toEqual([1, 1]);
  });

  it("a provider the app registered itself is restored when the mounts are gone", () => {
    const external = recording();
    trace.setGlobalTracerProvider(external.provider);
    const mounted = recording();
    attachGlobalTracerProvider(mounted.provider);
    emit();
    detachGlobalTracerProvider();
    emit();
    emit();
    expect([external.memory.getFinishedSpans().length, mounted.memory.getFinishedSpans().length]).toEqual([2, 1]);
  });

  it("out-of-order detach (bottom first) leaves the top active until it is detached", () => {
    const a = recording();
    const b = recording();
    const bottom = attachGlobalTracerProvider(a.provider);
    attachGlobalTracerProvider(b.provider);
    bottom.detach();
    emit();
    detachGlobalTracerProvider();
    emit();
    expect([a.memory.getFinishedSpans().length, b.memory.getFinishedSpans().length]).toEqual([0, 1]);
  });

  it("register({ global: true }) is a mount too; detachGlobalTracerProvider() pops it; with nothing mounted it leaves the app's globals alone", async () => {
    const server = await startCaptureServer();
    try {
      const provider = register({ url: server.url, flushOnExit: false }, {});
      expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(provider);
      detachGlobalTracerProvider();
      expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).not.toBe(provider);
      const external = recording();
      trace.setGlobalTracerProvider(external.provider);
      detachGlobalTracerProvider(); // theirs: wipes the app's provider
      emit();
      expect(external.memory.getFinishedSpans()).toHaveLength(1);
      await provider.shutdown();
    } finally {
      await server.close();
    }
  });
});

describe("getDefaultSpanProcessor and LazyOpenInferenceSpanProcessor", () => {
  it("getDefaultSpanProcessor() in your own provider exports to Phoenix with the key", async () => {
    const server = await startCaptureServer();
    try {
      const key = freshKey();
      const processor = getDefaultSpanProcessor({ url: server.url, apiKey: key, batch: false }, {});
      const provider = new NodeTracerProvider({ spanProcessors: [processor] });
      provider.getTracer("t").startSpan("own-provider").end();
      await provider.shutdown();
      expect(server.acceptedSpans().map((s) => s.name)).toEqual(["own-provider"]);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    } finally {
      await server.close();
    }
  });

  it("LazyOpenInferenceSpanProcessor: the load-time buffer is bounded; drops are counted and reported", async () => {
    const memory = new InMemorySpanExporter();
    const drops: number[] = [];
    const processor = new LazyOpenInferenceSpanProcessor({ exporter: memory, batch: false, maxPendingSpans: 2, onDrop: (max) => drops.push(max) });
    const provider = new NodeTracerProvider({ spanProcessors: [processor] });
    for (let i = 0; i < 4; i++) provider.getTracer("t").startSpan(`s${i}`).end();
    await provider.forceFlush();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(["s0", "s1"]);
    expect(processor.droppedSpans).toBe(2);
    expect(drops).toEqual([2, 2]);
    provider.getTracer("t").startSpan("after-load").end();
    await provider.forceFlush();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(["s0", "s1", "after-load"]);
    await provider.shutdown();
  });
});
