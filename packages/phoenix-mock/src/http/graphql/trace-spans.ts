import { PhoenixUnhandledError } from "../errors.js";
import { PublicError } from "./errors.js";
import { spanSideRef, type SpanSideRef } from "./span-values.js";
import { decodeGlobalId, pythonInt, type GraphqlContext } from "./values.js";

/** Phoenix's page-size cap on forward-paginated connections (RequireForwardPaginationExtension). */
const MAX_PAGE_SIZE = 1000;

export interface TraceSpansArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  filterCondition?: string | null;
}

/** Phoenix's `Cursor(rowid)`: base64 of the row id. */
const cursorOf = (rowId: number): string => Buffer.from(String(rowId), "utf8").toString("base64");

/** `Cursor.from_string`: base64 of an integer row id, else Phoenix's `Invalid cursor format` (a ValueError: masked). */
function rowIdOfCursor(cursor: string): number {
  const compact = cursor.replace(/[^A-Za-z0-9+/=]/g, "");
  const text = compact.length % 4 === 0 ? Buffer.from(compact, "base64").toString("utf8") : "";
  const rowId = text.includes(":") ? undefined : pythonInt(text);
  if (rowId === undefined) throw new PhoenixUnhandledError(`Invalid cursor format: ${cursor}`);
  return rowId;
}

/** `Trace.spans`: the trace's spans newest first, `after` a row-id cursor; touches only the page (plus one). */
export function traceSpans(ctx: GraphqlContext, ref: SpanSideRef, args: TraceSpansArgs) {
  const { first, last, before, after, filterCondition } = args;
  if (first == null) throw new PublicError("`first` is required");
  if (first <= 0) throw new PublicError("`first` must be a positive integer");
  if (first > MAX_PAGE_SIZE) throw new PublicError(`\`first\` must be less than or equal to ${MAX_PAGE_SIZE}`);
  if (last != null) throw new PublicError("Backward pagination with `last` is not supported");
  if (before != null) throw new PublicError("Backward pagination with `before` is not supported");
  // Phoenix's span filter DSL is not modelled: an error (masked), never a silently unfiltered page.
  if (filterCondition) throw new PhoenixUnhandledError("phoenix-mock does not evaluate filterCondition on Trace.spans");
  // A Trace node whose row does not exist has no spans (Phoenix selects by trace row id).
  const spans = ctx.traces?.trace(ref.rowId)?.data.spans;
  if (!spans) return { edges: [], pageInfo: { startCursor: null, endCursor: null, hasPreviousPage: false, hasNextPage: false } };
  const below = after != null ? rowIdOfCursor(after) : Number.POSITIVE_INFINITY;
  const start = below === Number.POSITIVE_INFINITY ? spans.length - 1 : spans.lowerBound(below) - 1;
  const edges: { cursor: string; node: SpanSideRef }[] = [];
  let i = start;
  for (; i >= 0 && edges.length < first; i--) {
    const rowId = spans.at(i)!.rowId;
    edges.push({ cursor: cursorOf(rowId), node: spanSideRef("Span", rowId) });
  }
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: false,
      hasNextPage: i >= 0,
    },
  };
}

/**
 * `Project.trace(traceId)`: by a Trace GlobalID, else by the OpenTelemetry trace id; only within this project (null
 * otherwise, also for a project that does not exist).
 */
export function projectTrace(ctx: GraphqlContext, ref: SpanSideRef, traceId: string): SpanSideRef | null {
  const gid = decodeGlobalId(traceId);
  const rowId = gid?.type === "Trace" ? pythonInt(gid.nodeId) : undefined;
  const trace = rowId !== undefined ? ctx.traces?.trace(rowId) : ctx.traces?.trace(traceId);
  return trace && ctx.traces?.project(trace.data.project)?.id === ref.rowId ? spanSideRef("Trace", trace.rowId) : null;
}
