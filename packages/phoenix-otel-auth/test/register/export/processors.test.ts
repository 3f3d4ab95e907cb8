// The spanProcessors rule: `spanProcessors` replaces the default Phoenix processor (as in @arizeai/phoenix-otel, so
// their README's own pattern never exports a span twice), `extraSpanProcessors` adds beside it, `[]` warns once.
import { OpenInferenceBatchSpanProcessor, OpenInferenceSimpleSpanProcessor } from "@arizeai/openinference-vercel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPhoenixExporter } from "../../../src/register/export/pipeline.js";
import { register } from "../../../src/register/register.js";
import { startCaptureServer, type CaptureServer } from "../helpers/capture-server.js";
import { freshKey, recordingLogger } from "../helpers/util.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

describe("spanProcessors replaces the default processor", () => {
  it("their README's pattern (OpenInferenceSimpleSpanProcessor + their own OTLPTraceExporter) sends each span once", async () => {
    const provider = register(
      {
        url: server.url,
        global: false,
        flushOnExit: false,
        spanProcessors: [new OpenInferenceSimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${server.url}/v1/traces` }) })],
      },
      {},
    );
    provider.getTracer("t").startSpan("once").end();
    await provider.shutdown();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["once"]);
    expect(server.requests).toHaveLength(1);
  });

  it("the function form hands over our counted exporter: spans in stats(), auth failures reported once", async () => {
    server.respond = () => ({ status: 401, body: "Invalid token" });
    const logger = recordingLogger();
    const provider = register(
      {
        url: server.url,
        apiKey: freshKey(),
        global: false,
        flushOnExit: false,
        logger,
        spanProcessors: ({ exporter }) => [new OpenInferenceBatchSpanProcessor({ exporter })],
      },
      {},
    );
    provider.getTracer("t").startSpan("a").end();
    provider.getTracer("t").startSpan("b").end();
    await provider.shutdown();
    expect(server.requests).toHaveLength(1);
    // Rejected for the key: held, and dropped at shutdown since no other key came.
    expect(provider.phoenix.stats()).toMatchObject({ exported: 0, rejected: 0, failedExports: 1, held: 0, heldDropped: 2 });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toContain("2 spans held: ");
    expect(logger.lines[0]).toContain("Held spans are kept");
    expect(logger.lines[1]).toContain("2 held spans dropped: the provider shut down before a working key was in effect");
  });

  it("spanProcessors: [] warns once that nothing will be exported", async () => {
    const logger = recordingLogger();
    const provider = register({ url: server.url, global: false, flushOnExit: false, logger, spanProcessors: [] }, {});
    provider.getTracer("t").startSpan("nowhere").end();
    await provider.shutdown();
    expect(server.requests).toEqual([]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain("spanProcessors is empty, so it replaces the Phoenix processor with nothing: no span will be exported");
  });

  it("extraSpanProcessors run beside spanProcessors too, and [] + extras does not warn", async () => {
    const logger = recordingLogger();
    const memory = new InMemorySpanExporter();
    const provider = register(
      { url: server.url, global: false, flushOnExit: false, logger, spanProcessors: [], extraSpanProcessors: [new SimpleSpanProcessor(memory)] },
      {},
    );
    provider.getTracer("t").startSpan("local").end();
    await provider.forceFlush();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(["local"]);
    await provider.shutdown();
    expect(server.requests).toEqual([]);
    expect(logger.lines).toEqual([]);
  });
});

describe("createPhoenixExporter", () => {
  it("a counted, reporting exporter for your own processor and provider", async () => {
    const key = freshKey();
    const logger = recordingLogger();
    const exporter = createPhoenixExporter({ url: server.url, apiKey: key, logger }, {});
    const provider = new NodeTracerProvider({ spanProcessors: [new OpenInferenceSimpleSpanProcessor({ exporter })] });
    provider.getTracer("t").startSpan("mine").end();
    await provider.forceFlush();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["mine"]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect(exporter.stats()).toMatchObject({ exported: 1, rejected: 0 });
    server.respond = () => ({ status: 401, body: "Invalid token" });
    provider.getTracer("t").startSpan("refused").end();
    await provider.shutdown();
    expect(exporter.stats()).toMatchObject({ exported: 1, rejected: 1 });
    expect(logger.text()).toContain("1 span rejected");
    expect(logger.text()).not.toContain(key);
  });
});
