/**
 * Phoenix's span-query route, `POST /v1/spans` (and the deprecated `GET /v1/spans`), hidden from its OpenAPI
 * document (phoenix/server/api/routers/v1/spans.py `query_spans_handler`). It backs the Python client's
 * `spans.get_spans_dataframe()`: each query of the body becomes one dataframe, sent as `multipart/mixed` JSON parts
 * when the client accepts `application/json`, else as Arrow IPC streams back to back (`application/x-pandas-arrow`,
 * which the legacy `px.Client` of arize-phoenix before 5.9 read). The mock evaluates the queries that client sends by default (a project,
 * a time range, a limit, `root_spans_only`) and simple filters; anything else answers 501 naming the unsupported part.
 */
import { randomBytes } from "node:crypto";
import { microsOf } from "../readback/otlp-readback.js";
import { spanFrame, spanKindOf, statusNameOf, type FrameRow } from "../readback/frame.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { StoredSpan } from "../../spans/index.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { encodeFrameArrow } from "../readback/pandas-arrow.js";
import { encodeFrameJson } from "../readback/pandas-json.js";
import { respond } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing, parseDatetimeInstant } from "../validation.js";

const DEFAULT_PROJECT = "default";
const DEFAULT_LIMIT = 1000;
const QUERY_PARTS = ["select", "filter", "explode", "concat", "rename", "index"] as const;
const FILTER_FIELDS = { name: (s: DecodedSpan) => s.name, span_kind: spanKindOf, status_code: statusNameOf } as const;

function unsupported(part: string): HttpError {
  return new HttpError(
    501,
    `phoenix-mock does not implement ${part} in span queries (POST /v1/spans evaluates a project, start_time, end_time, ` +
      "limit, root_spans_only and filters of name, span_kind or status_code compared with == to a quoted string, " +
      "joined by `and`, or `parent_id is None`; see docs/divergences.md in phoenix-mock)",
  );
}

type Predicate = (span: DecodedSpan, hasParent: (id: string) => boolean) => boolean;

/** A filter condition of the subset the mock evaluates, else a 501 naming it. */
function parseCondition(condition: string): Predicate {
  const clauses = condition.split(/\s+and\s+/);
  const predicates = clauses.map((clause): Predicate => {
    const trimmed = clause.trim();
    if (/^parent_id\s+is\s+None$/.test(trimmed)) return (span) => !span.parentSpanId;
    const match = /^(name|span_kind|status_code)\s*==\s*(?:'([^'\\]*)'|"([^"\\]*)")$/.exec(trimmed);
    if (!match) throw unsupported(`the filter condition ${JSON.stringify(condition)}`);
    const read = FILTER_FIELDS[match[1] as keyof typeof FILTER_FIELDS];
    const wanted = match[2] ?? match[3];
    return (span) => read(span) === wanted;
  });
  return (span, hasParent) => predicates.every((p) => p(span, hasParent));
}

/** `SpanQuery.from_dict` of one query, in the mock's subset. */
function queryPredicate(query: Record<string, unknown>): Predicate | undefined {
  for (const part of ["select", "explode", "concat", "rename"] as const) {
    if (query[part] !== undefined && query[part] !== null) throw unsupported(`\`${part}\``);
  }
  const index = query.index as Record<string, unknown> | null | undefined;
  if (index && index.key !== undefined && index.key !== "context.span_id") throw unsupported(`the index ${JSON.stringify(index.key)}`);
  const filter = query.filter as Record<string, unknown> | null | undefined;
  if (!filter || !filter.condition) return undefined;
  if (typeof filter.condition !== "string") throw unsupported("a filter condition that is not a string");
  return parseCondition(filter.condition);
}

interface SpanQueryRequest {
  queries: Record<string, unknown>[];
  startMicros?: number;
  endMicros?: number;
  limit: number;
  rootSpansOnly: boolean;
  orphansAsRoots: boolean;
  projectName?: string;
}

/** `QuerySpansRequestBody`, with pydantic's messages for what clients get wrong. */
function parseBody(ctx: RequestContext): SpanQueryRequest {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  issues.throwIfAny();
  if (!issues.object(body, ["body"])) issues.throwIfAny();
  const value = body as Record<string, unknown>;
  const queries: Record<string, unknown>[] = [];
  if (value.queries === undefined) issues.missing(["body", "queries"], value);
  else if (!Array.isArray(value.queries)) issues.add({ type: "list_type", loc: ["body", "queries"], msg: "Input should be a valid list", input: value.queries });
  else value.queries.forEach((query, i) => issues.object(query, ["body", "queries", i]) && queries.push(query));
  const time = (key: string) => {
    if (value[key] === undefined || value[key] === null) return undefined;
    const parsed = parseDatetimeInstant(value[key], ["body", key], issues);
    return parsed && Number(parsed.instant);
  };
  const startMicros = time("start_time");
  const endMicros = time("end_time") ?? time("stop_time");
  let limit = DEFAULT_LIMIT;
  if (value.limit !== undefined) {
    if (typeof value.limit === "number" && Number.isInteger(value.limit)) limit = value.limit;
    else issues.add({ type: "int_type", loc: ["body", "limit"], msg: "Input should be a valid integer", input: value.limit });
  }
  const projectName = issues.string(value, "project_name", ["body"], true);
  issues.throwIfAny();
  for (const query of queries) {
    for (const part of QUERY_PARTS) {
      const item = query[part];
      if (item !== undefined && item !== null && (typeof item !== "object" || Array.isArray(item))) {
        issues.add({ type: "dict_type", loc: ["body", "queries", queries.indexOf(query), part], msg: "Input should be a valid dictionary", input: item });
      }
    }
  }
  issues.throwIfAny();
  return {
    queries,
    startMicros,
    endMicros,
    limit,
    rootSpansOnly: value.root_spans_only === true,
    orphansAsRoots: value.orphan_span_as_root_span !== false,
    projectName,
  };
}

function runQuery(ctx: RequestContext, request: SpanQueryRequest, project: string, predicate: Predicate | undefined): FrameRow[] {
  const { traces } = ctx.state;
  const hasParent = (id: string) => traces.get(id) !== undefined;
  // Rows keep the stored record, not the decoded span (the store decodes on each read): only the answer's spans are
  // decoded a second time, so a query over a large project never holds all of its spans decoded at once.
  const rows: { rowId: number; start: number; stored: StoredSpan<DecodedSpan> }[] = [];
  traces.spans(project).forEach((stored, rowId) => {
    const { span } = stored;
    const start = microsOf(span.startTimeUnixNano);
    if (request.startMicros !== undefined && start < request.startMicros) return;
    if (request.endMicros !== undefined && start >= request.endMicros) return;
    if (predicate && !predicate(span, hasParent)) return;
    if (request.rootSpansOnly && span.parentSpanId && !(request.orphansAsRoots && !hasParent(span.parentSpanId))) return;
    rows.push({ rowId, start, stored });
  });
  // Newest first by start time, the row id breaking ties (Phoenix's ORDER BY start_time DESC, id DESC).
  rows.sort((a, b) => b.start - a.start || b.rowId - a.rowId);
  return rows.slice(0, Math.max(0, request.limit)).map(({ rowId, start, stored }) => ({ rowId, start, span: stored.span }));
}

function querySpans(ctx: RequestContext): Response {
  const request = parseBody(ctx);
  const { searchParams } = ctx.url;
  const project =
    searchParams.get("project_name") ||
    searchParams.get("project-name") ||
    ctx.request.headers.get("project-name") ||
    request.projectName ||
    DEFAULT_PROJECT;
  const predicates = request.queries.map(queryPredicate);
  if (predicates.length === 0) throw new HttpError(404, "Not Found");
  const frames = predicates.map((predicate) => spanFrame(runQuery(ctx, request, project, predicate)));
  // GET hands its `project_name` to the `accept` parameter in Phoenix (a positional call), so it never answers JSON.
  const accept = ctx.request.method === "GET" ? searchParams.get("project_name") : ctx.request.headers.get("accept");
  if (accept === "application/json") {
    const boundary = randomBytes(64).toString("base64url");
    const parts = frames.map((frame) => `--${boundary}\r\nContent-Type: application/json\r\n\r\n${encodeFrameJson(frame)}\r\n`);
    return respond(200, `${parts.join("")}--${boundary}--\r\n`, { "content-type": `multipart/mixed; boundary=${boundary}` });
  }
  // Any other Accept: one Arrow IPC stream per query, back to back (not multipart). Phoenix streams them after the
  // 200 is sent, so a frame pyarrow cannot encode ends the body there (recorded: 200 with what came before, here nothing).
  const streams: Uint8Array[] = [];
  for (const frame of frames) {
    const encoded = encodeFrameArrow(frame);
    if ("untypedColumn" in encoded) {
      ctx.state.log(
        `${ctx.request.method} /v1/spans: the Arrow answer stops after ${streams.length} of ${frames.length} streams, as Phoenix's does: ` +
          `the column ${JSON.stringify(encoded.untypedColumn)} has cells with no common Arrow type (pyarrow raises on it)`,
      );
      break;
    }
    streams.push(encoded.bytes);
  }
  return respond(200, Buffer.concat(streams), { "content-type": "application/x-pandas-arrow" });
}

export const spanQueryRoutes: Route[] = [
  { method: "POST", path: "/v1/spans", guard: "authenticated", body: true, handler: querySpans },
  { method: "GET", path: "/v1/spans", guard: "authenticated", body: true, handler: querySpans },
];
