import { parseGlobalId } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { noContent } from "../responses.js";
import type { Route } from "../router.js";

/**
 * Phoenix 20.26.1's `DELETE /v1/spans/{span_identifier}`: a Span GlobalID names the row, anything else is an
 * OpenTelemetry span id; only that span goes (its children stay, orphaned), its trace with its last span. 204, or
 * 404 worded after the kind of identifier. Viewers get the route table's 403.
 */
function deleteSpan(ctx: RequestContext): Response {
  const identifier = ctx.params.span_identifier!;
  const { traces } = ctx.state;
  const global = parseGlobalId(identifier);
  const record = global?.type === "Span" ? traces.byRowId(global.id) : traces.get(identifier);
  if (!record || !traces.deleteSpan(record)) {
    throw new HttpError(404, global?.type === "Span" ? `Span with relay ID '${identifier}' not found` : `Span with span_id '${identifier}' not found`);
  }
  return noContent();
}

export const spanDeleteRoutes: Route[] = [{ method: "DELETE", path: "/v1/spans/{span_identifier}", guard: "authenticated", handler: deleteSpan }];
