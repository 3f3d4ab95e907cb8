/**
 * Phoenix's `GET /v1/projects/{project_identifier}/traces` (`list_project_traces`, the Python client's
 * `traces.get_traces()`). Phoenix's order of refusals: query validation (422, every parameter's issues together), the
 * project (404), the trace filter expression (400), the cursor (422 `Invalid cursor`). The mock evaluates every
 * parameter; of `filter` expressions, the subset of readback/trace-filter.ts (501 naming anything beyond it). And its
 * DELETE.
 */
import { fromGlobalId } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { queryDatetime } from "../readback/span-query.js";
import { compileTraceFilter } from "../readback/trace-filter.js";
import { projectTraces, tracePage, type TraceQuery } from "../readback/trace-page.js";
import { json, noContent } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, queryInt } from "../validation.js";
import { projectByIdentifier } from "./projects.js";

const TRUE = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE = new Set(["0", "off", "f", "false", "n", "no"]);

function literal<T extends string>(url: URL, name: string, allowed: readonly T[], fallback: T, issues: Issues): T {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const expected = allowed.map((a) => `'${a}'`).join(" or ");
  issues.add({ type: "literal_error", loc: ["query", name], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
  return fallback;
}

/** A `bool` query parameter as pydantic reads it. */
function queryBool(url: URL, name: string, issues: Issues): boolean | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const value = raw.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  issues.add({ type: "bool_parsing", loc: ["query", name], msg: "Input should be a valid boolean, unable to interpret input", input: raw });
  return undefined;
}

/** A `float` query parameter with `ge=0`, as pydantic reads it. */
function queryLatency(url: URL, name: string, issues: Issues): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const loc = ["query", name];
  const text = raw.trim();
  const value = /^[+-]?(inf|infinity)$/i.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : /^[+-]?nan$/i.test(text) ? Number.NaN : Number(text);
  if (text === "" || (Number.isNaN(value) && !/nan$/i.test(text))) {
    issues.add({ type: "float_parsing", loc, msg: "Input should be a valid number, unable to parse string as a number", input: raw });
    return undefined;
  }
  if (!(value >= 0)) {
    issues.add({ type: "greater_than_equal", loc, msg: "Input should be greater than or equal to 0", input: raw, ctx: { ge: 0 } });
    return undefined;
  }
  return value;
}

/**
 * `session_identifier` (repeated): each value a ProjectSession GlobalID (its row id) or else a session id string
 * (`session.id` of a span), as Phoenix reads it.
 */
function sessionsOf(url: URL): TraceQuery["sessions"] {
  const values = url.searchParams.getAll("session_identifier");
  if (values.length === 0) return undefined;
  const ids = new Set<string>();
  const rowIds = new Set<number>();
  for (const value of values) {
    const rowId = fromGlobalId(value, "ProjectSession");
    if (rowId === undefined) ids.add(value);
    else rowIds.add(rowId);
  }
  return { ids, rowIds };
}

function parseTraceQuery(url: URL): TraceQuery & { filterText: string } {
  const issues = new Issues();
  const startMicros = queryDatetime(url, "start_time", issues);
  const endMicros = queryDatetime(url, "end_time", issues);
  const sort = literal(url, "sort", ["start_time", "latency_ms"] as const, "start_time", issues);
  const order = literal(url, "order", ["asc", "desc"] as const, "desc", issues);
  const limit = queryInt(url, "limit", 100, { gt: 0, le: 1000 }, issues);
  const includeSpans = queryBool(url, "include_spans", issues) ?? false;
  const error = queryBool(url, "error", issues);
  const minLatencyMs = queryLatency(url, "min_latency_ms", issues);
  const maxLatencyMs = queryLatency(url, "max_latency_ms", issues);
  issues.throwIfAny();
  return {
    startMicros,
    endMicros,
    sort,
    ascending: order === "asc",
    limit,
    cursor: url.searchParams.get("cursor") || null,
    includeSpans,
    error,
    minLatencyMs,
    maxLatencyMs,
    sessions: sessionsOf(url),
    filterText: url.searchParams.get("filter") ?? "",
  };
}

function listTraces(ctx: RequestContext): Response {
  const query = parseTraceQuery(ctx.url);
  const project = projectByIdentifier(ctx);
  // An empty expression does not filter.
  const filter = query.filterText ? compileTraceFilter(query.filterText) : undefined;
  return json(200, tracePage(ctx.state.traces, project, { ...query, filter }));
}

/**
 * Phoenix's `DELETE /v1/projects/{project_identifier}/traces` (`delete_project_traces`): `start_time` and `end_time`
 * required (422), the first strictly earlier (422, before the project's 404); deletes the traces that start in
 * `[start_time, end_time)` with their spans; 204.
 */
function deleteTraces(ctx: RequestContext): Response {
  const issues = new Issues();
  const bounds = (["start_time", "end_time"] as const).map((name) => {
    if (!ctx.url.searchParams.has(name)) issues.missing(["query", name], null);
    return queryDatetime(ctx.url, name, issues);
  });
  issues.throwIfAny();
  const [start, end] = bounds as [number, number];
  if (start >= end) throw new HttpError(422, "`start_time` must be strictly earlier than `end_time`.");
  const project = projectByIdentifier(ctx);
  const { traces } = ctx.state;
  const doomed = new Set(projectTraces(traces, project.name).filter((t) => t.start >= start && t.start < end).map((t) => t.traceId));
  if (doomed.size > 0) traces.remove(project.name, (record) => doomed.has(record.span.traceId));
  return noContent();
}

export const projectTraceRoutes: Route[] = [
  { method: "GET", path: "/v1/projects/{project_identifier}/traces", guard: "authenticated", handler: listTraces },
  { method: "DELETE", path: "/v1/projects/{project_identifier}/traces", guard: "authenticated", handler: deleteTraces },
];
