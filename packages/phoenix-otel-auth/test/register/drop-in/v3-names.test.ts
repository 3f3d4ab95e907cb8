import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { BatchSpanProcessor, PhoenixConfigError, SimpleSpanProcessor, attachGlobalTracerProvider, detachGlobalTracerProvider, getTracer } from "../../../src/index.js";

// @arizeai/phoenix-otel 3.0's additions, as its release notes document them.
afterEach(() => {
  detachGlobalTracerProvider();
  detachGlobalTracerProvider();
});

const names = (exporter: InMemorySpanExporter) => exporter.getFinishedSpans().map((span) => span.name);

describe("BatchSpanProcessor and SimpleSpanProcessor", () => {
  it.each([
    ["BatchSpanProcessor({ exporter, ...config })", (exporter: InMemorySpanExporter) => new BatchSpanProcessor({ exporter, maxExportBatchSize: 10 })],
    ["BatchSpanProcessor(exporter, config) (2.x)", (exporter: InMemorySpanExporter) => new BatchSpanProcessor(exporter, { maxExportBatchSize: 10 })],
    ["SimpleSpanProcessor({ exporter })", (exporter: InMemorySpanExporter) => new SimpleSpanProcessor({ exporter })],
    ["SimpleSpanProcessor(exporter) (2.x)", (exporter: InMemorySpanExporter) => new SimpleSpanProcessor(exporter)],
  ])("new %s exports the provider's spans", async (_label, make) => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [make(exporter)] });
    provider.getTracer("t").startSpan("one").end();
    await provider.forceFlush();
    expect(names(exporter)).toEqual(["one"]);
    await provider.shutdown();
  });

  it("without an exporter: a PhoenixConfigError naming `exporter` and the form to use", () => {
    expect(() => new BatchSpanProcessor({} as never)).toThrow(PhoenixConfigError);
    expect(() => new SimpleSpanProcessor(undefined as never)).toThrow(/new SimpleSpanProcessor\(\): pass \{ exporter \}.*got undefined/);
  });
});

describe("getTracer(name)", () => {
  it("follows the global provider that is mounted now, where trace.getTracer() keeps the one it was made with", async () => {
    const [first, second] = [new InMemorySpanExporter(), new InMemorySpanExporter()];
    const a = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: first })] });
    const b = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: second })] });
    attachGlobalTracerProvider(a);
    const following = getTracer("app");
    const bound = trace.getTracer("app-bound");
    following.startSpan("before swap").end();
    bound.startSpan("bound before").end();
    attachGlobalTracerProvider(b);
    following.startSpan("after swap").end();
    following.startActiveSpan("active after swap", (span) => span.end());
    bound.startSpan("bound after").end();
    expect(names(first)).toEqual(["before swap", "bound before", "bound after"]);
    expect(names(second)).toEqual(["after swap", "active after swap"]);
  });

  it("is an OpenInference OITracer, as 2.1's getTracer (from @arizeai/openinference-core) is", async () => {
    const { OITracer } = await import("@arizeai/openinference-core");
    expect(getTracer("app")).toBeInstanceOf(OITracer);
  });
});
