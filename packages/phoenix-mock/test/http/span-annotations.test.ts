import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MockPhoenix } from "../../src/index.js";
import { spanStoreOf } from "../../src/mock.js";
import { SpanAnnotations } from "../../src/spans/index.js";
import { authMock, bearer, jsonInit, otlpBody } from "../helpers.js";

let mock: MockPhoenix;
let auth: Record<string, string>;
const SPAN_A = "01".repeat(8);
const SPAN_B = "02".repeat(8);

beforeEach(async () => {
  mock = authMock();
  auth = bearer(mock.adminSecret);
  const body = otlpBody([{ spanName: "a", attributes: { "openinference.project.name": "p" } }, { spanName: "b", attributes: { "openinference.project.name": "p" } }]);
  await mock.request("/v1/traces", { method: "POST", headers: { ...auth, "content-type": "application/x-protobuf" }, body });
  await mock.waitForSpans({ count: 2, project: "p" });
});
afterEach(() => mock.close());

const post = (body: unknown, query = "?sync=true") => mock.request(`/v1/span_annotations${query}`, jsonInit("POST", body, auth));
const list = (query: string) => mock.request(`/v1/projects/p/span_annotations${query}`, { headers: auth });
const note = (spanId: string, name: string, identifier = "") => ({ span_id: spanId, name, annotator_kind: "HUMAN", identifier });

describe("span annotations under hostile input", () => {
  it("answers 422 (never 500) for every wrongly typed body", async () => {
    const bodies: unknown[] = [null, 5, "x", [], { data: "x" }, { data: [[]] }, { data: [{ ...note(SPAN_A, "n"), result: [] }] },
      { data: [{ ...note(SPAN_A, "n"), result: { score: {} } }] }, { data: [{ ...note(SPAN_A, "n"), metadata: "m" }] },
      { data: [{ ...note(SPAN_A, "n"), annotator_kind: null }] }, { data: [{ ...note(SPAN_A, "n"), identifier: 1 }] }];
    for (const body of bodies) expect((await post(body)).status, JSON.stringify(body)).toBe(422);
    const text = await mock.request("/v1/span_annotations", { method: "POST", headers: { ...auth, "content-type": "text/plain" }, body: "{}" });
    expect(text.status).toBe(422);
    expect(spanStoreOf(mock).annotations.size).toBe(0);
  });

  it("drops a huge queued list for unknown spans, and refuses it when sync (nothing written)", async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => note(i.toString(16).padStart(16, "0"), `n${i}`));
    expect(await (await post({ data: many }, "")).json()).toEqual({ data: [] });
    const refused = await post({ data: [note(SPAN_A, "ok"), ...many.slice(0, 3)] });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toMatch(/^Spans with IDs [0-9a-f, ]+ do not exist\.$/);
    expect(spanStoreOf(mock).annotations.size).toBe(0);
  });

  it("keeps one row per (name, span, identifier) however often it is written", async () => {
    const same = Array.from({ length: 5_000 }, () => note(SPAN_A, "same"));
    const answer = (await (await post({ data: same })).json()) as { data: { id: string }[] };
    expect(new Set(answer.data.map((d) => d.id)).size).toBe(1);
    await post({ data: [note(SPAN_A, "same", "other"), note(SPAN_B, "same")] });
    expect(spanStoreOf(mock).annotations.size).toBe(3);
  });

  it("refuses oversized and malformed list queries, and finds nothing for unknown ids", async () => {
    const ids = Array.from({ length: 1_001 }, (_, i) => `span_ids=${i}`).join("&");
    expect(await (await list(`?${ids}`)).text()).toBe("Too many span_ids supplied: 1001 (max 1000)");
    const identifiers = Array.from({ length: 1_001 }, (_, i) => `identifier=${i}`).join("&");
    expect((await list(`?${identifiers}`)).status).toBe(422);
    for (const query of ["?span_ids=x&limit=abc", "?span_ids=x&cursor=%%%", "?span_ids=x&cursor=U3Bhbjph", "?"]) {
      expect((await list(query)).status, query).toBe(422);
    }
    expect((await list(`?${Array.from({ length: 1_000 }, (_, i) => `span_ids=${i}`).join("&")}`)).status).toBe(404);
    expect(await (await list("?identifier=nothing")).json()).toEqual({ data: [], next_cursor: null });
  });

  it("reads only the asked spans' annotations, not the store's", async () => {
    const store = spanStoreOf(mock);
    await post({ data: Array.from({ length: 3_000 }, (_, i) => note(SPAN_B, `b${i}`)) });
    await post({ data: [note(SPAN_A, "a")] });
    const before = store.spansVisited;
    const page = (await (await list(`?span_ids=${SPAN_A}`)).json()) as { data: { name: string }[] };
    expect(page.data.map((d) => d.name)).toEqual(["a"]);
    expect(store.spansVisited - before).toBeLessThan(5);
  });
});

describe("SpanAnnotations bound", () => {
  it("DELETE removes every match and keeps the index whole: the same (name, span, identifier) can be written again", async () => {
    await post({ data: [note(SPAN_A, "n"), note(SPAN_A, "n", "i"), note(SPAN_B, "n")] });
    const del = (query: string) => mock.request(`/v1/projects/p/span_annotations${query}`, { method: "DELETE", headers: auth });
    expect((await del("?delete_all=true&identifier=i")).status).toBe(204);
    const names = async () => ((await (await list(`?span_ids=${SPAN_A}&span_ids=${SPAN_B}`)).json()) as { data: { span_id: string; identifier: string }[] }).data.map((a) => `${a.span_id}/${a.identifier}`).sort();
    expect(await names()).toEqual([`${SPAN_A}/`, `${SPAN_B}/`]);
    expect((await del(`?delete_all=true&start_time=${"9".repeat(4)}-01-01`)).status).toBe(204);
    expect(await names()).toHaveLength(2);
    expect((await del("?delete_all=true")).status).toBe(204);
    expect(await names()).toEqual([]);
    await post({ data: [note(SPAN_A, "n", "i")] });
    expect(await names()).toEqual([`${SPAN_A}/i`]);
    expect(spanStoreOf(mock).annotations.size).toBe(1);
  });

  it("keeps at most its maximum, dropping the oldest rows and their index entries", () => {
    const rows = new SpanAnnotations(3);
    const input = (name: string) => ({ name, annotatorKind: "LLM" as const, label: null, score: null, explanation: null, metadata: {}, identifier: "i", source: "API" as const, userId: null });
    for (let i = 0; i < 10; i++) rows.upsert(i % 2, input(`n${i}`), { createdAt: 0n, updatedAt: 0n });
    expect(rows.size).toBe(3);
    expect(rows.get(7)).toBeUndefined();
    expect([...rows.idsOfSpan(0)]).toEqual([9]);
    expect([...rows.idsOfSpan(1)].sort()).toEqual([10, 8]);
    expect([...rows.idsWithIdentifier("i")]).toEqual([8, 9, 10]);
  });
});
