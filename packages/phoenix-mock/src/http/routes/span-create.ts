/**
 * Phoenix's `POST /v1/projects/{project_identifier}/spans` (`create_spans`, the Python client's `spans.log_spans()`):
 * spans in Phoenix's span JSON go into its span queue, under the project named (created with its first span) or the
 * Project GlobalID given. Phoenix's order: the capacity check (a route dependency, 503), body validation (422), the
 * project (404 for an unknown Project GlobalID), then the spans whose `span_id` is stored already, and those Phoenix
 * cannot convert (a key too deep): any refuses the whole request (400, the counts and the spans as a JSON text). Else 202 `{total_received, total_queued}`.
 */
import { parseGlobalId } from "../../core/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import { RecursionLimit } from "../../otlp/unflatten.js";
import { AT_CAPACITY } from "../../pressure/capacity.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { pythonJson } from "../readback/pandas-arrow.js";
import { json } from "../responses.js";
import type { Route } from "../router.js";
import { parseCreateSpansBody, toDecodedSpan } from "./span-create-body.js";

/** Phoenix's `from_global_id_with_expected_type(GlobalID.from_id(identifier), "Project")`, else the name itself. */
function projectName(ctx: RequestContext): string {
  const identifier = ctx.params.project_identifier!;
  const decoded = parseGlobalId(identifier);
  if (decoded?.type !== "Project") return identifier;
  const project = ctx.state.traces.project(decoded.id);
  if (!project) throw new HttpError(404, `Project with ID ${identifier} not found`);
  return project.name;
}

function createSpans(ctx: RequestContext): Response {
  const { state } = ctx;
  if (state.inserter.refusesAtCapacity(state.config.maxSpansQueueSize)) throw new HttpError(503, AT_CAPACITY);
  const spans = parseCreateSpansBody(ctx);
  const project = projectName(ctx);
  // Duplicates are spans stored already (not those queued, nor repeats within this request: Phoenix keeps the first);
  // invalid ones are those Phoenix's conversion raises on (a key too deep for its recursive unflatten).
  const duplicates: Record<string, string>[] = [];
  const invalid: Record<string, string>[] = [];
  const queued: DecodedSpan[] = [];
  for (const span of spans) {
    if (state.traces.get(span.spanId) !== undefined) {
      duplicates.push({ span_id: span.spanId, trace_id: span.traceId });
      continue;
    }
    try {
      queued.push(toDecodedSpan(span));
    } catch (error) {
      if (!(error instanceof RecursionLimit)) throw error;
      invalid.push({ span_id: span.spanId, trace_id: span.traceId, error: error.message });
    }
  }
  if (duplicates.length > 0 || invalid.length > 0) {
    throw new HttpError(
      400,
      pythonJson({
        error: "Request contains invalid or duplicate spans",
        total_received: spans.length,
        total_queued: 0,
        total_duplicates: duplicates.length,
        total_invalid: invalid.length,
        duplicate_spans: duplicates,
        invalid_spans: invalid,
      }),
    );
  }
  if (queued.length > 0) state.inserter.add(project, queued);
  return json(202, { total_received: spans.length, total_queued: spans.length });
}

export const spanCreateRoutes: Route[] = [
  { method: "POST", path: "/v1/projects/{project_identifier}/spans", guard: "authenticated", body: true, handler: createSpans },
];
