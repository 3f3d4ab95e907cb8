import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import type { MockPhoenix } from "../src/index.js";
import { MockUsageError, createMockPhoenix } from "../src/index.js";
import { authMock, generateSecret } from "./helpers.js";

/** Sends real spans through the real OTLP/HTTP protobuf exporter. */
async function exportSpans(
  url: string,
  names: string[],
  options: { headers?: Record<string, string>; resource?: Record<string, string> } = {},
): Promise<{ code: number; error?: Error }> {
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces`, headers: options.headers ?? {} });
  const results: { code: number; error?: Error }[] = [];
  const original = exporter.export.bind(exporter);
  exporter.export = (spans, done) => original(spans, (result) => (results.push(result), done(result)));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(options.resource ?? {}),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("ingest-test");
  for (const name of names) {
    const span = tracer.startSpan(name, { attributes: { "openinference.span.kind": "CHAIN", "test.count": 3 } });
    span.end();
  }
  // A failed export also reaches the SDK's error path; the result captured above is what the test checks.
  await provider.forceFlush().catch(() => {});
  await provider.shutdown().catch(() => {});
  return results.at(-1)!;
}

let mock: MockPhoenix | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe("OTLP ingest through the real exporter over a real socket", () => {
  it("stores decoded spans under the resource's project and reads them back over REST", async () => {
    mock = authMock();
    const url = await mock.listen();
    const { key } = await mock.createSystemApiKey({ name: "ingest" });
    const arrived = mock.waitForSpans({ count: 2, project: "ingest-proj" });
    const result = await exportSpans(url, ["first", "second"], {
      headers: { authorization: `Bearer ${key}` },
      resource: { "openinference.project.name": "ingest-proj", "service.name": "svc" },
    });
    expect(result.code).toBe(0);
    const spans = await arrived;
    expect(spans.map((s) => s.name)).toEqual(["first", "second"]);
    expect(spans[0]).toMatchObject({
      project: "ingest-proj",
      kind: "SPAN_KIND_INTERNAL",
      attributes: { "openinference.span.kind": "CHAIN", "test.count": 3 },
      resource: { attributes: { "service.name": "svc", "openinference.project.name": "ingest-proj" } },
      scope: { name: "ingest-test" },
    });
    expect(spans[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(mock.requests.at(-1)).toMatchObject({ method: "POST", path: "/v1/traces", status: 200, principal: "api-key" });

    const rest = await fetch(`${url}/v1/projects/ingest-proj/spans`, { headers: { authorization: `Bearer ${key}` } });
    expect(rest.status).toBe(200);
    const body = (await rest.json()) as { data: { name: string; span_kind: string; attributes: object; context: object }[]; next_cursor: null };
    expect(body.data.map((s) => s.name)).toEqual(["second", "first"]);
    expect(body.data[0]).toMatchObject({ span_kind: "CHAIN", attributes: { "test.count": 3 }, context: { span_id: spans[1]!.spanId } });
    expect(body.next_cursor).toBeNull();
  });

  it("rejects an export without a key with 401 and stores nothing", async () => {
    mock = authMock();
    const url = await mock.listen();
    const result = await exportSpans(url, ["lost"]);
    expect(result.code).toBe(1);
    expect(String(result.error)).toMatch(/401|Unauthorized/);
    expect(mock.spans()).toEqual([]);
    expect(mock.requests.at(-1)).toMatchObject({ path: "/v1/traces", status: 401, principal: "anonymous" });
  });

  it("accepts anyone with auth off and files spans without a project attribute under default", async () => {
    mock = createMockPhoenix();
    const url = await mock.listen();
    const result = await exportSpans(url, ["open"]);
    expect(result.code).toBe(0);
    expect(mock.spans({ project: "default" }).map((s) => s.name)).toEqual(["open"]);
  });

  it("waitForSpans rejects with the count that arrived, and says no export reached the mock", async () => {
    mock = createMockPhoenix();
    await expect(mock.waitForSpans({ count: 3, timeoutMs: 20 })).rejects.toThrow(
      "waitForSpans: expected 3 span(s) within 20 ms, but 0 arrived. No POST /v1/traces reached the mock: spans are batched",
    );
  });

  it("waitForSpans explains a timeout from the request log: rejected exports and spans in other projects", async () => {
    mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
    const url = await mock.listen();
    expect((await exportSpans(url, ["no-key"])).code).toBe(1);
    const { key } = await mock.createSystemApiKey();
    expect((await exportSpans(url, ["elsewhere"], { headers: { authorization: `Bearer ${key}` } })).code).toBe(0);
    const error = await mock.waitForSpans({ count: 1, project: "wanted", timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockUsageError);
    expect((error as Error).message).toBe(
      'waitForSpans: expected 1 span(s) in project "wanted" within 20 ms, but 0 arrived. ' +
        "2 POST /v1/traces answered: 401 (anonymous), 200 (api-key). Rejected requests store nothing: check the API key " +
        'and the user\'s role. Spans arrived in other projects: "default".',
    );
  });
});
