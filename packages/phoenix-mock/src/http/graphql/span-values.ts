import { toGlobalId } from "../../core/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { Project, StoredSpan, TraceRow } from "../../spans/index.js";
import { PhoenixUnhandledError } from "../errors.js";
import { storedAttributes } from "../../otlp/phoenix-attributes.js";
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
 * The nested attributes Phoenix stores (otlp/phoenix-attributes.ts: its OTLP ingest transformation, `unflatten` of the
 * dotted keys), as `json.dumps` writes them. Phoenix walks a set of branches, so its key order varies between runs.
 */
export function attributesJson(span: DecodedSpan): string {
  return pythonDumps(storedAttributes(span));
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
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${pythonDumps(k)}: ${pythonDumps(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
