import { parseGlobalId, toGlobalId, type Project } from "../../core/index.js";
import type { DecodedSpan, OtlpAttributeValue } from "../../otlp/decode.js";
import { STATUS_NAMES, flatten, isoFromMicros, microsOf, nanosFromMicros } from "../../otlp/readback.js";
import type { RequestContext } from "../context.js";
import { cursorId, pageNewestFirst } from "../pagination.js";
import { HttpError, JSON_TYPE, json, respond } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, queryInt } from "../validation.js";

function projectJson(project: Project): Record<string, unknown> {
  return { name: project.name, description: project.description, id: toGlobalId("Project", project.id) };
}

/** Phoenix's `get_project_by_identifier`: a Project GlobalID, else a name. */
function projectByIdentifier(ctx: RequestContext): Project {
  const identifier = ctx.params.project_identifier!;
  const { traces } = ctx.state;
  const decoded = parseGlobalId(identifier);
  if (decoded?.type === "Project") {
    const project = traces.project(decoded.id);
    if (!project) throw new HttpError(404, `Project with ID ${identifier} not found`);
    return project;
  }
  const project = traces.project(identifier);
  if (!project) throw new HttpError(404, `Project with name ${identifier} not found`);
  return project;
}

function listProjects(ctx: RequestContext): Response {
  const issues = new Issues();
  const limit = queryInt(ctx.url, "limit", 100, { gt: 0 }, issues);
  issues.throwIfAny();
  let projects = ctx.state.traces.projects();
  const nameContains = ctx.url.searchParams.get("name_contains");
  if (nameContains) projects = projects.filter((p) => p.name.toLowerCase().includes(nameContains.toLowerCase()));
  const { page, nextCursor } = pageNewestFirst(projects, { limit, cursorId: cursorId(ctx.url), type: "Project" });
  return json(200, { data: page.map(projectJson), next_cursor: nextCursor });
}

function getProject(ctx: RequestContext): Response {
  return json(200, { data: projectJson(projectByIdentifier(ctx)) });
}

interface SpanRow {
  rowId: number;
  span: DecodedSpan;
}

const UNSUPPORTED_SPAN_FILTERS = ["start_time", "end_time", "span_kind", "status_code", "attribute"];

/**
 * The spans of a project, newest first, after the filters and cursor both span routes share: `trace_id`,
 * `span_id`, `name` (repeatable), `parent_id` (`null` for roots), `limit` (1..1000), `cursor` (a Span GlobalID).
 */
function spanPage(ctx: RequestContext): { rows: SpanRow[]; nextCursor: string | null } {
  const { searchParams } = ctx.url;
  const issues = new Issues();
  const limit = queryInt(ctx.url, "limit", 100, { gt: 0, le: 1000 }, issues);
  const order = searchParams.get("order") ?? "desc";
  const sort = searchParams.get("sort") ?? "id";
  if (ctx.url.pathname.endsWith("/spans")) {
    for (const [name, value, allowed] of [["sort", sort, ["id", "start_time"]], ["order", order, ["asc", "desc"]]] as const) {
      if (!(allowed as readonly string[]).includes(value)) {
        const expected = allowed.map((a) => `'${a}'`).join(" or ");
        issues.add({ type: "literal_error", loc: ["query", name], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
      }
    }
  }
  issues.throwIfAny();
  const project = projectByIdentifier(ctx);
  const unsupported = UNSUPPORTED_SPAN_FILTERS.find((name) => searchParams.has(name)) ?? (sort === "start_time" ? "sort=start_time" : undefined);
  if (unsupported) throw new HttpError(501, `phoenix-mock does not implement the ${unsupported} span query parameter`);
  const ascending = ctx.url.pathname.endsWith("/spans") && order === "asc";
  const cursor = searchParams.get("cursor");
  const decodedCursor = cursor ? parseGlobalId(cursor) : undefined;
  if (cursor && !decodedCursor) throw new HttpError(422, "Invalid cursor");
  const inList = (name: string, value: string | undefined) => !searchParams.has(name) || searchParams.getAll(name).includes(value ?? "");
  const parentId = searchParams.get("parent_id");
  const matches = (span: DecodedSpan) =>
    inList("trace_id", span.traceId) &&
    inList("span_id", span.spanId) &&
    inList("name", span.name) &&
    (parentId === null || (parentId === "null" ? !span.parentSpanId : span.parentSpanId === parentId));
  // Keyset pagination over the project's rows: touches the rows it returns (and those the filters skip), nothing else.
  const rows: SpanRow[] = [];
  const direction = ascending ? "asc" : "desc";
  for (const stored of ctx.state.traces.iterate(project.name, { order: direction, fromRowId: decodedCursor?.id })) {
    if (!matches(stored.span)) continue;
    if (rows.length === limit) return { rows, nextCursor: toGlobalId("Span", stored.rowId) };
    rows.push({ rowId: stored.rowId, span: stored.span });
  }
  return { rows, nextCursor: null };
}

// ---------------------------------------------------------------- /spans

function spanJson({ rowId, span }: SpanRow): Record<string, unknown> {
  const attributes = flatten(span.attributes);
  const kind = attributes["openinference.span.kind"];
  delete attributes["openinference.span.kind"];
  return {
    id: toGlobalId("Span", rowId),
    name: span.name,
    context: { trace_id: span.traceId, span_id: span.spanId },
    span_kind: typeof kind === "string" ? kind : "UNKNOWN",
    parent_id: span.parentSpanId ?? null,
    start_time: isoFromMicros(microsOf(span.startTimeUnixNano)),
    end_time: isoFromMicros(microsOf(span.endTimeUnixNano)),
    status_code: STATUS_NAMES[String(span.status.code)] ?? "UNSET",
    status_message: span.status.message || "",
    attributes,
    events: span.events.map((event) => ({
      name: event.name,
      timestamp: isoFromMicros(microsOf(event.timeUnixNano)),
      attributes: event.attributes,
    })),
  };
}

function listSpans(ctx: RequestContext): Response {
  const { rows, nextCursor } = spanPage(ctx);
  return json(200, { data: rows.map(spanJson), next_cursor: nextCursor });
}

// ---------------------------------------------------------------- /spans/otlpv1

function anyValue(value: OtlpAttributeValue): Record<string, unknown> {
  const empty = {
    array_value: null,
    bool_value: null,
    bytes_value: null,
    double_value: null,
    int_value: null,
    kvlist_value: null,
    string_value: null,
  };
  if (value === null || (typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array))) return empty;
  if (typeof value === "boolean") return { ...empty, bool_value: value };
  if (typeof value === "number") return Number.isInteger(value) ? { ...empty, int_value: value } : { ...empty, double_value: value };
  if (typeof value === "string") return { ...empty, string_value: value };
  if (value instanceof Uint8Array) return { ...empty, bytes_value: Buffer.from(value).toString("hex") };
  const sameType = value.every((v) => typeof v === typeof value[0]);
  return { ...empty, array_value: { values: value.map((v) => (sameType ? anyValue(v) : { ...empty, string_value: String(v) })) } };
}

function keyValues(attributes: Record<string, OtlpAttributeValue>): Record<string, unknown>[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const STATUS_INTS: Record<string, number> = { STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function otlpSpanJson({ span }: SpanRow): Record<string, unknown> {
  return {
    attributes: keyValues(flatten(span.attributes)),
    dropped_attributes_count: null,
    dropped_events_count: null,
    dropped_links_count: null,
    end_time_unix_nano: nanosFromMicros(microsOf(span.endTimeUnixNano)),
    events: span.events.length
      ? span.events.map((event) => ({
          attributes: keyValues(flatten(event.attributes)),
          dropped_attributes_count: null,
          name: event.name,
          time_unix_nano: nanosFromMicros(microsOf(event.timeUnixNano)),
        }))
      : null,
    flags: null,
    kind: "SPAN_KIND_INTERNAL",
    links: null,
    name: span.name,
    parent_span_id: span.parentSpanId ?? null,
    span_id: span.spanId,
    start_time_unix_nano: nanosFromMicros(microsOf(span.startTimeUnixNano)),
    status: { code: STATUS_INTS[String(span.status.code)] ?? 0, message: span.status.message || null },
    trace_id: span.traceId,
    trace_state: null,
  };
}

/** JSON with bigints written as exact integer literals (Python ints beyond 2^53). */
function jsonWithBigInts(value: unknown): Response {
  const marker = "\u0000bigint:";
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${marker}${v}` : v)).replace(
    /"\\u0000bigint:(\d+)"/g,
    "$1",
  );
  return respond(200, text, { "content-type": JSON_TYPE });
}

function listOtlpSpans(ctx: RequestContext): Response {
  const { rows, nextCursor } = spanPage(ctx);
  return jsonWithBigInts({ data: rows.map(otlpSpanJson), next_cursor: nextCursor });
}

export const projectRoutes: Route[] = [
  { method: "GET", path: "/v1/projects", guard: "authenticated", viewerRestricted: true, handler: listProjects },
  { method: "GET", path: "/v1/projects/{project_identifier}", guard: "authenticated", viewerRestricted: true, handler: getProject },
  { method: "GET", path: "/v1/projects/{project_identifier}/spans", guard: "authenticated", viewerRestricted: true, handler: listSpans },
  {
    method: "GET",
    path: "/v1/projects/{project_identifier}/spans/otlpv1",
    guard: "authenticated",
    viewerRestricted: true,
    handler: listOtlpSpans,
  },
];
