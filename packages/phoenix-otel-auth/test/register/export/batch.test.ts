import { afterEach, describe, expect, it } from "vitest";
import { register } from "../../../src/index.js";
import { createMockPhoenix, type MockPhoenix } from "phoenix-mock";

let mock: MockPhoenix | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe("register()'s batch processor flushes a large queue without losing spans", () => {
  it("80 queued batches in one forceFlush: every span delivered (the OTLP exporter refuses more than 30 exports at once)", async () => {
    mock = createMockPhoenix();
    const url = await mock.listen();
    const warnings: string[] = [];
    const provider = register({
      url,
      global: false,
      flushOnExit: false,
      batch: { maxQueueSize: 40_960, maxExportBatchSize: 512, scheduledDelayMillis: 60_000 },
      logger: { warn: (m) => warnings.push(m), info: () => undefined, error: (m) => warnings.push(m) },
    });
    const tracer = provider.getTracer("burst");
    for (let i = 0; i < 40_960; i++) tracer.startSpan(`s${i}`).end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(mock.spans()).toHaveLength(40_960);
    expect(provider.phoenix.stats().exported).toBe(40_960);
    expect(provider.phoenix.stats().dropped).toBe(0);
    expect(warnings).toEqual([]);
  });
});
