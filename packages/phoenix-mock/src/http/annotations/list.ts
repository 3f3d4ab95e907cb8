import { toGlobalId } from "../../core/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { StoredSpanAnnotation, TraceStore } from "../../spans/index.js";
import { isoformat } from "../../core/index.js";
import { HttpError } from "../errors.js";
import { decodeGlobalId, pythonInt } from "../graphql/values.js";

/** Phoenix's bounds on `GET /v1/projects/{id}/span_annotations` (routers/v1/annotations.py). */
export const MAX_SPAN_IDS = 1_000;
export const MAX_ANNOTATION_IDENTIFIERS = 1_000;

export interface SpanAnnotationQuery {
  spanIds: string[];
  identifiers: string[];
  include?: string[];
  exclude?: string[];
  cursor?: string;
  limit: number;
}

/** An annotation as Phoenix's REST routes show it (`SpanAnnotation` of routers/v1/annotations.py). */
export function spanAnnotationJson(row: StoredSpanAnnotation, spanId: string): Record<string, unknown> {
  return {
    id: toGlobalId("SpanAnnotation", row.id),
    created_at: isoformat(row.createdAt),
    updated_at: isoformat(row.updatedAt),
    source: row.source,
    user_id: row.userId ? toGlobalId("User", row.userId) : null,
    name: row.name,
    annotator_kind: row.annotatorKind,
    result: { label: row.label, score: row.score, explanation: row.explanation },
    metadata: row.metadata,
    identifier: row.identifier,
    span_id: spanId,
  };
}

/** `int(GlobalID.from_id(cursor).node_id)`: any type name, an integer id, else Phoenix's 422. */
function cursorId(cursor: string): number {
  const decoded = decodeGlobalId(cursor);
  const id = decoded ? pythonInt(decoded.nodeId) : undefined;
  if (id === undefined) throw new HttpError(422, "Invalid cursor value");
  return id;
}

/**
 * One page of a project's span annotations, newest id first, as Phoenix's `list_span_annotations` selects them. The
 * candidates come from the span ids' and identifiers' indexes (at most 1,000 of each), so the work is what those
 * spans and identifiers hold, never the whole store.
 */
export function spanAnnotationPage(traces: TraceStore<DecodedSpan>, projectName: string, query: SpanAnnotationQuery) {
  const { annotations } = traces;
  const upTo = query.cursor ? cursorId(query.cursor) : Number.POSITIVE_INFINITY;
  const spanIdOf = new Map<number, string>();
  let candidates: Set<number>;
  if (query.spanIds.length > 0) {
    candidates = new Set();
    for (const spanId of query.spanIds) {
      const stored = traces.get(spanId);
      if (!stored || stored.project !== projectName) continue;
      spanIdOf.set(stored.rowId, spanId);
      for (const id of annotations.idsOfSpan(stored.rowId)) candidates.add(id);
    }
    if (query.identifiers.length > 0) {
      const wanted = new Set(query.identifiers);
      candidates = new Set([...candidates].filter((id) => wanted.has(annotations.get(id)!.identifier)));
    }
  } else {
    candidates = new Set(query.identifiers.flatMap((identifier) => [...annotations.idsWithIdentifier(identifier)]));
  }
  const include = query.include && new Set(query.include);
  const exclude = query.exclude && new Set(query.exclude);
  const rows: { row: StoredSpanAnnotation; spanId: string }[] = [];
  for (const id of candidates) {
    const row = annotations.get(id)!;
    if (row.id > upTo || (include && !include.has(row.name)) || (exclude && exclude.has(row.name))) continue;
    let spanId = spanIdOf.get(row.spanRowId);
    if (spanId === undefined) {
      const stored = traces.byRowId(row.spanRowId);
      if (!stored || stored.project !== projectName) continue;
      spanId = stored.span.spanId;
    }
    rows.push({ row, spanId });
  }
  rows.sort((a, b) => b.row.id - a.row.id);
  const page = rows.slice(0, query.limit);
  const extra = rows[query.limit];
  if (page.length === 0 && query.spanIds.length > 0 && query.identifiers.length === 0 && spanIdOf.size === 0) {
    throw new HttpError(404, "None of the supplied span_ids exist in this project");
  }
  return {
    data: page.map(({ row, spanId }) => spanAnnotationJson(row, spanId)),
    next_cursor: extra ? toGlobalId("SpanAnnotation", extra.row.id) : null,
  };
}
