import { describe, expect, it, vi } from "vitest";
import type { DecodedSpan, OtlpAttributes, OtlpSpanKind } from "../../src/otlp/types.js";
import { TracePrinter, formatTraceTree } from "../../src/print/trace-tree.js";
import type { MockSpan } from "../../src/wait.js";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const T0 = 1_700_000_000_000_000_000n;

interface SpanInit {
  spanId: string;
  name: string;
  parentSpanId?: string;
  traceId?: string;
  project?: string;
  kind?: OtlpSpanKind;
  /** Offset of the start from T0, in ns. */
  startNs?: bigint;
  /** Default 1 ms. */
  durationNs?: bigint;
  status?: DecodedSpan["status"];
  attributes?: OtlpAttributes;
}

/** A MockSpan with every DecodedSpan field filled. */
function mockSpan(init: SpanInit): MockSpan {
  const start = T0 + (init.startNs ?? 0n);
  return {
    traceId: init.traceId ?? TRACE,
    spanId: init.spanId,
    parentSpanId: init.parentSpanId,
    traceState: "",
    name: init.name,
    kind: init.kind ?? "SPAN_KIND_INTERNAL",
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + (init.durationNs ?? 1_000_000n)),
    attributes: init.attributes ?? {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: init.status ?? { code: "STATUS_CODE_UNSET", message: "" },
    flags: 0,
    resource: { attributes: {}, droppedAttributesCount: 0 },
    scope: { name: "t", version: "", attributes: {}, droppedAttributesCount: 0 },
    project: init.project ?? "chat-app",
  };
}

const ms = (n: number) => BigInt(n) * 1_000_000n;

const root = mockSpan({
  spanId: "b7ad6b7169203331",
  name: "GET /chat",
  kind: "SPAN_KIND_SERVER",
  durationNs: 1_234_000_000n,
  status: { code: "STATUS_CODE_OK", message: "" },
  attributes: {
    "http.response.status_code": 200,
    "http.route": "/chat",
    "http.request.method": "POST",
    "url.full": "http://localhost:3000/chat",
  },
});
const agent = mockSpan({
  spanId: "00f067aa0ba902b7",
  parentSpanId: root.spanId,
  name: "agent",
  startNs: ms(5),
  durationNs: 912_260_000n,
  attributes: { "openinference.span.kind": "AGENT" },
});
const llm = mockSpan({
  spanId: "1111111111111111",
  parentSpanId: agent.spanId,
  name: "llm",
  kind: "SPAN_KIND_CLIENT",
  startNs: ms(10),
  durationNs: 850_040_000n,
  status: { code: "STATUS_CODE_ERROR", message: "429 Too Many Requests: rate limit exceeded" },
  attributes: {
    "url.full": "https://api.openai.com/v1/chat/completions",
    "http.method": "POST",
    "llm.model_name": "gpt-4o-mini",
    "openinference.span.kind": "LLM",
  },
});
const parse = mockSpan({ spanId: "2222222222222222", parentSpanId: agent.spanId, name: "parse", startNs: ms(870), durationNs: 42_000n });
const saveHistory = mockSpan({
  spanId: "3333333333333333",
  parentSpanId: root.spanId,
  name: "save-history",
  kind: "SPAN_KIND_CLIENT",
  startNs: ms(920),
  durationNs: 12_345_678n,
  attributes: { "db.system": "postgresql" },
});

/** The second line (the only span line) of a one-span trace. */
const lineOf = (init: Partial<SpanInit>) => formatTraceTree([mockSpan({ spanId: "abcdefabcdefabcd", name: "s", ...init })]).split("\n")[1];

describe("formatTraceTree", () => {
  it("prints a three-level trace as an indented tree, children by start time", () => {
    // Given out of order: the tree must not depend on arrival order.
    const text = formatTraceTree([parse, saveHistory, llm, root, agent]);
    expect(text).toBe(
      "trace 0af7651916cd43dd8448eb211c80319c · project chat-app · 5 spans\n" +
        '  └─ GET /chat · server · 1.23 s · ok · http.request.method="POST" http.route="/chat" url.full="http://localhost:3000/chat"\n' +
        '     ├─ agent · internal · 912.3 ms · openinference.span.kind="AGENT"\n' +
        '     │  ├─ llm · client · 850.0 ms · error: 429 Too Many Requests: rate limit exceeded · openinference.span.kind="LLM" llm.model_name="gpt-4o-mini" http.method="POST"\n' +
        "     │  └─ parse · internal · <0.1 ms\n" +
        '     └─ save-history · client · 12.3 ms · db.system="postgresql"\n',
    );
  });

  it("shows spans whose parent has not arrived as roots, marked, ties broken by span id", () => {
    const text = formatTraceTree([
      mockSpan({ spanId: "cccccccccccccccc", parentSpanId: "deadbeefcafebabe", name: "late-child", kind: "SPAN_KIND_CONSUMER", durationNs: ms(2), project: "p2" }),
      mockSpan({ spanId: "bbbbbbbbbbbbbbbb", parentSpanId: "aaaaaaaaaaaaaaaa", name: "grandchild", kind: 7, startNs: 50_000n, durationNs: 0n, project: "p2" }),
      mockSpan({ spanId: "aaaaaaaaaaaaaaaa", parentSpanId: "feedface00000000", name: "orphan", kind: "SPAN_KIND_PRODUCER", durationNs: 100_000n, project: "p2" }),
    ]);
    expect(text).toBe(
      "trace 0af7651916cd43dd8448eb211c80319c · project p2 · 3 spans\n" +
        "  ├─ orphan · producer · 0.1 ms · (parent feedface not received)\n" +
        "  │  └─ grandchild · kind 7 · 0 ms\n" +
        "  └─ late-child · consumer · 2.0 ms · (parent deadbeef not received)\n",
    );
  });

  it("truncates status messages to 80 characters and attribute values to 60, on one line", () => {
    const exactly80 = "m".repeat(80);
    expect(lineOf({ status: { code: "STATUS_CODE_ERROR", message: exactly80 } })).toBe(`  └─ s · internal · 1.0 ms · error: ${exactly80}`);
    expect(lineOf({ status: { code: "STATUS_CODE_ERROR", message: `${"a".repeat(79)}BCDEFG` } })).toBe(
      `  └─ s · internal · 1.0 ms · error: ${"a".repeat(79)}…`,
    );
    // A cut never leaves half a surrogate pair.
    expect(lineOf({ status: { code: "STATUS_CODE_ERROR", message: `${"a".repeat(78)}😀tail` } })).toBe(
      `  └─ s · internal · 1.0 ms · error: ${"a".repeat(78)}…`,
    );
    expect(lineOf({ status: { code: "STATUS_CODE_ERROR", message: "line one\nline two" } })).toBe("  └─ s · internal · 1.0 ms · error: line one line two");
    expect(lineOf({ status: { code: "STATUS_CODE_ERROR", message: "" } })).toBe("  └─ s · internal · 1.0 ms · error");
    expect(lineOf({ attributes: { "http.url": `https://example.com/${"p".repeat(100)}` } })).toBe(
      `  └─ s · internal · 1.0 ms · http.url="https://example.com/${"p".repeat(39)}…"`,
    );
  });

  it("formats durations, kinds and statuses", () => {
    const duration = (durationNs: bigint) => lineOf({ durationNs });
    expect(duration(0n)).toBe("  └─ s · internal · 0 ms");
    expect(duration(99_999n)).toBe("  └─ s · internal · <0.1 ms");
    expect(duration(100_000n)).toBe("  └─ s · internal · 0.1 ms");
    expect(duration(999_949_999n)).toBe("  └─ s · internal · 999.9 ms");
    expect(duration(999_950_000n)).toBe("  └─ s · internal · 1.00 s");
    expect(duration(1_200_000_000n)).toBe("  └─ s · internal · 1.20 s");
    expect(duration(86_400_000_000_000n)).toBe("  └─ s · internal · 86400.00 s");
    expect(lineOf({ kind: "SPAN_KIND_UNSPECIFIED" })).toBe("  └─ s · unspecified · 1.0 ms");
    expect(lineOf({ kind: "SPAN_KIND_SERVER", status: { code: 9, message: "?" } })).toBe("  └─ s · server · 1.0 ms · status 9");
    // An end before the start: no guess.
    expect(lineOf({ durationNs: -1n })).toBe("  └─ s · internal · ? ms");
  });

  it("never throws on odd values", () => {
    const odd = {
      ...mockSpan({ spanId: "abcdefabcdefabcd", name: "multi\nline" }),
      kind: undefined,
      status: undefined,
      startTimeUnixNano: "abc",
      attributes: {
        "openinference.span.kind": new Uint8Array([1, 2, 3]),
        "llm.model_name": 1e308,
        "http.method": { a: [1, null, true] },
        "http.route": "not shown: three already",
      },
    } as unknown as MockSpan;
    expect(formatTraceTree([odd])).toBe(
      "trace 0af7651916cd43dd8448eb211c80319c · project chat-app · 1 span\n" +
        '  └─ multi line · unspecified · ? ms · openinference.span.kind=<3 bytes> llm.model_name=1e+308 http.method={"a":[1,null,true]}\n',
    );
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const withCycle = { ...mockSpan({ spanId: "abcdefabcdefabcd", name: "s" }), attributes: { "db.system": circular } } as unknown as MockSpan;
    expect(formatTraceTree([withCycle]).split("\n")[1]).toBe("  └─ s · internal · 1.0 ms · db.system=[unprintable]");
    expect(formatTraceTree([])).toBe("");
  });

  it("terminates on parent cycles, showing every span once", () => {
    const text = formatTraceTree([
      mockSpan({ spanId: "1111111111111111", parentSpanId: "2222222222222222", name: "x", startNs: ms(10) }),
      mockSpan({ spanId: "2222222222222222", parentSpanId: "1111111111111111", name: "y", startNs: ms(5) }),
      mockSpan({ spanId: "3333333333333333", parentSpanId: "3333333333333333", name: "self", startNs: ms(1) }),
      mockSpan({ spanId: "0000000000000000", name: "root" }),
    ]);
    expect(text).toBe(
      "trace 0af7651916cd43dd8448eb211c80319c · project chat-app · 4 spans\n" +
        "  ├─ root · internal · 1.0 ms\n" +
        "  ├─ self · internal · 1.0 ms · (parent 33333333 in a cycle)\n" +
        "  └─ y · internal · 1.0 ms · (parent 11111111 in a cycle)\n" +
        "     └─ x · internal · 1.0 ms\n",
    );
  });

  it("handles a very deep chain without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      mockSpan({ spanId: i.toString(16).padStart(16, "0"), parentSpanId: i === 0 ? undefined : (i - 1).toString(16).padStart(16, "0"), name: `n${i}` }),
    );
    const lines = formatTraceTree(chain).split("\n");
    expect(lines).toHaveLength(20_002);
    expect(lines[20_000]).toBe(`  ${" ".repeat(3 * 64)}└─ n19999 · internal · 1.0 ms`);
  });
});

/** setTimer/clearTimer that only record: the test fires callbacks by hand. Handles are plain objects, which Node's clearTimeout ignores. */
function fakeTimers() {
  const live = new Map<object, { fn: () => void; ms: number }>();
  const calls = { set: 0, clear: 0 };
  return {
    live,
    calls,
    setTimer: (fn: () => void, ms: number) => {
      calls.set++;
      const handle = {};
      live.set(handle, { fn, ms });
      return handle;
    },
    clearTimer: (handle: unknown) => {
      calls.clear++;
      live.delete(handle as object);
    },
    fireAll() {
      const due = [...live.values()];
      live.clear();
      for (const timer of due) timer.fn();
    },
  };
}

const header = (traceId: string, count: number, continued = false) =>
  `trace ${traceId} · project chat-app · ${count} span${count === 1 ? "" : "s"}${continued ? " (continued)" : ""}\n`;
const one = (traceId: string, name = "s") => mockSpan({ traceId, spanId: "abcdefabcdefabcd", name });

describe("TracePrinter", () => {
  it("prints a trace once it is quiet, then late spans as a (continued) block", () => {
    const timers = fakeTimers();
    const writes: string[] = [];
    const printer = new TracePrinter({ write: (text) => writes.push(text), quietMs: 250, setTimer: timers.setTimer, clearTimer: timers.clearTimer });
    printer.add([root]);
    expect(writes).toEqual([]);
    expect([...timers.live.values()].map((t) => t.ms)).toEqual([250]);
    printer.add([agent, llm]);
    expect(writes).toEqual([]);
    expect(timers.calls).toEqual({ set: 2, clear: 1 });
    expect(timers.live.size).toBe(1);
    timers.fireAll();
    expect(writes).toEqual([formatTraceTree([root, agent, llm])]);
    expect(writes[0]!.startsWith(header(TRACE, 3))).toBe(true);
    printer.add([parse]);
    expect(writes).toHaveLength(1);
    timers.fireAll();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe(header(TRACE, 1, true) + "  └─ parse · internal · <0.1 ms · (parent 00f067aa not received)\n");
  });

  it("keeps one timer per trace for a batch, and flush() prints everything pending, oldest first", () => {
    const timers = fakeTimers();
    const writes: string[] = [];
    const printer = new TracePrinter({ write: (text) => writes.push(text), setTimer: timers.setTimer, clearTimer: timers.clearTimer });
    printer.add([one("a".repeat(32), "a1"), one("b".repeat(32), "b1"), { ...one("a".repeat(32), "a2"), spanId: "ffffffffffffffff" }]);
    expect(timers.calls.set).toBe(2);
    expect([...timers.live.values()].map((t) => t.ms)).toEqual([500, 500]);
    const stale = [...timers.live.values()];
    printer.flush();
    expect(timers.live.size).toBe(0);
    expect(writes).toEqual([
      header("a".repeat(32), 2) + "  ├─ a1 · internal · 1.0 ms\n  └─ a2 · internal · 1.0 ms\n",
      header("b".repeat(32), 1) + "  └─ b1 · internal · 1.0 ms\n",
    ]);
    // A timer that escaped cancellation finds nothing to print.
    for (const timer of stale) timer.fn();
    printer.flush();
    expect(writes).toHaveLength(2);
  });

  it("ignores a superseded timer when clearTimer cannot cancel it", () => {
    const timers = fakeTimers();
    const writes: string[] = [];
    const printer = new TracePrinter({ write: (text) => writes.push(text), setTimer: timers.setTimer });
    printer.add([one(TRACE, "first")]);
    const [first] = [...timers.live.values()];
    printer.add([{ ...one(TRACE, "second"), spanId: "ffffffffffffffff" }]);
    expect(timers.live.size).toBe(2);
    first!.fn();
    expect(writes).toEqual([]);
    timers.fireAll();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.startsWith(header(TRACE, 2))).toBe(true);
  });

  it("prints the oldest pending trace at once beyond maxPendingTraces", () => {
    const timers = fakeTimers();
    const writes: string[] = [];
    const printer = new TracePrinter({ write: (text) => writes.push(text), maxPendingTraces: 2, setTimer: timers.setTimer, clearTimer: timers.clearTimer });
    printer.add([one("1".repeat(32))]);
    printer.add([one("2".repeat(32))]);
    printer.add([one("1".repeat(32), "again")]); // still pending: no new trace, and trace 1 stays the oldest
    expect(writes).toEqual([]);
    printer.add([one("3".repeat(32))]);
    expect(writes).toEqual([header("1".repeat(32), 2) + "  ├─ s · internal · 1.0 ms\n  └─ again · internal · 1.0 ms\n"]);
    expect(timers.live.size).toBe(2);
  });

  it("close() flushes and ignores later adds", () => {
    const timers = fakeTimers();
    const writes: string[] = [];
    const printer = new TracePrinter({ write: (text) => writes.push(text), setTimer: timers.setTimer, clearTimer: timers.clearTimer });
    printer.add([one(TRACE)]);
    printer.close();
    expect(writes).toEqual([header(TRACE, 1) + "  └─ s · internal · 1.0 ms\n"]);
    printer.add([one(TRACE, "late")]);
    expect(timers.live.size).toBe(0);
    timers.fireAll();
    printer.flush();
    expect(writes).toHaveLength(1);
  });

  it("remembers the last 10,000 printed traces for the (continued) marker", () => {
    const run = (others: number) => {
      const writes: string[] = [];
      const printer = new TracePrinter({ write: (text) => writes.push(text), setTimer: () => 0, clearTimer: () => {} });
      printer.add([one(TRACE)]);
      printer.flush();
      printer.add(Array.from({ length: others }, (_, i) => one(i.toString(16).padStart(32, "0"))));
      printer.flush();
      printer.add([one(TRACE)]);
      printer.flush();
      return writes.at(-1)!.split("\n")[0];
    };
    expect(run(9_999)).toBe(header(TRACE, 1, true).trimEnd());
    expect(run(10_000)).toBe(header(TRACE, 1).trimEnd());
  });

  it("uses unref'ed setTimeout by default and survives a throwing write", async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(globalThis, "setTimeout");
    const printer = new TracePrinter({ write: (text) => writes.push(text), quietMs: 5 });
    printer.add([one(TRACE)]);
    const handle = spy.mock.results[0]!.value as NodeJS.Timeout;
    spy.mockRestore();
    expect(handle.hasRef()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes).toEqual([header(TRACE, 1) + "  └─ s · internal · 1.0 ms\n"]);
    const failing = new TracePrinter({ write: () => { throw new Error("EPIPE"); } });
    failing.add([one(TRACE)]);
    expect(() => failing.close()).not.toThrow();
  });
});
