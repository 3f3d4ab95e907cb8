/**
 * GET /v1/projects/{id}/traces on the mock beyond the conformance cases (project-traces-list, project-traces-python-client):
 * its 501s for what it does not evaluate, hostile cursors and parameters, and traces of OTLP-ingested spans.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../../../src/index.js";
import { jsonInit, otlpBody } from "../../helpers.js";

let mock: MockPhoenix;
afterEach(() => mock?.close());

const get = async (path: string) => {
  const res = await mock.request(path);
  return { status: res.status, body: (res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text()) as any };
};

describe("GET /v1/projects/{id}/traces", () => {
  it("answers 501 naming the part of a filter beyond its subset, after the project is found; hostile filters get a 4xx", async () => {
    mock = createMockPhoenix();
    const q = (filter: string) => `/v1/projects/default/traces?filter=${encodeURIComponent(filter)}`;
    expect((await get(q(""))).status).toBe(200);
    expect((await get(q("latency_ms > 1"))).status).toBe(200);
    for (const [filter, part] of [["total_cost > 0", "`total_cost`"], ["input == 'x'", "`input`"], ["attributes['a'] == 'b'", '"["'], ["latency_ms + 1 > 2", '"+"'], ["latency_ms > 0x10", "the number"]] as const) {
      const res = await get(q(filter));
      expect([res.status, res.body]).toEqual([501, expect.stringContaining(`does not implement ${part}`)]);
    }
    expect((await get("/v1/projects/nope/traces?filter=total_cost%20%3E%200")).status).toBe(404);
    // Deep nesting, long input and NUL: Phoenix's 400s, never a crash.
    const hostile = ["(".repeat(5000) + "latency_ms > 1" + ")".repeat(5000), "latency_ms > 1 and ".repeat(2000) + "num_spans > 0", "latency_ms > 1\u0000", "not ".repeat(10000) + "latency_ms > 1", "-".repeat(10000) + "1 < latency_ms"];
    for (const filter of hostile) expect([200, 400]).toContain((await get(q(filter))).status);
    expect((await get(q("latency_ms > 1\u0000"))).body).toBe("condition cannot contain a NUL character");
  });

  it("filters by session_identifier: a session id of this project or a ProjectSession GlobalID", async () => {
    mock = createMockPhoenix();
    const span = (trace: string, session?: unknown) => ({ name: trace, context: { trace_id: trace, span_id: `s-${trace}` }, span_kind: "CHAIN", start_time: 0, end_time: 1, status_code: "OK", attributes: session === undefined ? {} : { "session.id": session } });
    const logged = await mock.request("/v1/projects/p/spans", jsonInit("POST", { data: [span("t1", "a"), span("t2", " a "), span("t3", 7), span("t4")] }));
    expect(logged.status).toBe(202);
    const ids = async (query: string) => ((await get(`/v1/projects/p/traces?order=asc&${query}`)).body.data as { trace_id: string }[]).map((t) => t.trace_id);
    expect(await ids("session_identifier=a")).toEqual(["t1", "t2"]);
    expect(await ids("session_identifier=a&session_identifier=7")).toEqual(["t1", "t2", "t3"]);
    expect(await ids(`session_identifier=${encodeURIComponent(Buffer.from("ProjectSession:2").toString("base64"))}`)).toEqual(["t3"]);
    expect(await ids(`session_identifier=${encodeURIComponent(Buffer.from("Trace:2").toString("base64"))}`)).toEqual([]);
    expect(await ids("session_identifier=")).toEqual([]);
    expect(await ids("session_identifier=a&filter=trace_id%20%3D%3D%20't2'")).toEqual(["t2"]);
    expect((await get("/v1/projects/default/traces?session_identifier=a")).body.data).toEqual([]);
  });

  it("answers hostile cursors with 422 Invalid cursor, never a crash", async () => {
    mock = createMockPhoenix();
    expect((await mock.request("/v1/projects/p/spans", jsonInit("POST", { data: [{ name: "s", context: { trace_id: "t", span_id: "s" }, span_kind: "X", start_time: 0, end_time: 1, status_code: "OK" }] }))).status).toBe(202);
    const b64 = (text: string) => encodeURIComponent(Buffer.from(text).toString("base64"));
    for (const cursor of ["%00", "x".repeat(100_000), b64("1:DATETIME:"), b64("1:FLOAT:"), b64("1:DATETIME:9999-99-99"), b64("1e5:FLOAT:1"), b64(":FLOAT:1"), "%FF%FE"]) {
      const res = await get(`/v1/projects/p/traces?sort=${cursor.includes("RkxPQV") ? "latency_ms" : "start_time"}&cursor=${cursor}`);
      expect([res.status, res.body]).toEqual([422, "Invalid cursor"]);
    }
    // Python's float() spellings are cursors too.
    expect((await get(`/v1/projects/p/traces?sort=latency_ms&cursor=${b64("1:FLOAT: inf ")}`)).status).toBe(200);
    expect((await get(`/v1/projects/p/traces?sort=latency_ms&cursor=${b64("1_0:FLOAT:1_000.5")}`)).status).toBe(200);
  });

  it("lists traces of OTLP-ingested spans: one per trace id, its spans with the stored kind", async () => {
    mock = createMockPhoenix();
    const body = otlpBody([{ spanName: "a", spanAttributes: { "openinference.span.kind": "llm" } }, { spanName: "b" }], 1);
    expect((await mock.request("/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body })).status).toBe(200);
    const { body: listed } = await get("/v1/projects/default/traces?include_spans=yes&order=asc");
    expect(listed.data.map((t: any) => [t.id, t.spans.map((s: any) => `${s.name}/${s.span_kind}`)])).toEqual([
      ["VHJhY2U6MQ==", ["a/LLM"]],
      ["VHJhY2U6Mg==", ["b/UNKNOWN"]],
    ]);
  });

  it("DELETE removes the traces that start in the window, spans and all, leaving their ids free", async () => {
    mock = createMockPhoenix();
    const data = [0, 1, 2].map((i) => ({ name: `s${i}`, context: { trace_id: `t${i}`, span_id: `s${i}` }, span_kind: "X", start_time: 100 * i, end_time: 100 * i + 1, status_code: "OK" }));
    expect((await mock.request("/v1/projects/p/spans", jsonInit("POST", { data }))).status).toBe(202);
    const res = await mock.request("/v1/projects/p/traces?start_time=50&end_time=200", { method: "DELETE" });
    expect([res.status, await res.text()]).toEqual([204, ""]);
    expect(mock.spans().map((s) => s.name)).toEqual(["s0", "s2"]);
    expect((await mock.request("/v1/projects/p/spans", jsonInit("POST", { data: data.slice(1, 2) }))).status).toBe(202);
    expect((await get("/v1/projects/p/traces?order=asc")).body.data.map((t: any) => [t.trace_id, t.id])).toEqual([
      ["t0", "VHJhY2U6MQ=="],
      ["t1", "VHJhY2U6NA=="],
      ["t2", "VHJhY2U6Mw=="],
    ]);
  });
});

