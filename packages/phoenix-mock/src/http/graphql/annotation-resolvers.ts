/**
 * SpanAnnotation nodes (notes are annotations named `note`) over the span store's annotation rows, as Phoenix 20.26.1
 * answers them: `node(id)` returns the node without a lookup (its fields fail as an internal error when the row is
 * absent); `Span.spanAnnotations` sorts by name (or the given column; ties in row order) after the filter;
 * `Span.spanNotes` lists the span's notes oldest first.
 */
import { isoformat, toGlobalId } from "../../core/index.js";
import type { StoredSpanAnnotation } from "../../spans/index.js";
import { PhoenixUnhandledError } from "../errors.js";
import { PublicError } from "./errors.js";
import { spanSideRef, type SpanSideRef } from "./span-values.js";
import { decodeGlobalId, userRef, type GraphqlContext } from "./values.js";

export interface SpanAnnotationRef {
  readonly __typename: "SpanAnnotation";
  readonly rowId: number;
}

export const spanAnnotationRef = (rowId: number): SpanAnnotationRef => ({ __typename: "SpanAnnotation", rowId });

function load(ctx: GraphqlContext, ref: SpanAnnotationRef): StoredSpanAnnotation {
  const row = ctx.traces?.annotations.get(ref.rowId);
  if (!row) throw new PhoenixUnhandledError(`SpanAnnotation ${ref.rowId} not found`);
  return row;
}

/** Phoenix's `user_id` (ON DELETE SET NULL): null once the user is deleted. */
function userIdOf(ctx: GraphqlContext, row: StoredSpanAnnotation): number | null {
  return row.userId !== null && ctx.model.users.get(row.userId) ? row.userId : null;
}

interface FilterCondition {
  readonly names?: readonly string[] | null;
  readonly sources?: readonly string[] | null;
  readonly userIds?: readonly (string | null)[] | null;
}
interface AnnotationFilter {
  readonly include?: FilterCondition | null;
  readonly exclude?: FilterCondition | null;
}
interface SpanAnnotationsArgs {
  readonly sort?: { col: "createdAt" | "name"; dir: "asc" | "desc" } | null;
  readonly filter?: AnnotationFilter | null;
}

/** Phoenix checks the filter when it builds the input (so even for a span without annotations): BadRequest. */
function checkFilter(filter: AnnotationFilter): void {
  for (const condition of [filter.include, filter.exclude]) {
    if (!condition) continue;
    if (condition.names && condition.names.length === 0) throw new PublicError("names must be a non-empty list");
    if (condition.sources && condition.sources.length === 0) throw new PublicError("sources must be a non-empty list");
    if (condition.userIds && condition.userIds.length === 0) throw new PublicError("user ids must be a non-empty list");
  }
  if (filter.include === undefined && filter.exclude === undefined) {
    throw new PublicError("include and exclude cannot both be unset");
  }
}

/** A User GlobalID's row id (null stays null: annotations without a user); another type is an internal error. */
function userRowIds(ids: readonly (string | null)[]): (number | null)[] {
  return ids.map((id) => {
    if (id === null) return null;
    const gid = decodeGlobalId(id);
    if (!gid || gid.type !== "User") throw new PhoenixUnhandledError("The node id must correspond to a node of type User");
    const rowId = Number(gid.nodeId);
    if (!Number.isInteger(rowId)) throw new PhoenixUnhandledError("invalid User node id");
    return rowId;
  });
}

function satisfies(ctx: GraphqlContext, row: StoredSpanAnnotation, filter: AnnotationFilter): boolean {
  const { include, exclude } = filter;
  const userId = userIdOf(ctx, row);
  if (include) {
    if (include.names?.length && !include.names.includes(row.name)) return false;
    if (include.sources?.length && !include.sources.includes(row.source)) return false;
    if (include.userIds?.length && !userRowIds(include.userIds).includes(userId)) return false;
  }
  if (exclude) {
    if (exclude.names?.length && exclude.names.includes(row.name)) return false;
    if (exclude.sources?.length && exclude.sources.includes(row.source)) return false;
    if (exclude.userIds?.length && userRowIds(exclude.userIds).includes(userId)) return false;
  }
  return true;
}

/** A span's annotation rows in row-id order (the order Phoenix's loader reads them in). */
function rowsOfSpan(ctx: GraphqlContext, span: SpanSideRef): StoredSpanAnnotation[] {
  const annotations = ctx.traces?.annotations;
  if (!annotations) return [];
  return [...annotations.idsOfSpan(span.rowId)].sort((a, b) => a - b).map((id) => annotations.get(id)!);
}

/** Python's `<` on str (code points) and on datetimes; a stable sort, and reverse keeps ties in their order. */
function compare(a: string | bigint, b: string | bigint): number {
  if (typeof a === "string" && typeof b === "string") {
    const [x, y] = [[...a].map((c) => c.codePointAt(0)!), [...b].map((c) => c.codePointAt(0)!)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function spanAnnotations(ctx: GraphqlContext, span: SpanSideRef, args: SpanAnnotationsArgs): SpanAnnotationRef[] {
  if (args.filter) checkFilter(args.filter);
  let rows = rowsOfSpan(ctx, span);
  if (args.filter) rows = rows.filter((row) => satisfies(ctx, row, args.filter!));
  const key = (row: StoredSpanAnnotation) => (args.sort?.col === "createdAt" ? row.createdAt : row.name);
  const sign = args.sort?.dir === "desc" ? -1 : 1;
  return rows.sort((a, b) => sign * compare(key(a), key(b))).map((row) => spanAnnotationRef(row.id));
}

export function spanNotes(ctx: GraphqlContext, span: SpanSideRef): SpanAnnotationRef[] {
  const notes = rowsOfSpan(ctx, span).filter((row) => row.name === "note");
  return notes.sort((a, b) => compare(a.createdAt, b.createdAt)).map((row) => spanAnnotationRef(row.id));
}

type Ctx = GraphqlContext;
type Ref = SpanAnnotationRef;

export const ANNOTATION_RESOLVERS = {
  SpanAnnotation: {
    id: (ref: Ref) => toGlobalId("SpanAnnotation", ref.rowId),
    name: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).name,
    annotatorKind: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).annotatorKind,
    label: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).label,
    score: (ref: Ref, _: unknown, ctx: Ctx) => {
      const score = load(ctx, ref).score;
      return score !== null && Number.isFinite(score) ? score : null;
    },
    explanation: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).explanation,
    metadata: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).metadata,
    source: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).source,
    identifier: (ref: Ref, _: unknown, ctx: Ctx) => load(ctx, ref).identifier,
    createdAt: (ref: Ref, _: unknown, ctx: Ctx) => isoformat(load(ctx, ref).createdAt),
    updatedAt: (ref: Ref, _: unknown, ctx: Ctx) => isoformat(load(ctx, ref).updatedAt),
    user: (ref: Ref, _: unknown, ctx: Ctx) => {
      const userId = userIdOf(ctx, load(ctx, ref));
      return userId === null ? null : userRef(userId);
    },
    spanId: (ref: Ref, _: unknown, ctx: Ctx) => toGlobalId("Span", load(ctx, ref).spanRowId),
    span: (ref: Ref, _: unknown, ctx: Ctx) => spanSideRef("Span", load(ctx, ref).spanRowId),
  },
};
