import { parseGlobalId } from "../../core/index.js";
import { type TraceStore } from "../../spans/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import { HttpError } from "../errors.js";
import { takePage } from "../pagination.js";
import { Issues, queryInt } from "../validation.js";

/** The two span read-back routes: `/spans` (Phoenix's JSON) and `/spans/otlpv1` (OTLP JSON). */
export type SpanRoute = "spans" | "otlpv1";

export interface SpanRow {
  rowId: number;
  span: DecodedSpan;
}

/** What a span read-back request asks for, after Phoenix's query validation. */
export interface SpanQuery {
  limit: number;
  ascending: boolean;
  /** A filter Phoenix supports and the mock does not (the route answers 501 naming it). */
  unsupported: string | undefined;
  cursor: string | null;
  matches: (span: DecodedSpan) => boolean;
}

const UNSUPPORTED_SPAN_FILTERS = ["start_time", "end_time", "span_kind", "status_code", "attribute"];

/**
 * The query both span routes share: `trace_id`, `span_id`, `name` (repeatable), `parent_id` (`null` for roots),
 * `limit` (1..1000), `cursor` (a Span GlobalID); `/spans` also takes `sort` and `order`. Invalid values are
 * Phoenix's 422 (ValidationFailed).
 */
export function parseSpanQuery(url: URL, route: SpanRoute): SpanQuery {
  const { searchParams } = url;
  const issues = new Issues();
  const limit = queryInt(url, "limit", 100, { gt: 0, le: 1000 }, issues);
  const order = searchParams.get("order") ?? "desc";
  const sort = searchParams.get("sort") ?? "id";
  if (route === "spans") {
    for (const [name, value, allowed] of [["sort", sort, ["id", "start_time"]], ["order", order, ["asc", "desc"]]] as const) {
      if (!(allowed as readonly string[]).includes(value)) {
        const expected = allowed.map((a) => `'${a}'`).join(" or ");
        issues.add({ type: "literal_error", loc: ["query", name], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
      }
    }
  }
  issues.throwIfAny();
  const inList = (name: string, value: string | undefined) => !searchParams.has(name) || searchParams.getAll(name).includes(value ?? "");
  const parentId = searchParams.get("parent_id");
  return {
    limit,
    ascending: route === "spans" && order === "asc",
    unsupported: UNSUPPORTED_SPAN_FILTERS.find((name) => searchParams.has(name)) ?? (sort === "start_time" ? "sort=start_time" : undefined),
    cursor: searchParams.get("cursor"),
    matches: (span) =>
      inList("trace_id", span.traceId) &&
      inList("span_id", span.spanId) &&
      inList("name", span.name) &&
      (parentId === null || (parentId === "null" ? !span.parentSpanId : span.parentSpanId === parentId)),
  };
}

/**
 * One page of a project's spans, keyset-paginated from the cursor's row: touches the rows it returns (and those the
 * filters skip), nothing else. An undecodable cursor is Phoenix's 422 `Invalid cursor`.
 */
export function spanPage(
  traces: TraceStore<DecodedSpan>,
  project: string,
  query: SpanQuery,
): { page: SpanRow[]; nextCursor: string | null } {
  const decodedCursor = query.cursor ? parseGlobalId(query.cursor) : undefined;
  if (query.cursor && !decodedCursor) throw new HttpError(422, "Invalid cursor");
  function* rows(): Generator<SpanRow> {
    for (const stored of traces.iterate(project, { order: query.ascending ? "asc" : "desc", fromRowId: decodedCursor?.id })) {
      if (query.matches(stored.span)) yield { rowId: stored.rowId, span: stored.span };
    }
  }
  return takePage(rows(), { limit: query.limit, idOf: (row) => row.rowId, type: "Span" });
}
