import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tlsFromEnv } from "../../../src/register/export/transport.js";

describe("the TLS variables", () => {
  const dir = mkdtempSync(join(tmpdir(), "tls-env-"));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const general = file("general.pem", "general CA");
  const traces = file("traces.pem", "traces CA");

  it("the traces form wins, an empty one counts as unset, and each file is read", () => {
    expect(String(tlsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: traces, OTEL_EXPORTER_OTLP_CERTIFICATE: general }).ca)).toBe("traces CA");
    expect(String(tlsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: "  ", OTEL_EXPORTER_OTLP_CERTIFICATE: general }).ca)).toBe("general CA");
    const client = tlsFromEnv({ OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: file("cert.pem", "cert"), OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: file("key.pem", "key") });
    expect([String(client.cert), String(client.key), client.ca]).toEqual(["cert", "key", undefined]);
    expect(tlsFromEnv({})).toEqual({});
  });

  it("a file that cannot be read is left out", () => {
    expect(tlsFromEnv({ OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, "missing.pem") })).toEqual({});
  });
});

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
      // (which keeps Phoenix's retry policy, the exit bound and abortAll; test/register/export/faults.test.ts).
      expect(waited).toBeGreaterThan(3_000); // three times timeoutMillis, and still no answer
      void exporter.shutdown().catch(() => undefined);
    } finally {
      await server.close();
    }
  });
});
