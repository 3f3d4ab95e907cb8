/**
 * The body of Phoenix's `POST /v1/projects/{project_identifier}/spans` (`CreateSpansRequestBody`: `{"data": [Span]}`,
 * phoenix/server/api/routers/v1/spans.py), validated as pydantic does, and each span turned into the record the store
 * keeps for an OTLP span, as Phoenix's `convert_api_span_for_insertion` turns it into the row it inserts.
 */
import { parseIsoDatetime, type ParsedDatetime } from "../../core/index.js";
import type { DecodedSpan, OtlpAttributes } from "../../otlp/decode.js";
import { markStored } from "../../otlp/phoenix-attributes.js";
import { unflatten } from "../../otlp/unflatten.js";
import type { RequestContext } from "../context.js";
import { dateStringError } from "../readback/span-query.js";
import { Issues, bodyOrMissing, parseDatetimeInstant } from "../validation.js";

type Loc = (string | number)[];

/** One span of the body after validation. */
export interface LoggedSpan {
  name: string;
  traceId: string;
  spanId: string;
  spanKind: string;
  parentId: string | null;
  start: bigint;
  end: bigint;
  statusCode: string;
  statusMessage: string;
  attributes: Record<string, unknown>;
  events: { name: string; at: bigint; attributes: Record<string, unknown> }[];
}

const NAIVE = "timezone-naive timestamp is not allowed; all timestamps must be timezone-aware (e.g., use UTC).";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A nested pydantic model: an object, else `model_type` naming the class. */
function model(value: unknown, loc: Loc, className: string, issues: Issues): value is Record<string, unknown> {
  if (isObject(value)) return true;
  issues.add({ type: "model_type", loc, msg: `Input should be a valid dictionary or instance of ${className}`, input: value, ctx: { class_name: className } });
  return false;
}

function dict(container: Record<string, unknown>, key: string, loc: Loc, issues: Issues): Record<string, unknown> {
  const value = container[key];
  if (value === undefined) return {};
  if (isObject(value)) return value;
  issues.add({ type: "dict_type", loc: [...loc, key], msg: "Input should be a valid dictionary", input: value });
  return {};
}

function list(container: Record<string, unknown>, key: string, loc: Loc, issues: Issues, required: boolean): unknown[] {
  const value = container[key];
  if (value === undefined) {
    if (required) issues.missing([...loc, key], container);
    return [];
  }
  if (Array.isArray(value)) return value;
  issues.add({ type: "list_type", loc: [...loc, key], msg: "Input should be a valid list", input: value });
  return [];
}

/** A `str` field with a default: absent is the default, null is no string. */
function stringWithDefault(container: Record<string, unknown>, key: string, loc: Loc, issues: Issues, fallback: string): string {
  if (container[key] === null) {
    issues.add({ type: "string_type", loc: [...loc, key], msg: "Input should be a valid string", input: null });
    return fallback;
  }
  return issues.string(container, key, loc, true) ?? fallback;
}

function datetime(container: Record<string, unknown>, key: string, loc: Loc, issues: Issues): ParsedDatetime | undefined {
  if (container[key] === undefined) {
    issues.missing([...loc, key], container);
    return undefined;
  }
  return datetimeValue(container[key], [...loc, key], issues);
}

/** A `datetime` field as pydantic reads JSON: an ISO string (or a numeric one), a Unix timestamp; else its error. */
function datetimeValue(value: unknown, loc: Loc, issues: Issues): ParsedDatetime | undefined {
  if (typeof value === "number") return parseDatetimeInstant(value, loc, issues);
  if (typeof value !== "string") {
    issues.add({ type: "datetime_type", loc, msg: "Input should be a valid datetime", input: value });
    return undefined;
  }
  if (/^\s*0000-/.test(value)) return parseDatetimeInstant(value, loc, issues);
  if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) return parseDatetimeInstant(Number(value), loc, issues);
  const parsed = parseIsoDatetime(value.trim());
  if (parsed) return parsed;
  const error = dateStringError(value);
  issues.add({ type: "datetime_from_date_parsing", loc, msg: `Input should be a valid datetime or date, ${error}`, input: value, ctx: { error } });
  return undefined;
}

/** A model validator's ValueError, as FastAPI reports it: at the model, the whole input echoed. */
function valueError(issues: Issues, loc: Loc, input: unknown, message: string): undefined {
  issues.add({ type: "value_error", loc, msg: `Value error, ${message}`, input, ctx: { error: {} } });
}

function parseEvent(value: unknown, loc: Loc, issues: Issues): LoggedSpan["events"][number] | undefined {
  if (!model(value, loc, "SpanEvent", issues)) return undefined;
  const before = issues.list.length;
  const name = issues.string(value, "name", loc);
  const at = datetime(value, "timestamp", loc, issues);
  const attributes = dict(value, "attributes", loc, issues);
  if (issues.list.length > before) return undefined;
  if (at!.offsetSeconds === null) return valueError(issues, loc, value, `timestamp: ${NAIVE}`);
  return { name: name!, at: at!.instant, attributes };
}

function parseSpan(value: unknown, loc: Loc, issues: Issues): LoggedSpan | undefined {
  if (!model(value, loc, "Span", issues)) return undefined;
  const before = issues.list.length;
  stringWithDefault(value, "id", loc, issues, "");
  const name = issues.string(value, "name", loc);
  let traceId: string | undefined;
  let spanId: string | undefined;
  if (value.context === undefined) issues.missing([...loc, "context"], value);
  else if (model(value.context, [...loc, "context"], "SpanContext", issues)) {
    traceId = issues.string(value.context, "trace_id", [...loc, "context"]);
    spanId = issues.string(value.context, "span_id", [...loc, "context"]);
  }
  const spanKind = issues.string(value, "span_kind", loc);
  const parentId = issues.string(value, "parent_id", loc, true) ?? null;
  const start = datetime(value, "start_time", loc, issues);
  const end = datetime(value, "end_time", loc, issues);
  const statusCode = issues.string(value, "status_code", loc);
  const statusMessage = stringWithDefault(value, "status_message", loc, issues, "");
  const attributes = dict(value, "attributes", loc, issues);
  const events = list(value, "events", loc, issues, false).map((event, i) => parseEvent(event, [...loc, "events", i], issues));
  if (issues.list.length > before) return undefined;
  for (const [field, parsed] of [["start_time", start!], ["end_time", end!]] as const) {
    if (parsed.offsetSeconds === null) return valueError(issues, loc, value, `${field}: ${NAIVE}`);
  }
  return {
    name: name!,
    traceId: traceId!,
    spanId: spanId!,
    spanKind: spanKind!,
    parentId,
    start: start!.instant,
    end: end!.instant,
    statusCode: statusCode!,
    statusMessage,
    attributes,
    events: events as LoggedSpan["events"],
  };
}

/** `CreateSpansRequestBody`, or Phoenix's 422 with every issue pydantic reports. */
export function parseCreateSpansBody(ctx: RequestContext): LoggedSpan[] {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  issues.throwIfAny();
  if (!issues.object(body, ["body"])) issues.throwIfAny();
  const spans = list(body as Record<string, unknown>, "data", ["body"], issues, true).map((span, i) => parseSpan(span, ["body", "data", i], issues));
  issues.throwIfAny();
  return spans as LoggedSpan[];
}

const STATUS_CODES: Record<string, DecodedSpan["status"]["code"]> = { OK: "STATUS_CODE_OK", ERROR: "STATUS_CODE_ERROR", UNSET: "STATUS_CODE_UNSET" };
const EMPTY_RESOURCE = { attributes: {}, droppedAttributesCount: 0 };
const EMPTY_SCOPE = { name: "", version: "", attributes: {}, droppedAttributesCount: 0 };
const nanos = (micros: bigint) => (micros * 1000n).toString();

/**
 * The record the store keeps, as Phoenix inserts the span: `openinference.span.kind` set back into the attributes
 * (as sent, not upper-cased), the attributes through Phoenix's `unflatten`, the status code upper-cased (UNSET when it is no status), the span's `id` ignored.
 */
export function toDecodedSpan(span: LoggedSpan): DecodedSpan {
  const attributes = unflatten({ ...span.attributes, "openinference.span.kind": span.spanKind });
  // Already in the shape Phoenix stores: read back as it is (no OTLP ingest transformation, phoenix-attributes.ts).
  return markStored({
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentId ?? undefined,
    traceState: "",
    name: span.name,
    kind: "SPAN_KIND_INTERNAL",
    startTimeUnixNano: nanos(span.start),
    endTimeUnixNano: nanos(span.end),
    attributes,
    droppedAttributesCount: 0,
    events: span.events.map((event) => ({
      name: event.name,
      timeUnixNano: nanos(event.at),
      attributes: event.attributes as OtlpAttributes,
      droppedAttributesCount: 0,
    })),
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: STATUS_CODES[span.statusCode.toUpperCase()] ?? "STATUS_CODE_UNSET", message: span.statusMessage },
    flags: 0,
    resource: EMPTY_RESOURCE,
    scope: EMPTY_SCOPE,
  });
}
