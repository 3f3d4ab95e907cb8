import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import type { MockPhoenix } from "../../../src/testing.js";
import { authMock, bearer, jsonInit, login } from "../helpers.js";

let mock: MockPhoenix | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** One exporter (its own provider and connection pool) sending `count` spans; returns its own success counter. */
async function exporter(url: string, key: string, id: number, count: number): Promise<number> {
  const otlp = new OTLPTraceExporter({ url: `${url}/v1/traces`, headers: bearer(key) });
  let exported = 0;
  const original = otlp.export.bind(otlp);
  otlp.export = (spans, done) => original(spans, (result) => ((exported += result.code === 0 ? spans.length : 0), done(result)));
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(otlp, { maxQueueSize: count, maxExportBatchSize: 256, scheduledDelayMillis: 10 })] });
  const tracer = provider.getTracer(`exporter-${id}`);
  for (let i = 0; i < count; i++) tracer.startSpan(`e${id}-${i}`).end();
  await provider.shutdown();
  return exported;
}

/** Every span of the default project through the REST read-back, page by page (1000 a page). */
async function readAll(url: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response: Response = await fetch(`${url}/v1/projects/default/spans?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, { headers: bearer(key) });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: { context: { span_id: string } }[]; next_cursor: string | null };
    ids.push(...page.data.map((s) => s.context.span_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

describe("no lost spans and no lost updates under concurrency (small; the full 16 × 10,000 run is in test:stress)", () => {
  it("4 exporters × 2,500 spans while admins log in and create users and system keys: all stored, all listed", async () => {
    mock = authMock({ disableRateLimit: true });
    const url = await mock.listen();
    const { key } = await mock.createSystemApiKey({ name: "ingest" });
    const send = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
    const admin = async (i: number) => {
      await login(send, "admin@localhost", "admin");
      const user = await send("/v1/users", jsonInit("POST", { user: { auth_method: "LOCAL", email: `u${i}@example.com`, username: `u${i}`, role: "MEMBER", password: "password1" } }, bearer(mock!.adminSecret)));
      expect(user.status).toBe(201);
      const created = await send("/v1/system/api_keys", jsonInit("POST", { data: { name: `k${i}` } }, bearer(mock!.adminSecret)));
      expect(created.status).toBe(201);
      return ((await created.json()) as { data: { id: string } }).data.id;
    };
    const [counters, keyIds] = await Promise.all([
      Promise.all([0, 1, 2, 3].map((id) => exporter(url, key, id, 2500))),
      Promise.all(Array.from({ length: 24 }, (_, i) => admin(i))),
    ]);
    expect(counters).toEqual([2500, 2500, 2500, 2500]);
    const stored = await readAll(url, key);
    expect(stored).toHaveLength(10_000);
    expect(new Set(stored).size).toBe(10_000);
    const listed = await send("/v1/system/api_keys", { headers: bearer(mock.adminSecret) });
    const ids = ((await listed.json()) as { data: { id: string }[] }).data.map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining(keyIds));
    expect(ids).toHaveLength(25);
  });
});
