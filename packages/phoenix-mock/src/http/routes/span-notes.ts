/**
 * Phoenix 20.26.1's `POST /v1/span_notes`: `{"data": {span_id, note, identifier?}}` (span_id and note stripped, at least
 * one character each) adds a note, an annotation named `note` (HUMAN, source API, the text as its explanation), to
 * the stored span; a note without an identifier gets `px-span-note:<uuid4>` (each call a new note), one with an
 * identifier is upserted on it. 200 `{"data": {"id"}}`, 404 for a span not stored; viewers get the route table's 403.
 */
import { randomUUID } from "node:crypto";
import { toGlobalId } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { json } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing } from "../validation.js";

/** A stripped string field of at least one character (pydantic's `BeforeValidator(strip)` with `min_length=1`). */
function strippedText(data: Record<string, unknown>, key: string, issues: Issues): string | undefined {
  const raw = issues.string(data, key, ["body", "data"]);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text.length < 1) {
    issues.add({ type: "string_too_short", loc: ["body", "data", key], msg: "String should have at least 1 character", input: text, ctx: { min_length: 1 } });
    return undefined;
  }
  return text;
}

function createSpanNote(ctx: RequestContext): Response {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  issues.throwIfAny();
  if (!issues.object(body, ["body"])) issues.throwIfAny();
  const data = (body as Record<string, unknown>).data;
  if (data === undefined) issues.missing(["body", "data"], body);
  else if (typeof data !== "object" || data === null || Array.isArray(data)) {
    issues.add({ type: "model_type", loc: ["body", "data"], msg: "Input should be a valid dictionary or instance of SpanNoteData", input: data, ctx: { class_name: "SpanNoteData" } });
  }
  issues.throwIfAny();
  const fields = data as Record<string, unknown>;
  const spanId = strippedText(fields, "span_id", issues);
  const note = strippedText(fields, "note", issues);
  const identifier = fields.identifier === undefined ? "" : issues.string(fields, "identifier", ["body", "data"]);
  issues.throwIfAny();
  const { traces, config } = ctx.state;
  const stored = traces.get(spanId!);
  if (!stored) throw new HttpError(404, `Span with ID ${spanId} not found`);
  const now = ctx.state.model.nowInstant();
  const seconds = now - (now % 1_000_000n);
  const row = traces.annotations.upsert(
    stored.rowId,
    {
      name: "note",
      annotatorKind: "HUMAN",
      label: null,
      score: null,
      explanation: note!,
      metadata: {},
      identifier: identifier || `px-span-note:${randomUUID()}`,
      source: "API",
      userId: config.enableAuth && ctx.principal ? ctx.principal.user.id : null,
    },
    { createdAt: seconds, updatedAt: seconds },
  );
  return json(200, { data: { id: toGlobalId("SpanAnnotation", row.id) } });
}

export const spanNoteRoutes: Route[] = [{ method: "POST", path: "/v1/span_notes", guard: "authenticated", body: true, handler: createSpanNote }];
