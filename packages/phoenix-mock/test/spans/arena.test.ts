import { describe, expect, it } from "vitest";
import { SpanArena } from "../../src/spans/arena.js";
import { TraceStore, type SpanCodec } from "../../src/spans/traces.js";

const MB = 1 << 20;
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe("SpanArena", () => {
  it("gives back the bytes it was given, from shared chunks, and a span larger than a chunk its own", () => {
    const arena = new SpanArena();
    const a = arena.append(bytesOf("first"));
    const b = arena.append(bytesOf("second"));
    const big = arena.append(new Uint8Array(MB + 3).fill(7));
    expect(new TextDecoder().decode(arena.view(a.chunk, a.offset, a.length))).toBe("first");
    expect(new TextDecoder().decode(arena.view(b.chunk, b.offset, b.length))).toBe("second");
    expect(b.chunk).toBe(a.chunk);
    expect(big.chunk).not.toBe(a.chunk);
    expect(Buffer.from(arena.view(big.chunk, big.offset, big.length)).equals(Buffer.alloc(MB + 3, 7))).toBe(true);
    expect(arena.bytes).toBe(MB + MB + 3);
  });

  it("drops a chunk once every span in it is released, and not the chunk being filled", () => {
    const arena = new SpanArena();
    const slots = Array.from({ length: 3 }, () => arena.append(new Uint8Array(MB / 2)));
    expect(slots.map((s) => s.chunk)).toEqual([0, 0, 1]);
    arena.release(0);
    expect(arena.bytes).toBe(2 * MB);
    arena.release(0);
    expect(arena.bytes).toBe(MB);
    arena.release(1); // chunk 1 is still being filled: kept
    expect(arena.bytes).toBe(MB);
    arena.append(new Uint8Array(MB)); // a new chunk starts: the emptied one goes
    expect(arena.bytes).toBe(MB);
  });
});

interface Blob {
  id: string;
  body: string;
}
const blobCodec: SpanCodec<Blob> = {
  encoded: (span) => ({ bytes: bytesOf(span.body), context: span.id }),
  decode: (bytes, context) => ({ id: context as string, body: new TextDecoder().decode(bytes) }),
};

describe("TraceStore with a codec", () => {
  it("reads each span back from its bytes, equal to what was stored", () => {
    const store = new TraceStore<Blob>({ now: () => 0, idOf: (s) => s.id, codec: blobCodec });
    store.add("p", [{ id: "1", body: "one" }, { id: "2", body: "two" }]);
    expect(store.spans("p").map((s) => s.span)).toEqual([{ id: "1", body: "one" }, { id: "2", body: "two" }]);
    expect(store.get("2")?.span).toEqual({ id: "2", body: "two" });
    expect(store.arenaBytes).toBe(MB);
  });

  it("keeps a span without bytes as the object it is", () => {
    const plain = { id: "x", body: "kept" };
    const store = new TraceStore<Blob>({ now: () => 0, idOf: (s) => s.id, codec: { ...blobCodec, encoded: () => undefined } });
    store.add("p", [plain]);
    expect(store.get("x")?.span).toBe(plain);
    expect(store.arenaBytes).toBe(0);
  });

  it("releases the bytes of evicted spans: the arena stays bounded by maxSpans", () => {
    const store = new TraceStore<Blob>({ now: () => 0, idOf: (s) => s.id, codec: blobCodec, maxSpans: 100 });
    const body = "x".repeat(10_000);
    for (let i = 0; i < 2_000; i++) store.add("p", [{ id: String(i), body }]);
    // 100 spans of 10 KB live: at most two chunks (the oldest partly evicted, the one being filled).
    expect(store.arenaBytes).toBeLessThanOrEqual(2 * MB);
    expect(store.spans("p")[0]!.span).toEqual({ id: "1900", body });
  });

  it("reset() empties the arena", () => {
    const store = new TraceStore<Blob>({ now: () => 0, idOf: (s) => s.id, codec: blobCodec });
    store.add("p", [{ id: "1", body: "one" }]);
    store.reset();
    expect(store.arenaBytes).toBe(0);
    expect(store.count()).toBe(0);
  });
});

describe("TraceStore.deleteProject", () => {
  it("removes the project and its spans, releases their bytes, and leaves other projects alone", () => {
    const store = new TraceStore<Blob>({ now: () => 0, idOf: (s) => s.id, codec: blobCodec });
    const body = "y".repeat(600_000);
    store.add("gone", [{ id: "1", body }, { id: "2", body }]);
    store.add("kept", [{ id: "3", body: "three" }]);
    expect(store.deleteProject("gone")).toBe(2);
    expect([store.project("gone"), store.get("1"), store.count("gone"), store.count()]).toEqual([undefined, undefined, 0, 1]);
    expect(store.spans("kept").map((s) => s.span.body)).toEqual(["three"]);
    expect(store.arenaBytes).toBe(1 << 20); // the first chunk (span 1) is released; the second still holds "three"
    store.add("gone", [{ id: "1", body: "again" }]);
    expect(store.project("gone")!.id).toBeGreaterThan(store.project("kept")!.id); // a new project, not the old row
  });
});
