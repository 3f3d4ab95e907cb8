import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../src/register/config/resolve.js";
import { Credentials } from "../../../src/register/auth-gap/credentials.js";
import { Diagnostics } from "../../../src/register/report/logger.js";
import { buildExporter } from "../../../src/register/export/pipeline.js";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { phoenixAuth, startCaptureServer } from "../helpers/capture-server.js";
import { freshKey, recordingLogger } from "../helpers/util.js";

describe("Credentials", () => {
  it("a verify() snapshot between exports leaves the exports' 'key sent' state alone", async () => {
    const key = freshKey();
    let current: string | undefined = key;
    const config = resolveConfig({ url: "http://127.0.0.1:6006", apiKey: () => current }, {});
    const credentials = new Credentials(config, new Diagnostics(recordingLogger()));
    expect((await credentials.request()).headers.authorization).toBe(`Bearer ${key}`);
    expect(credentials.lastSentKey).toBe(true);
    current = undefined;
    const snapshot = await credentials.snapshot();
    expect(snapshot).toMatchObject({ headers: {}, keySent: false });
    expect(credentials.lastSentKey).toBe(true);
    await credentials.request();
    expect(credentials.lastSentKey).toBe(false);
  });

  it("exposes no writable 'key sent' field", () => {
    const config = resolveConfig({ url: "http://127.0.0.1:6006" }, {});
    const credentials = new Credentials(config, new Diagnostics(recordingLogger()));
    expect(() => Object.assign(credentials, { lastSentKey: true })).toThrow(TypeError);
  });

  it("30 concurrent exports, half without a key and half with a wrong one: each failure is judged by the key its own request carried", async () => {
    const server = await startCaptureServer();
    server.respond = phoenixAuth({ valid: () => [] }); // 401 "Invalid token" for a missing and for a wrong key alike
    let openGate: () => void = () => {};
    server.gate = new Promise<void>((resolve) => (openGate = resolve)); // no answer before all 30 requests are out
    const wrongKey = freshKey();
    let current: string | undefined;
    const config = resolveConfig({ url: server.url, apiKey: () => current, batch: false }, {});
    const logger = recordingLogger();
    const { exporter, reporter, redelivery, credentials } = buildExporter(config, {}, new Diagnostics(logger), { env: {}, unref: false });
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
    for (let i = 0; i < 30; i++) provider.getTracer("t").startSpan(`span-${i}`).end();
    const spans: ReadableSpan[] = memory.getFinishedSpans();
    const exportOne = (span: ReadableSpan) => new Promise<ExportResult>((resolve) => exporter.export([span], resolve));
    const arrived = async (n: number) => {
      while (server.requests.length < n) await new Promise((r) => setTimeout(r, 5));
    };
    const first = spans.slice(0, 15).map(exportOne); // no key yet
    await arrived(15);
    current = wrongKey; // then a wrong key, while the first 15 still wait for their answers
    const second = spans.slice(15).map(exportOne);
    await arrived(30);
    openGate();
    const results = await Promise.all([...first, ...second]);
    expect(results.every((r) => r.code === ExportResultCode.FAILED)).toBe(true);
    const carried = new Map(server.requests.map((r) => [r.spans[0]!.name, r.headers.authorization !== undefined]));
    expect([...carried.values()].filter(Boolean)).toHaveLength(15);
    // Every failure classified by its own request: "no key sent" exactly where the server saw no authorization header.
    spans.forEach((span, i) => expect(reporter.classify(results[i]!.error).kind, span.name).toBe(carried.get(span.name) ? "key-rejected" : "auth-required"));
    // Both kinds reported, once each; all 30 held; the rejected generation is the newest key's (redelivery will not retry it).
    expect(logger.lines.filter((l) => l.includes("no API key was sent"))).toHaveLength(1);
    expect(logger.lines.filter((l) => l.includes("was not accepted"))).toHaveLength(1);
    expect(redelivery.held).toBe(30);
    expect((redelivery as unknown as { buffer: { rejectedGeneration: number } }).buffer.rejectedGeneration).toBe(credentials.knownGeneration);
    credentials.stop();
    await exporter.shutdown();
    await server.close();
  });
});
