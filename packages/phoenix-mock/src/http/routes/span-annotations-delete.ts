/**
 * Phoenix's `DELETE /v1/projects/{project_identifier}/span_annotations` (`delete_span_annotations`,
 * phoenix/server/api/routers/v1/annotations.py): hard-deletes the project's span annotations that match `name`,
 * `identifier` and `annotator_kind` (each optional, the first two non-empty) and were created in
 * `[start_time, end_time)`. Phoenix's order: query validation (422, all issues together), the gate (both bounds or
 * `delete_all=true`, 422), bounds in order (422), the project (404); then 204 whether or not a row matched. With auth
 * on, a caller who is not an administrator deletes only its own rows; viewers are refused by the route table.
 */
import { annotationOwnerFilter } from "../../core/index.js";
import type { AnnotatorKind } from "../../spans/annotations.js";
import { queryBool } from "../annotations/body.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { queryDatetime } from "../readback/span-query.js";
import { noContent } from "../responses.js";
import type { Route } from "../router.js";
import { Issues } from "../validation.js";
import { projectByIdentifier } from "./projects.js";

const ANNOTATOR_KINDS: readonly string[] = ["LLM", "CODE", "HUMAN"];

/** An optional query string with `min_length=1`. */
function nonEmpty(url: URL, name: string, issues: Issues): string | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (value.length === 0) {
    issues.add({ type: "string_too_short", loc: ["query", name], msg: "String should have at least 1 character", input: value, ctx: { min_length: 1 } });
  }
  return value;
}

function annotatorKind(url: URL, issues: Issues): AnnotatorKind | undefined {
  const value = url.searchParams.get("annotator_kind");
  if (value === null) return undefined;
  if (ANNOTATOR_KINDS.includes(value)) return value as AnnotatorKind;
  const expected = "'LLM', 'CODE' or 'HUMAN'";
  issues.add({ type: "literal_error", loc: ["query", "annotator_kind"], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
  return undefined;
}

function deleteSpanAnnotations(ctx: RequestContext): Response {
  const issues = new Issues();
  const name = nonEmpty(ctx.url, "name", issues);
  const identifier = nonEmpty(ctx.url, "identifier", issues);
  const kind = annotatorKind(ctx.url, issues);
  const start = queryDatetime(ctx.url, "start_time", issues);
  const end = queryDatetime(ctx.url, "end_time", issues);
  const deleteAll = queryBool(ctx, "delete_all", false, issues);
  issues.throwIfAny();
  if (!deleteAll && (start === undefined || end === undefined)) {
    throw new HttpError(422, "Delete is unbounded. Set delete_all=true to acknowledge, or supply both start_time and end_time to bound the time range.");
  }
  if (start !== undefined && end !== undefined && start >= end) throw new HttpError(422, "`start_time` must be strictly earlier than `end_time`.");
  const owner = annotationOwnerFilter(ctx.state.config, ctx.principal);
  const project = projectByIdentifier(ctx);
  const { traces } = ctx.state;
  traces.annotations.removeWhere((row) => {
    if (name !== undefined && row.name !== name) return false;
    if (identifier !== undefined && row.identifier !== identifier) return false;
    if (kind !== undefined && row.annotatorKind !== kind) return false;
    const created = Number(row.createdAt);
    if ((start !== undefined && created < start) || (end !== undefined && created >= end)) return false;
    if (owner !== undefined && row.userId !== owner) return false;
    return traces.byRowId(row.spanRowId)?.project === project.name;
  });
  return noContent();
}

export const spanAnnotationDeleteRoutes: Route[] = [
  { method: "DELETE", path: "/v1/projects/{project_identifier}/span_annotations", guard: "authenticated", handler: deleteSpanAnnotations },
];
