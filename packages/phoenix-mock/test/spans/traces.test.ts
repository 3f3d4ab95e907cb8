import { describe, expect, it } from "vitest";
import { TraceStore } from "../../src/spans/traces.js";

interface FakeSpan {
  id: string;
  name: string;
}

const store = (maxSpans?: number, onEvict?: (e: { count: number; total: number; maxSpans: number }) => void) =>
  new TraceStore<FakeSpan>({ now: () => 0, idOf: (s) => s.id, maxSpans, onEvict });
const span = (id: string | number, name = `s${id}`): FakeSpan => ({ id: String(id), name });
const names = (t: TraceStore<FakeSpan>, project?: string) => t.spans(project).map((s) => s.span.name);

describe("TraceStore", () => {
  it("keeps the first copy of a span id, within one batch and across batches and projects", () => {
    const t = store();
    expect(t.add("a", [span(1, "first"), span(2), span(1, "again in batch")])).toBe(2);
    expect(t.add("b", [span(1, "again in other project"), span(3)])).toBe(1);
    expect(names(t)).toEqual(["first", "s2", "s3"]);
    expect(t.get("1")).toMatchObject({ rowId: 1, project: "a", span: { name: "first" } });
    expect(t.count()).toBe(3);
    expect(t.count("a")).toBe(2);
    expect(t.count("nope")).toBe(0);
  });

  it("creates a project with its first stored span, not for a batch of duplicates", () => {
    const t = store();
    t.add("a", [span(1)]);
    t.add("dupes-only", [span(1)]);
    expect(t.projects().map((p) => p.name)).toEqual(["default", "a"]);
    expect(t.projectsWithSpans()).toEqual(["a"]);
  });

  it("iterates a project newest or oldest first from an inclusive row-id cursor", () => {
    const t = store();
    t.add("a", [span(1), span(2)]);
    t.add("b", [span(3)]);
    t.add("a", [span(4), span(5)]);
    const rows = (order: "asc" | "desc", fromRowId?: number) => [...t.iterate("a", { order, fromRowId })].map((r) => r.rowId);
    expect(rows("desc")).toEqual([5, 4, 2, 1]);
    expect(rows("asc")).toEqual([1, 2, 4, 5]);
    expect(rows("desc", 4)).toEqual([4, 2, 1]);
    expect(rows("desc", 3)).toEqual([2, 1]);
    expect(rows("asc", 3)).toEqual([4, 5]);
    expect(rows("asc", 99)).toEqual([]);
    expect([...t.iterate("missing")]).toEqual([]);
  });

  it("evicts the oldest spans beyond maxSpans, across projects, and counts them", () => {
    const events: { count: number; total: number; maxSpans: number }[] = [];
    const t = store(3, (e) => events.push(e));
    t.add("a", [span(1), span(2)]);
    t.add("b", [span(3), span(4)]);
    expect(names(t)).toEqual(["s2", "s3", "s4"]);
    expect(names(t, "a")).toEqual(["s2"]);
    t.add("a", [span(5), span(6)]);
    expect(names(t)).toEqual(["s4", "s5", "s6"]);
    expect(names(t, "a")).toEqual(["s5", "s6"]);
    expect(names(t, "b")).toEqual(["s4"]);
    expect(t.stats()).toEqual({ stored: 3, evicted: 3, maxSpans: 3 });
    expect(events).toEqual([
      { count: 1, total: 1, maxSpans: 3 },
      { count: 2, total: 3, maxSpans: 3 },
    ]);
    // Row ids are never reused; an evicted id is forgotten, so a later copy is stored again.
    expect(t.get("1")).toBeUndefined();
    t.add("a", [span(1, "back")]);
    expect(t.spans().map((r) => [r.rowId, r.span.name])).toEqual([
      [5, "s5"],
      [6, "s6"],
      [7, "back"],
    ]);
  });

  it("keeps the newest maxSpans of a batch larger than the bound", () => {
    const t = store(2);
    t.add("a", [span(1), span(2), span(3), span(4), span(5)]);
    expect(names(t)).toEqual(["s4", "s5"]);
    expect(t.stats().evicted).toBe(3);
  });

  it("keeps eviction O(1) per span over many evictions (the backing array compacts)", () => {
    const t = store(1000);
    for (let batch = 0; batch < 50; batch++) t.add("a", Array.from({ length: 500 }, (_, i) => span(batch * 500 + i)));
    expect(t.count()).toBe(1000);
    expect(t.spans()[0]!.span.id).toBe("24000");
    expect([...t.iterate("a", { order: "desc" })].length).toBe(1000);
  });

  it("reset() empties spans, counts and row ids", () => {
    const t = store(1);
    t.add("a", [span(1), span(2)]);
    t.reset();
    expect(t.stats()).toEqual({ stored: 0, evicted: 0, maxSpans: 1 });
    t.add("a", [span(2)]);
    expect(t.spans()[0]!.rowId).toBe(1);
  });

  it("numbers traces as their first span is stored (Phoenix's trace row ids) and forgets a trace with its last span", () => {
    const t = new TraceStore<FakeSpan & { trace: string }>({ now: () => 0, idOf: (s) => s.id, traceIdOf: (s) => s.trace, maxSpans: 3 });
    t.add("a", [{ id: "1", name: "a1", trace: "A" }, { id: "2", name: "b1", trace: "B" }, { id: "3", name: "a2", trace: "A" }]);
    expect([t.traceRowId("A"), t.traceRowId("B"), t.traceRowId("C")]).toEqual([1, 2, undefined]);
    t.add("a", [{ id: "4", name: "c1", trace: "C" }, { id: "1", name: "dup", trace: "D" }]); // evicts a1; a dup stores nothing
    expect([t.traceRowId("A"), t.traceRowId("C"), t.traceRowId("D")]).toEqual([1, 3, undefined]);
    t.evict(1); // b1, B's only span
    expect(t.traceRowId("B")).toBeUndefined();
    t.reset();
    t.add("a", [{ id: "9", name: "z", trace: "Z" }]);
    expect(t.traceRowId("Z")).toBe(1);
  });

  it("removes the spans a predicate picks from one project: lists, ids and trace numbers follow", () => {
    const t = new TraceStore<FakeSpan & { trace: string }>({ now: () => 0, idOf: (s) => s.id, traceIdOf: (s) => s.trace });
    t.add("a", [{ id: "1", name: "a1", trace: "A" }, { id: "2", name: "b1", trace: "B" }, { id: "3", name: "a2", trace: "A" }]);
    t.add("b", [{ id: "4", name: "other", trace: "A" }]);
    expect(t.remove("a", (r) => r.span.trace === "A")).toBe(2);
    expect(t.spans().map((s) => s.span.name)).toEqual(["b1", "other"]);
    expect(t.spans("a").map((s) => s.rowId)).toEqual([2]);
    expect([t.get("1"), t.count("a"), t.count()]).toEqual([undefined, 1, 2]);
    expect(t.traceRowId("A")).toBe(1); // still one span of A, in project b
    expect(t.remove("a", () => false)).toBe(0);
    expect(t.remove("nope", () => true)).toBe(0);
    expect(t.add("a", [{ id: "1", name: "a1 again", trace: "A" }])).toBe(1);
    expect([...t.iterate("a", { order: "desc", fromRowId: 5 })].map((s) => s.span.name)).toEqual(["a1 again", "b1"]);
  });
});

