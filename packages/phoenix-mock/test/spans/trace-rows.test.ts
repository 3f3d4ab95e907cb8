import { describe, expect, it } from "vitest";
import { TraceStore } from "../../src/spans/traces.js";

interface FakeSpan {
  id: string;
  trace: string;
  session?: string;
}

const store = (maxSpans?: number) =>
  new TraceStore<FakeSpan>({ now: () => 0, idOf: (s) => s.id, traceIdOf: (s) => s.trace, sessionIdOf: (s) => s.session, maxSpans });

describe("TraceStore trace and session rows", () => {
  it("numbers traces and sessions in first-seen order; a trace keeps the first session a span gave it", () => {
    const t = store();
    t.add("a", [{ id: "1", trace: "t1" }, { id: "2", trace: "t1", session: "s1" }, { id: "3", trace: "t2", session: "s2" }]);
    t.add("b", [{ id: "4", trace: "t1", session: "other" }, { id: "5", trace: "t3", session: "s1" }]);
    expect(t.trace("t1")).toMatchObject({ rowId: 1, data: { project: "a", sessionId: "s1" } });
    expect(t.trace("t2")).toMatchObject({ rowId: 2, data: { sessionId: "s2" } });
    expect(t.trace(3)?.key).toBe("t3");
    expect(t.session("s1")).toMatchObject({ rowId: 1, data: { project: "a" } });
    expect(t.session(2)?.key).toBe("s2");
    expect(t.session("other")).toBeUndefined();
  });

  it("finds a span by row id in O(log n), undefined for gaps and unknown ids", () => {
    const t = store(3);
    t.add("a", [1, 2, 3, 4, 5].map((i) => ({ id: String(i), trace: `t${i}` })));
    expect(t.byRowId(5)?.span.id).toBe("5");
    expect(t.byRowId(1)).toBeUndefined();
    expect(t.byRowId(0)).toBeUndefined();
    expect(t.byRowId(-7)).toBeUndefined();
    expect(t.byRowId(Number.MAX_SAFE_INTEGER)).toBeUndefined();
    const before = t.spansVisited;
    t.byRowId(4);
    expect(t.spansVisited - before).toBe(1);
  });

  it("drops a trace (and its session) with its last span: the rows never outgrow the spans kept", () => {
    const t = store(2);
    for (let i = 0; i < 1000; i++) t.add("a", [{ id: `x${i}`, trace: `t${i >> 1}`, session: `s${i >> 2}` }]);
    expect(t.count()).toBe(2);
    expect(t.trace("t499")).toMatchObject({ refs: 2 });
    expect(t.trace("t498")).toBeUndefined();
    expect(t.session("s249")).toBeDefined();
    expect(t.session("s248")).toBeUndefined();
    t.reset();
    expect(t.trace("t499")).toBeUndefined();
    t.add("a", [{ id: "y", trace: "fresh" }]);
    expect(t.trace("fresh")?.rowId).toBe(1);
  });

  it("drops a span's annotations when the span is evicted", () => {
    const t = store(1);
    t.add("a", [{ id: "1", trace: "t1" }]);
    const input = { name: "n", annotatorKind: "HUMAN" as const, label: null, score: 1, explanation: null, metadata: {}, identifier: "", source: "API" as const, userId: null };
    t.annotations.upsert(t.get("1")!.rowId, input, { createdAt: 0n, updatedAt: 0n });
    expect(t.annotations.size).toBe(1);
    t.add("a", [{ id: "2", trace: "t2" }]);
    expect(t.annotations.size).toBe(0);
  });
});

describe("TraceStore.deleteSpan", () => {
  it("takes one span out of its trace's list wherever it is; the trace goes with its last span", () => {
    const t = store();
    t.add("a", [{ id: "1", trace: "t1" }, { id: "2", trace: "t1" }, { id: "3", trace: "t1" }]);
    const rowIds = () => [...(t.trace("t1")?.data.spans ? Array.from({ length: t.trace("t1")!.data.spans.length }, (_, i) => t.trace("t1")!.data.spans.at(i)!.rowId) : [])];
    expect(t.deleteSpan(t.get("2")!)).toBe(true);
    expect(rowIds()).toEqual([1, 3]);
    expect(t.deleteSpan(t.get("1")!)).toBe(true);
    expect(rowIds()).toEqual([3]);
    expect(t.deleteSpan(t.get("3")!)).toBe(true);
    expect([t.trace("t1"), t.count("a")]).toEqual([undefined, 0]);
  });
});
