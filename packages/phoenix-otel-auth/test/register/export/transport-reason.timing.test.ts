import { describe, expect, it } from "vitest";

// The reason transport.ts is a copy, checked in time (a timing test: npm run test:stress and the OpenTelemetry 3 run, in CI; `npm test` asserts no time): a test
// that fails once OpenTelemetry's own transport bounds the whole answer.
describe("why transport.ts is not OpenTelemetry's own HTTP transport", () => {
  it("the stock OTLP exporter lets a server that drips its answer hold an export far past timeoutMillis (ours ends it at the deadline)", async () => {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
    const { startFaultServer } = await import("../helpers/fault-server.js");
    const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await import("@opentelemetry/sdk-trace");
    const memory = new InMemorySpanExporter();
    new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] }).getTracer("t").startSpan("one").end();
    const server = await startFaultServer(() => ({ kind: "drip", everyMs: 50 })); // gaps 20x shorter than the idle timeout, even on a loaded machine
    try {
      const exporter = new OTLPTraceExporter({ url: `${server.url}/v1/traces`, timeoutMillis: 1000 });
      const started = Date.now();
      const answered = new Promise<number>((resolve) => exporter.export(memory.getFinishedSpans(), () => resolve(Date.now() - started)));
      const waited = await Promise.race([answered, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 3_500))]);
      // When this fails, OpenTelemetry's transport bounds the whole answer: wrap it instead of PhoenixTransport
      // (which keeps Phoenix's retry policy, the exit bound and abortAll; test/register/export/exit-bounds.timing.test.ts).
      expect(waited).toBeGreaterThan(3_000); // three times timeoutMillis, and still no answer
      void exporter.shutdown().catch(() => undefined);
    } finally {
      await server.close();
    }
  });
});
