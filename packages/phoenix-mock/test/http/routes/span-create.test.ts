/**
 * POST /v1/projects/{id}/spans on the mock beyond what the conformance case project-spans-create records: the span
 * queue (capacity 503, queued spans are no duplicates yet), hostile bodies (10k spans, 10k wrong items, a body over
 * maxBodyBytes, prototype-named keys), and what the spans become in the store.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../../../src/index.js";
import { jsonInit } from "../../helpers.js";

const AT_CAPACITY = "Server is at capacity and cannot process more requests";

function span(i: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `s${i}`,
    context: { trace_id: `t${Math.floor(i / 10)}`, span_id: `span-${i}` },
    span_kind: "CHAIN",
    start_time: "2024-01-01T00:00:00Z",
    end_time: "2024-01-01T00:00:01Z",
    status_code: "OK",
    ...fields,
  };
}

const log = (mock: MockPhoenix, data: unknown, project = "p") => mock.request(`/v1/projects/${project}/spans`, jsonInit("POST", { data }));

let mock: MockPhoenix;
afterEach(() => mock?.close());

describe("POST /v1/projects/{id}/spans", () => {
  it("is refused at capacity (503, before the body is read) and does not count queued spans as duplicates", async () => {
    mock = createMockPhoenix({ env: { PHOENIX_MAX_SPANS_QUEUE_SIZE: "2" } });
    mock.pauseInserts();
    expect((await log(mock, [span(1)])).status).toBe(202);
    // Queued, not stored: Phoenix's duplicate check reads the database only.
    const again = await log(mock, [span(1, { name: "again" }), span(2)]);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ total_received: 2, total_queued: 2 });
    const refused = await mock.request("/v1/projects/p/spans", jsonInit("POST", { data: "not even a list" }));
    expect(refused.status).toBe(503);
    expect(await refused.text()).toBe(AT_CAPACITY);
    mock.resumeInserts();
    // The store keeps the first copy of a span id, as Phoenix's insert does (ON CONFLICT DO NOTHING).
    expect(mock.spans().map((s) => s.name)).toEqual(["s1", "s2"]);
    expect(mock.spanStats()).toMatchObject({ stored: 2, queued: 0, refusedAtCapacity: 1 });
    const duplicate = await log(mock, [span(1), span(3)]);
    expect(duplicate.status).toBe(400);
    expect(JSON.parse(await duplicate.text())).toMatchObject({ total_received: 2, total_duplicates: 1, duplicate_spans: [{ span_id: "span-1", trace_id: "t0" }] });
    expect(mock.spanStats().stored).toBe(2);
  });

  it("stores what Phoenix stores: the kind back in the attributes as sent, the status upper-cased or UNSET, times in microseconds", async () => {
    mock = createMockPhoenix();
    const res = await log(mock, [span(1, { span_kind: "llm", status_code: "error", status_message: "m", start_time: "2024-01-01T01:00:00.1234567+01:00", attributes: { "a.b": 1 } }), span(2, { status_code: "nope" })]);
    expect(res.status).toBe(202);
    const [first, second] = mock.spans();
    expect(first).toMatchObject({ attributes: { a: { b: 1 }, openinference: { span: { kind: "llm" } } }, status: { code: "STATUS_CODE_ERROR", message: "m" } });
    expect(first!.startTimeUnixNano).toBe("1704067200123456000");
    expect(second!.status.code).toBe("STATUS_CODE_UNSET");
    const read: any = await (await mock.request("/v1/projects/p/spans?order=asc")).json();
    expect(read.data.map((s: any) => [s.span_kind, s.status_code, s.start_time])).toEqual([
      ["llm", "ERROR", "2024-01-01T00:00:00.123456+00:00"],
      ["CHAIN", "UNSET", "2024-01-01T00:00:00+00:00"],
    ]);
  });

  it("reads prototype-named attribute keys back like any other", async () => {
    mock = createMockPhoenix();
    const body = `{"data":[${JSON.stringify(span(1)).slice(0, -1)},"attributes":{"__proto__":{"x":1},"constructor":"c","toString":{"y":2}}}]}`;
    expect((await mock.request("/v1/projects/p/spans", { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(202);
    const [read] = ((await (await mock.request("/v1/projects/p/spans")).json()) as any).data;
    expect(read.attributes).toEqual({ "__proto__.x": 1, constructor: "c", "toString.y": 2 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("takes 10,000 spans in one request, and answers 10,000 wrong items with one 422 listing each", async () => {
    mock = createMockPhoenix();
    const many = Array.from({ length: 10_000 }, (_, i) => span(i));
    const res = await log(mock, many);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ total_received: 10_000, total_queued: 10_000 });
    expect(mock.spanStats().stored).toBe(10_000);
    const traces: any = await (await mock.request("/v1/projects/p/traces?limit=999")).json();
    expect(traces.data).toHaveLength(999); // 10 spans a trace: 1,000 traces
    expect(traces.next_cursor).not.toBeNull();
    const wrong = await log(mock, Array.from({ length: 10_000 }, (_, i) => i));
    expect(wrong.status).toBe(422);
    const detail = ((await wrong.json()) as any).detail;
    expect(detail).toHaveLength(10_000);
    expect(detail[9_999]).toMatchObject({ type: "model_type", loc: ["body", "data", 9_999] });
  });

  it("refuses a body over maxBodyBytes with 413 before parsing it", async () => {
    mock = createMockPhoenix({ maxBodyBytes: 64 * 1024 });
    const res = await log(mock, [span(1, { attributes: { big: "x".repeat(100 * 1024) } })]);
    expect(res.status).toBe(413);
    expect(mock.spans()).toEqual([]);
  });

  it("refuses wrong types inside events and context field by field, storing nothing", async () => {
    mock = createMockPhoenix();
    const res = await log(mock, [span(1, { context: { trace_id: "t", span_id: ["x"] }, events: [{ name: "e", timestamp: "2024-01-01T00:00:00Z", attributes: [] }] })]);
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).detail.map((d: any) => [d.type, d.loc.slice(3).join(".")])).toEqual([
      ["string_type", "context.span_id"],
      ["dict_type", "events.0.attributes"],
    ]);
    expect(mock.spans()).toEqual([]);
  });

  it("refuses a span whose key is too deep for Phoenix's unflatten as invalid, with the duplicates, storing nothing", async () => {
    mock = createMockPhoenix();
    expect((await log(mock, [span(1)])).status).toBe(202);
    const res = await log(mock, [span(1), span(2, { attributes: { [Array(482).fill("k").join(".")]: 1 } }), span(3)]);
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text())).toEqual({
      error: "Request contains invalid or duplicate spans",
      total_received: 3,
      total_queued: 0,
      total_duplicates: 1,
      total_invalid: 1,
      duplicate_spans: [{ span_id: "span-1", trace_id: "t0" }],
      invalid_spans: [{ span_id: "span-2", trace_id: "t0", error: "maximum recursion depth exceeded" }],
    });
    expect(mock.spans().map((s) => s.name)).toEqual(["s1"]);
  });
});

