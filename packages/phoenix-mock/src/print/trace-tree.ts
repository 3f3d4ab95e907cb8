import type { MockSpan } from "../wait.js";

/** Attributes shown on a span's line, in priority order (at most 3); a slot with alternatives shows the first present. */
const KEY_ATTRIBUTES: readonly (readonly string[])[] = [["openinference.span.kind"], ["llm.model_name"],
  ["http.request.method", "http.method"], ["http.route"], ["url.full", "http.url"], ["db.system"], ["rpc.method"]];
const MAX_INDENT_DEPTH = 64; // beyond it indentation stops growing, so a pathological chain cannot blow up the output
const REMEMBERED_TRACES = 10_000; // printed trace ids a TracePrinter remembers for the `(continued)` marker

/** Cuts `text` to at most `max` UTF-16 units, the last being `…`, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
}
/** One line of text: runs of control characters (newlines, tabs, escapes) become a space. */
const oneLine = (value: unknown): string => String(value).replace(/[\u0000-\u001f\u007f]+/g, " ");
function parseNs(value: unknown): bigint | undefined {
  if (typeof value === "string" && /^\d{1,30}$/.test(value)) return BigInt(value);
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
}
/** `<0.1 ms`, `12.3 ms` (one decimal below 1 s), `1.20 s`; `? ms` when a time is missing or the end precedes the start. */
function formatDuration(start: bigint | undefined, end: bigint | undefined): string {
  if (start === undefined || end === undefined || end < start) return "? ms";
  const ns = end - start;
  if (ns < 100_000n) return ns === 0n ? "0 ms" : "<0.1 ms";
  const tenthsOfMs = (ns + 50_000n) / 100_000n;
  if (tenthsOfMs < 10_000n) return `${tenthsOfMs / 10n}.${tenthsOfMs % 10n} ms`;
  const hundredthsOfS = (ns + 5_000_000n) / 10_000_000n;
  return `${hundredthsOfS / 100n}.${String(hundredthsOfS % 100n).padStart(2, "0")} s`;
}
function formatKind(kind: unknown): string {
  if (typeof kind === "string" && kind !== "") return oneLine(kind.replace(/^SPAN_KIND_/, "").toLowerCase());
  return typeof kind === "number" ? `kind ${kind}` : "unspecified";
}
/** `ok`, `error: <message>`, `status <n>` for a code outside the enum, or undefined when unset. */
function formatStatus(status: unknown): string | undefined {
  const { code, message } = (typeof status === "object" && status !== null ? status : {}) as { code?: unknown; message?: unknown };
  if (code === undefined || code === "STATUS_CODE_UNSET" || code === 0) return undefined;
  if (code === "STATUS_CODE_OK") return "ok";
  if (code !== "STATUS_CODE_ERROR") return typeof code === "number" ? `status ${code}` : oneLine(code).replace(/^STATUS_CODE_/, "").toLowerCase();
  const text = typeof message === "string" ? oneLine(message).trim() : "";
  return text === "" ? "error" : `error: ${cut(text, 80)}`;
}
/** A string JSON-quoted, bytes as `<n bytes>`, anything else as JSON or text; cut at 60 characters. */
function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(cut(value, 60));
  const plain = (inner: unknown) => (inner instanceof Uint8Array ? `<${inner.length} bytes>` : typeof inner === "bigint" ? String(inner) : inner);
  try {
    if (typeof value !== "object" || value === null || value instanceof Uint8Array) return cut(oneLine(plain(value)), 60);
    return cut(JSON.stringify(value, (_key, inner: unknown) => plain(inner)) ?? oneLine(value), 60);
  } catch {
    return "[unprintable]";
  }
}
function formatAttributes(attributes: unknown): string | undefined {
  const record = (attributes ?? {}) as Record<string, unknown>;
  const shown: string[] = [];
  for (const slot of KEY_ATTRIBUTES) {
    const key = slot.find((name) => Object.prototype.hasOwnProperty.call(record, name) && record[name] !== undefined);
    if (key !== undefined && shown.push(`${key}=${formatValue(record[key])}`) === 3) break;
  }
  return shown.length > 0 ? shown.join(" ") : undefined;
}
interface Node { span: MockSpan; id: string; parent: string | undefined; start: bigint | undefined; children: Node[] }
/** By start time (unknown last), then span id. */
function compareNodes(a: Node, b: Node): number {
  if (a.start !== b.start) return a.start === undefined ? 1 : b.start === undefined || a.start < b.start ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
function formatLine({ span, start }: Node, marker: string | undefined): string {
  const parts = [oneLine(span.name ?? "?"), formatKind(span.kind), formatDuration(start, parseNs(span.endTimeUnixNano))];
  for (const part of [formatStatus(span.status), formatAttributes(span.attributes), marker]) if (part !== undefined) parts.push(part);
  return parts.join(" · ");
}

/**
 * Renders one trace's spans as a tree, a `\n`-terminated line per span, no colours: a header `trace <traceId> · project
 * <project> · <n> spans[ (continued)]`, then `  └─ <name> · <kind> · <duration>[ · <status>][ · <attributes>]` with
 * children below (`├─ `, `└─ `, `│  `) sorted by start time, then span id. A span whose parent is not among `spans` is a
 * root marked `(parent <8 hex> not received)`; spans no root leads to (a parent cycle) are shown once, the first of each
 * cycle as a root marked `(parent <8 hex> in a cycle)`. Returns "" for no spans; never throws on odd field values.
 */
export function formatTraceTree(spans: readonly MockSpan[], options: { continued?: boolean } = {}): string {
  if (spans.length === 0) return "";
  const nodes: Node[] = spans.map((span) => {
    const parent: unknown = span.parentSpanId, start = parseNs(span.startTimeUnixNano);
    return { span, id: oneLine(span.spanId ?? ""), parent: parent == null || parent === "" ? undefined : oneLine(parent), start, children: [] };
  });
  const byId = new Map<string, Node>();
  for (const node of nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const roots: Node[] = [];
  for (const node of nodes) {
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    (parent === undefined ? roots : parent.children).push(node);
  }
  for (const list of [roots, ...nodes.map((node) => node.children)]) list.sort(compareNodes);
  // Tops: the roots, then the first unreached span of each parent cycle (spans no root leads to).
  const tops = roots.map((node) => ({ node, marker: node.parent === undefined ? undefined : `(parent ${node.parent.slice(0, 8)} not received)` }));
  const reached = new Set<Node>();
  const reach = (stack: Node[]): void => {
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) if (!reached.has(node)) reached.add(node), stack.push(...node.children);
  };
  reach([...roots]);
  for (const node of [...nodes].sort(compareNodes)) {
    if (!reached.has(node)) tops.push({ node, marker: `(parent ${(node.parent ?? "").slice(0, 8)} in a cycle)` }), reach([node]);
  }
  const projects = [...new Set(spans.map((span) => oneLine(span.project ?? "?")))].join(", ");
  const count = `${spans.length} span${spans.length === 1 ? "" : "s"}${options.continued ? " (continued)" : ""}`;
  let out = `trace ${oneLine(spans[0]!.traceId ?? "?")} · project ${projects} · ${count}\n`;
  const visited = new Set<Node>();
  const stack = tops.map((top, i) => ({ ...top, prefix: "", last: i === tops.length - 1 })).reverse();
  while (stack.length > 0) {
    const { node, marker, prefix, last } = stack.pop()!;
    if (visited.has(node)) continue;
    visited.add(node);
    out += `  ${prefix}${last ? "└─ " : "├─ "}${formatLine(node, marker)}\n`;
    const children = node.children.filter((child) => !visited.has(child));
    const inner = prefix.length >= 3 * MAX_INDENT_DEPTH ? prefix : prefix + (last ? "   " : "│  ");
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, marker: undefined, prefix: inner, last: i === children.length - 1 });
  }
  return out;
}

/**
 * Options of {@link TracePrinter}: `write` gets each block (a whole trace); a trace is printed once quiet for `quietMs`
 * (default 500); beyond `maxPendingTraces` (default 1000) waiting traces, the oldest is printed at once. `setTimer` and
 * `clearTimer` default to `setTimeout` (unref'ed: a pending print never keeps the process alive) and `clearTimeout`.
 */
export interface TracePrinterOptions {
  write: (text: string) => void;
  quietMs?: number;
  maxPendingTraces?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

function unrefTimeout(fn: () => void, ms: number): unknown {
  const handle: { unref?: unknown } = setTimeout(fn, ms);
  if (typeof handle.unref === "function") handle.unref();
  return handle;
}

/**
 * Prints stored spans as whole traces with {@link formatTraceTree}: spans are grouped by trace id, and a trace is
 * written once it has been quiet for `quietMs`. Spans of a trace that arrive after it was printed come out as a new
 * block marked `(continued)`. A throwing `write` is ignored: printing is a diagnostic and must not break the mock.
 */
export class TracePrinter {
  readonly #options: Required<TracePrinterOptions>;
  readonly #pending = new Map<string, { spans: MockSpan[]; timer: unknown }>(); // oldest first
  readonly #printed = new Set<string>(); // recently printed trace ids, least recent first
  #closed = false;
  /** See {@link TracePrinterOptions}. */
  constructor({ write, quietMs, maxPendingTraces, setTimer = unrefTimeout, clearTimer }: TracePrinterOptions) {
    const number = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? Math.max(0, value) : fallback);
    const clear = clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.#options = { write, quietMs: number(quietMs, 500), maxPendingTraces: Math.floor(number(maxPendingTraces, 1000)), setTimer, clearTimer: clear };
  }
  /** Takes spans as they are stored (any mix of traces) and restarts the quiet period of each trace they belong to. */
  add(spans: readonly MockSpan[]): void {
    if (this.#closed) return;
    const { setTimer, clearTimer, quietMs, maxPendingTraces } = this.#options;
    const touched = new Set<string>();
    for (const span of spans) {
      const traceId = String(span.traceId);
      const entry = this.#pending.get(traceId) ?? { spans: [], timer: undefined };
      if (entry.spans.push(span) === 1) this.#pending.set(traceId, entry);
      touched.add(traceId);
    }
    for (const traceId of touched) {
      const entry = this.#pending.get(traceId)!;
      if (entry.timer !== undefined) clearTimer(entry.timer);
      // The check makes a timer that was not cancelled (a custom setTimer without its clearTimer) harmless.
      let timer: unknown;
      entry.timer = timer = setTimer(() => this.#pending.get(traceId) === entry && entry.timer === timer && this.#print(traceId), quietMs);
    }
    while (this.#pending.size > maxPendingTraces) this.#print(this.#pending.keys().next().value!);
  }
  /** Prints every pending trace now, oldest first, and cancels their timers. */
  flush(): void {
    for (const traceId of [...this.#pending.keys()]) this.#print(traceId);
  }
  /** Flushes, then ignores later {@link add} calls. */
  close(): void {
    this.flush();
    this.#closed = true;
  }
  #print(traceId: string): void {
    const entry = this.#pending.get(traceId);
    if (entry === undefined) return;
    this.#pending.delete(traceId);
    this.#options.clearTimer(entry.timer);
    const continued = this.#printed.delete(traceId); // re-added below as the most recent
    this.#printed.add(traceId);
    if (this.#printed.size > REMEMBERED_TRACES) this.#printed.delete(this.#printed.values().next().value!);
    try {
      this.#options.write(formatTraceTree(entry.spans, { continued }));
    } catch {} // e.g. EPIPE on a closed stderr, maybe from a timer: a diagnostic must never crash the mock
  }
}
