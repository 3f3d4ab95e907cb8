/**
 * Phoenix's span annotations over REST: `POST /v1/span_annotations` (create or update, keyed on name, span and
 * identifier; `sync=true` answers the ids, else the write is queued and the answer is empty) and
 * `GET /v1/projects/{project_identifier}/span_annotations` (a page of a project's annotations by span ids and/or
 * identifiers). Viewers are refused the POST by the route table (`viewerRestricted`), before these run.
 */
import { toGlobalId } from "../../core/index.js";
import { queryBool, spanAnnotationItems } from "../annotations/body.js";
import { MAX_ANNOTATION_IDENTIFIERS, MAX_SPAN_IDS, spanAnnotationPage } from "../annotations/list.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { json } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, queryInt } from "../validation.js";
import { projectByIdentifier } from "./projects.js";

function annotateSpans(ctx: RequestContext): Response {
  const issues = new Issues();
  const sync = queryBool(ctx, "sync", false, issues);
  const items = spanAnnotationItems(ctx, issues);
  issues.throwIfAny();
  if (items.length === 0) return json(200, { data: [] });
  if (items.some((item) => item.name === "note")) {
    throw new HttpError(400, "The name 'note' is reserved for trace and span notes. Use POST /v1/span_notes instead.");
  }
  const { traces, config } = ctx.state;
  const userId = config.enableAuth && ctx.principal ? ctx.principal.user.id : null;
  const rows = items.map((item) => ({ item, stored: traces.get(item.spanId) }));
  if (sync) {
    const missing = [...new Set(rows.filter((r) => !r.stored).map((r) => r.item.spanId))];
    if (missing.length > 0) throw new HttpError(404, `Spans with IDs ${missing.join(", ")} do not exist.`);
  }
  // The database stamps created_at (and, for a sync write, updated_at) with whole seconds (SQLite's CURRENT_TIMESTAMP);
  // the queued writer sets updated_at itself, to the microsecond.
  const now = ctx.state.model.nowInstant();
  const seconds = now - (now % 1_000_000n);
  const times = { createdAt: seconds, updatedAt: sync ? seconds : now };
  const ids: string[] = [];
  // Queued writes (sync=false) for spans that are not stored are dropped, as Phoenix's inserter drops them in the end.
  for (const { item, stored } of rows) {
    if (!stored) continue;
    const { spanId: _, ...input } = item;
    const row = traces.annotations.upsert(stored.rowId, { ...input, source: "API", userId }, times);
    ids.push(toGlobalId("SpanAnnotation", row.id));
  }
  return json(200, { data: sync ? ids.map((id) => ({ id })) : [] });
}

/** Unique values of a repeated query parameter, or undefined when absent. */
function listParam(ctx: RequestContext, name: string): string[] | undefined {
  const values = ctx.url.searchParams.getAll(name);
  return values.length > 0 ? values : undefined;
}

function listSpanAnnotations(ctx: RequestContext): Response {
  const issues = new Issues();
  const identifiers = listParam(ctx, "identifier");
  identifiers?.forEach((value, index) => {
    if (value.length < 1) {
      issues.add({ type: "string_too_short", loc: ["query", "identifier", index], msg: "String should have at least 1 character", input: value, ctx: { min_length: 1 } });
    }
  });
  const limit = queryInt(ctx.url, "limit", 10, { gt: 0, le: 10000 }, issues);
  issues.throwIfAny();
  const spanIds = [...new Set(listParam(ctx, "span_ids") ?? [])];
  if (spanIds.length > MAX_SPAN_IDS) throw new HttpError(422, `Too many span_ids supplied: ${spanIds.length} (max ${MAX_SPAN_IDS})`);
  const uniqueIdentifiers = [...new Set(identifiers ?? [])];
  if (uniqueIdentifiers.length > MAX_ANNOTATION_IDENTIFIERS) {
    throw new HttpError(422, `Too many identifiers supplied: ${uniqueIdentifiers.length} (max ${MAX_ANNOTATION_IDENTIFIERS})`);
  }
  if (spanIds.length === 0 && uniqueIdentifiers.length === 0) throw new HttpError(422, "At least one of span_ids or identifier must be supplied");
  const project = projectByIdentifier(ctx);
  const page = spanAnnotationPage(ctx.state.traces, project.name, {
    spanIds,
    identifiers: uniqueIdentifiers,
    include: listParam(ctx, "include_annotation_names"),
    exclude: listParam(ctx, "exclude_annotation_names"),
    cursor: ctx.url.searchParams.get("cursor") || undefined,
    limit,
  });
  return json(200, page);
}

export const spanAnnotationRoutes: Route[] = [
  { method: "POST", path: "/v1/span_annotations", guard: "authenticated", body: true, handler: annotateSpans },
  { method: "GET", path: "/v1/projects/{project_identifier}/span_annotations", guard: "authenticated", handler: listSpanAnnotations },
];
