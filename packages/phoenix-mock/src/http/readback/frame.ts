/**
 * The span dataframe Phoenix's span-query route builds (phoenix/trace/dsl/query.py `_get_spans_dataframe`): one row
 * per span, newest first, the fixed span columns, then one `attributes.<name>` column per attribute after Phoenix's
 * `_flatten_semantic_conventions` (OpenInference names stay flat, other dotted names nest under their first segment,
 * numeric segments make lists, JSON-string attributes are parsed). Pure data: the HTTP layer encodes it.
 */
import type { DecodedSpan, OtlpAttributeValue } from "../../otlp/decode.js";
import { STATUS_NAMES, flatten, spanAttributes, isoFromMicros, microsOf } from "./otlp-readback.js";
import { storedAttributes } from "../../otlp/phoenix-attributes.js";
import { frameCell, numericKind } from "./value-encoders.js";
import { JSON_STRING_ATTRIBUTES, SEMANTIC_CONVENTIONS } from "../../otlp/semantic-conventions.js";

/** pandas dtypes the frame's columns can have (pandas 3: `str` for text, NaN for missing). */
export type FrameDtype = "str" | "object" | "datetime" | "int64" | "float64" | "bool";

export interface FrameColumn {
  readonly name: string;
  readonly dtype: FrameDtype;
  /** One value per row; `null` is missing (NaN / None). Datetimes are microseconds since the epoch. */
  readonly values: readonly unknown[];
}

export interface SpanFrame {
  /** The index (`context.span_id`), kept as a column too (Phoenix sets it with `drop=False`). */
  readonly index: FrameColumn;
  readonly columns: readonly FrameColumn[];
}

const SPAN_KIND = "openinference.span.kind";
const EXCLUSIONS = [...SEMANTIC_CONVENTIONS].sort((a, b) => b.length - a.length);

/** Phoenix's `_Trie`: branches and list indices (all-digit segments followed by more segments). */
class Trie {
  value: unknown = undefined;
  readonly indices = new Set<number>();
  readonly branches = new Set<string | number>();
  readonly #children = new Map<string, Trie>();

  child(key: string | number): Trie {
    let next = this.#children.get(String(key));
    if (!next) this.#children.set(String(key), (next = new Trie()));
    return next;
  }

  setValue(value: unknown): void {
    this.value = value;
    for (const index of this.indices) this.branches.add(index);
    this.indices.clear();
  }

  addIndex(index: number): Trie {
    if (this.value !== undefined) this.branches.add(index);
    else if (!this.branches.has(index)) this.indices.add(index);
    return this.child(index);
  }

  addBranch(branch: string | number): Trie {
    if (typeof branch === "number") this.indices.delete(branch);
    this.branches.add(branch);
    return this.child(branch);
  }
}

/** `_partition_with_prefix_exclusion`: an OpenInference name is one segment. */
function partition(key: string): [string, string] {
  for (const prefix of EXCLUSIONS) {
    if (key.startsWith(prefix) && (key.length === prefix.length || key[prefix.length] === ".")) {
      return [prefix, key.slice(prefix.length + 1)];
    }
  }
  const dot = key.indexOf(".");
  return dot < 0 ? [key, ""] : [key.slice(0, dot), key.slice(dot + 1)];
}

/** `unflatten(pairs, prefix_exclusions=SEMANTIC_CONVENTIONS)`: the top-level [column, value] pairs. */
function unflatten(pairs: Iterable<[string, unknown]>): [string, unknown][] {
  const root = new Trie();
  for (const [fullKey, value] of pairs) {
    if (value === null || value === undefined) continue;
    let trie = root;
    let key = fullKey;
    for (;;) {
      const [head, rest] = partition(key);
      const segment = head.trim();
      if (/^\d+$/.test(segment)) trie = rest ? trie.addIndex(Number(segment)) : trie.addBranch(Number(segment));
      else trie = trie.addBranch(segment);
      if (!rest) break;
      key = rest;
    }
    trie.setValue(value);
  }
  return walk(root, "");
}

/** `_walk`: a value, a list of mappings for indices, or a mapping; remaining branches become dotted keys. */
function walk(trie: Trie, prefix: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (trie.value !== undefined) out.push([prefix, trie.value]);
  else if (prefix && trie.indices.size > 0) {
    const indices = [...trie.indices].sort((a, b) => a - b);
    out.push([prefix, indices.map((index) => Object.fromEntries(walk(trie.child(index), "")))]);
  } else if (trie.indices.size > 0) {
    for (const index of trie.indices) out.push(...walk(trie.child(index), String(index)));
  } else if (prefix) {
    out.push([prefix, Object.fromEntries(walk(trie, ""))]);
    return out;
  }
  for (const branch of trie.branches) out.push(...walk(trie.child(branch), prefix ? `${prefix}.${branch}` : String(branch)));
  return out;
}


/** The attribute cells of one span: Phoenix keeps `openinference.span.kind` and parses JSON-string attributes. */
export function frameAttributes(span: DecodedSpan): [string, unknown][] {
  // Phoenix's `flatten(..., json_string_attributes=...)`: a map under a JSON-string attribute stays whole (a cell).
  const flat = Object.entries(flatten(storedAttributes(span), isJsonString)).map(([key, value]): [string, unknown] => {
    const parsed = isJsonString(key) && typeof value === "string" ? parseJson(value) : undefined;
    return [key, parsed ?? frameCell(value)];
  });
  return unflatten(flat.filter(([key]) => key !== SPAN_KIND).concat(flat.filter(([key]) => key === SPAN_KIND)));
}

const isJsonString = (key: string) => [...JSON_STRING_ATTRIBUTES].some((name) => key.endsWith(name));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) ?? undefined;
  } catch {
    return undefined;
  }
}

/** pandas' inference for a column built from Python objects (pandas 3). */
function inferDtype(values: readonly unknown[]): FrameDtype {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return "object";
  if (present.every((v) => typeof v === "string")) return "str";
  const complete = present.length === values.length;
  if (present.every((v) => typeof v === "boolean")) return complete ? "bool" : "object";
  if (present.every((v) => numericKind(v))) return complete && present.every((v) => numericKind(v) === "int") ? "int64" : "float64";
  return "object";
}

/** The span's `span_kind` column: its `openinference.span.kind`, else UNKNOWN. */
export function spanKindOf(span: DecodedSpan): string {
  const kind = spanAttributes(span)[SPAN_KIND];
  return typeof kind === "string" ? kind : "UNKNOWN";
}

export function statusNameOf(span: DecodedSpan): string {
  return STATUS_NAMES[String(span.status.code)] ?? "UNSET";
}

export interface FrameRow {
  readonly span: DecodedSpan;
}

/** The dataframe of `rows` (already filtered, ordered and limited). */
export function spanFrame(rows: readonly FrameRow[]): SpanFrame {
  const column = (name: string, values: unknown[], dtype?: FrameDtype): FrameColumn => ({ name, values, dtype: dtype ?? inferDtype(values) });
  // An empty result is `read_sql_query` of no rows: object columns, no attribute columns.
  const empty = rows.length === 0;
  const text = (name: string, pick: (span: DecodedSpan) => unknown) =>
    column(name, rows.map(({ span }) => pick(span)), empty ? "object" : undefined);
  const times = (name: string, pick: (span: DecodedSpan) => string) =>
    column(name, rows.map(({ span }) => microsOf(pick(span))), empty ? "object" : "datetime");
  const spanIds = text("context.span_id", (span) => span.spanId);
  const fixed: FrameColumn[] = [
    text("name", (span) => span.name),
    text("span_kind", spanKindOf),
    text("parent_id", (span) => span.parentSpanId ?? null),
    times("start_time", (span) => span.startTimeUnixNano),
    times("end_time", (span) => span.endTimeUnixNano),
    text("status_code", statusNameOf),
    text("status_message", (span) => span.status.message || ""),
    column(
      "events",
      rows.map(({ span }) =>
        span.events.map((event) => ({ name: event.name, timestamp: isoFromMicros(microsOf(event.timeUnixNano)), attributes: event.attributes })),
      ),
      "object",
    ),
    spanIds,
    text("context.trace_id", (span) => span.traceId),
  ];
  const cells = rows.map(({ span }) => new Map(frameAttributes(span)));
  const names: string[] = [];
  for (const row of cells) for (const name of row.keys()) if (!names.includes(name)) names.push(name);
  const attributes = names.map((name) => column(`attributes.${name}`, cells.map((row) => row.get(name) ?? null)));
  return { index: spanIds, columns: [...fixed, ...attributes] };
}
