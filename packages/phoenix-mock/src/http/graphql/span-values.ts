import { toGlobalId } from "../../core/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { Project, StoredSpan, TraceRow } from "../../spans/index.js";
import { PhoenixUnhandledError } from "../errors.js";
import { flatten } from "../readback/otlp-readback.js";
import { bytesAsHex } from "../readback/value-encoders.js";
import { Double, kindOf, pythonFloat } from "../../otlp/values.js";
import type { GraphqlContext } from "./values.js";

/** Span-side nodes: only the row id, loaded field by field as Phoenix's dataloaders do. */
export interface SpanSideRef {
  readonly __typename: "Span" | "Trace" | "Project" | "ProjectSession";
  readonly rowId: number;
}
export const spanSideRef = (__typename: SpanSideRef["__typename"], rowId: number): SpanSideRef => ({ __typename, rowId });
export const spanSideId = (ref: SpanSideRef): string => toGlobalId(ref.__typename, ref.rowId);

function store(ctx: GraphqlContext) {
  if (!ctx.traces) throw new PhoenixUnhandledError("no span store");
  return ctx.traces;
}

/** A vanished or never-existing row fails its fields as an internal error (masked). */
function missing(ref: SpanSideRef): never {
  throw new PhoenixUnhandledError(`${ref.__typename} ${ref.rowId} not found`);
}

export function loadSpan(ctx: GraphqlContext, ref: SpanSideRef): StoredSpan<DecodedSpan> {
  return store(ctx).byRowId(ref.rowId) ?? missing(ref);
}

export function loadTrace(ctx: GraphqlContext, ref: SpanSideRef): TraceRow {
  return store(ctx).trace(ref.rowId) ?? missing(ref);
}

export function loadProject(ctx: GraphqlContext, ref: SpanSideRef): Project {
  return store(ctx).project(ref.rowId) ?? missing(ref);
}

export function loadSession(ctx: GraphqlContext, ref: SpanSideRef) {
  return store(ctx).session(ref.rowId) ?? missing(ref);
}

export function spanByOtelId(ctx: GraphqlContext, spanId: string): SpanSideRef | null {
  const stored = store(ctx).get(spanId);
  return stored ? spanSideRef("Span", stored.rowId) : null;
}

export function traceOfSpan(ctx: GraphqlContext, ref: SpanSideRef): TraceRow {
  const { span } = loadSpan(ctx, ref);
  return store(ctx).trace(span.traceId) ?? missing(ref);
}

export function projectRef(ctx: GraphqlContext, name: string): SpanSideRef {
  const project = store(ctx).project(name);
  if (!project) throw new PhoenixUnhandledError(`project ${name} not found`);
  return spanSideRef("Project", project.id);
}

export function sessionRef(ctx: GraphqlContext, sessionId: string | undefined): SpanSideRef | null {
  const session = sessionId === undefined ? undefined : store(ctx).session(sessionId);
  return session ? spanSideRef("ProjectSession", session.rowId) : null;
}

/**
 * The nested attributes Phoenix stores (`unflatten` of the dotted keys: an all-digit segment followed by more becomes
 * a list index), as `json.dumps` writes them. Phoenix walks a set of branches, so its key order varies between runs.
 */
export function attributesJson(span: DecodedSpan): string {
  const root: Branch = new Map();
  for (const [key, value] of Object.entries(flatten(span.attributes))) {
    const segments = key.split(".");
    let node: Branch = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      // An all-digit segment with more after it is an index: the node becomes a list of maps (Phoenix's `add_index`).
      const asIndex = /^\d+$/.test(segments[i + 1]!) && i + 2 < segments.length;
      let child = node.get(segment);
      if (!(child instanceof Map)) node.set(segment, (child = asIndex ? new IndexList() : new Map()));
      node = child as Branch;
    }
    const last = segments[segments.length - 1]!;
    if (!node.has(last)) node.set(last, value);
  }
  return pythonDumps(root);
}

type Branch = Map<string, unknown>;
/** A list of maps by index: written in index order, only the indices present (never a sparse array). */
class IndexList extends Map<string, unknown> {}

/**
 * A map's entries as Phoenix's `_walk` yields them: an index list becomes a list of its maps in index order, and a
 * scalar under an all-digit key there stays a dotted key (`a.2`) beside it.
 */
function entriesOf(branch: Branch): [string, unknown][] {
  return [...branch].flatMap(([key, child]): [string, unknown][] => {
    if (!(child instanceof IndexList)) return [[key, child]];
    const byIndex = [...child].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    const maps = byIndex.filter(([, v]) => v instanceof Map).map(([, v]) => v);
    const scalars = byIndex.filter(([, v]) => !(v instanceof Map)).map(([i, v]): [string, unknown] => [`${key}.${i}`, v]);
    return [[key, maps], ...scalars];
  });
}

function pythonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number" || value instanceof Double) {
    const number = Number(value);
    if (Number.isNaN(number)) return "NaN";
    if (!Number.isFinite(number)) return number > 0 ? "Infinity" : "-Infinity";
    return kindOf(value) === "int" ? String(number) : pythonFloat(number); // an integral double stays 2.0
  }
  if (typeof value === "string") return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (value instanceof Uint8Array) return pythonDumps(bytesAsHex(value));
  if (value instanceof Map) return `{${entriesOf(value).map(([k, v]) => `${pythonDumps(k)}: ${pythonDumps(v)}`).join(", ")}}`;
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${pythonDumps(k)}: ${pythonDumps(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
