/**
 * The traces of a project as Phoenix's `GET /v1/projects/{project_identifier}/traces` lists them
 * (phoenix/server/api/routers/v1/traces.py `list_project_traces`): one row per trace (its row id, start as its earliest
 * span's start, end as its latest span's end), sorted by `start_time` or `latency_ms` then row id, keyset-paginated by
 * a cursor holding the LAST row of the page (`<rowid>:DATETIME:<isoformat>` or `<rowid>:FLOAT:<latency>`, base64;
 * the next page starts strictly after it), with leaf token counts of its LLM spans and, on request, its spans.
 *
 * The mock keeps spans, not traces: each request groups the project's spans by trace (O(spans in the project); Phoenix's
 * SQL reads only a page through its indexes; docs/divergences.md).
 */
import { parseIsoDatetime, toGlobalId } from "../../core/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { StoredSpan, TraceStore } from "../../spans/index.js";
import { HttpError } from "../errors.js";
import { statusNameOf } from "./frame.js";
import { spanAttributes, isoFromMicros, microsOf } from "./otlp-readback.js";
import { storedSpanKind } from "./span-query.js";
import type { TraceFacts } from "./trace-filter.js";

export interface TraceQuery {
  startMicros?: number;
  endMicros?: number;
  sort: "start_time" | "latency_ms";
  ascending: boolean;
  limit: number;
  cursor: string | null;
  includeSpans: boolean;
  /** The deprecated filters: any span with status ERROR; latency bounds (inclusive, ms). */
  error?: boolean;
  minLatencyMs?: number;
  maxLatencyMs?: number;
  /** `session_identifier`: session ids (of this project's sessions) and ProjectSession row ids; a trace in any. */
  sessions?: { ids: ReadonlySet<string>; rowIds: ReadonlySet<number> };
  /** A compiled `filter` expression. */
  filter?: (facts: TraceFacts) => boolean;
}

export interface TraceRow {
  rowId: number;
  traceId: string;
  start: number;
  end: number;
  spans: StoredSpan<DecodedSpan>[];
}

/** Phoenix's SQLite `latency_ms`: exact nanoseconds between the stored microsecond times, over 1e6. */
const latencyOf = (trace: TraceRow) => ((trace.end - trace.start) * 1000) / 1e6;

/** Python's `str(float)` for the values a latency takes (an integral value keeps its `.0`). */
function pyFloat(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value);
}

/** Python's `float(str)`: decimal and `inf`/`nan` spellings, surrounding whitespace, `_` between digits. */
function pyParseFloat(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(t)) return undefined;
  return Number(t.replace(/_/g, ""));
}

/**
 * Phoenix's `_parse_trace_cursor`: `Cursor.from_string` (lenient base64, `<rowid>[:<TYPE>:<value>]`), and the sort
 * column's type must be that of `sort`; anything else is 422 `Invalid cursor`.
 */
function parseTraceCursor(cursor: string, sort: TraceQuery["sort"]): { rowId: number; value: number } {
  const invalid = () => new HttpError(422, "Invalid cursor");
  const text = cursor.replace(/[^A-Za-z0-9+/=]/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw invalid();
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(text, "base64"));
  } catch {
    throw invalid();
  }
  const first = decoded.indexOf(":");
  const second = first < 0 ? -1 : decoded.indexOf(":", first + 1);
  if (second < 0) throw invalid();
  const rowText = decoded.slice(0, first).trim();
  if (!/^[+-]?\d(_?\d)*$/.test(rowText)) throw invalid();
  const type = decoded.slice(first + 1, second);
  const valueText = decoded.slice(second + 1);
  let value: number | undefined;
  if (type === "DATETIME" && sort === "start_time") {
    const parsed = parseIsoDatetime(valueText);
    value = parsed && Number(parsed.instant);
  } else if (type === "FLOAT" && sort === "latency_ms") value = pyParseFloat(valueText);
  if (value === undefined) throw invalid();
  return { rowId: Number(rowText.replace(/_/g, "")), value };
}

function sortValue(trace: TraceRow, sort: TraceQuery["sort"]): number {
  return sort === "latency_ms" ? latencyOf(trace) : trace.start;
}

function cursorOf(trace: TraceRow, sort: TraceQuery["sort"]): string {
  const value = sort === "latency_ms" ? `FLOAT:${pyFloat(latencyOf(trace))}` : `DATETIME:${isoFromMicros(trace.start)}`;
  return Buffer.from(`${trace.rowId}:${value}`).toString("base64");
}

/** Phoenix's `llm_token_count_*` column: `int(value or 0)` of the attribute on LLM spans, 0 where int() fails. */
function tokenCount(value: unknown): number {
  if (typeof value === "boolean") return Number(value);
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === "string" && /^\s*[+-]?\d(_?\d)*\s*$/.test(value)) return Number(value.replace(/_/g, ""));
  return 0;
}

/** Phoenix's `token_counts_by_trace`: the leaf token counts summed over the trace's LLM spans. */
function tokenCounts(trace: TraceRow): { prompt: number; completion: number } {
  let prompt = 0;
  let completion = 0;
  for (const { span } of trace.spans) {
    if (storedSpanKind(span) !== "LLM") continue;
    const attributes = spanAttributes(span);
    prompt += tokenCount(attributes["llm.token_count.prompt"]);
    completion += tokenCount(attributes["llm.token_count.completion"]);
  }
  return { prompt, completion };
}

/** What a trace filter reads of a trace (Phoenix's trace columns and per-trace aggregates, 0 when absent). */
function traceFacts(trace: TraceRow): TraceFacts {
  let tokens: { prompt: number; completion: number } | undefined;
  const counted = (test: (span: DecodedSpan) => boolean) => trace.spans.filter(({ span }) => test(span)).length;
  return (name) => {
    switch (name) {
      case "trace_id":
        return trace.traceId;
      case "latency_ms":
        return latencyOf(trace);
      case "num_spans":
        return trace.spans.length;
      case "error_count":
        return counted((span) => statusNameOf(span) === "ERROR");
      case "llm_span_count":
        return counted((span) => storedSpanKind(span) === "LLM");
      case "tool_span_count":
        return counted((span) => storedSpanKind(span) === "TOOL");
      default: {
        tokens ??= tokenCounts(trace);
        return name === "token_count_prompt" ? tokens.prompt : name === "token_count_completion" ? tokens.completion : tokens.prompt + tokens.completion;
      }
    }
  };
}

/** Whether the trace belongs to one of the sessions asked for (its session: the first one a span of it named). */
function inSessions(traces: TraceStore<DecodedSpan>, trace: TraceRow, project: string, sessions: NonNullable<TraceQuery["sessions"]>): boolean {
  const sessionId = traces.trace(trace.traceId)?.data.sessionId;
  const session = sessionId === undefined ? undefined : traces.session(sessionId);
  if (!session) return false;
  return sessions.rowIds.has(session.rowId) || (sessions.ids.has(session.key) && session.data.project === project);
}

function traceJson(trace: TraceRow, projectId: number, includeSpans: boolean): Record<string, unknown> {
  const { prompt, completion } = tokenCounts(trace);
  const spans = includeSpans
    ? [...trace.spans]
        .sort((a, b) => microsOf(a.span.startTimeUnixNano) - microsOf(b.span.startTimeUnixNano) || a.rowId - b.rowId)
        .map(({ rowId, span }) => ({
          id: toGlobalId("Span", rowId),
          span_id: span.spanId,
          parent_id: span.parentSpanId ?? null,
          name: span.name,
          span_kind: storedSpanKind(span),
          status_code: statusNameOf(span),
          start_time: isoFromMicros(microsOf(span.startTimeUnixNano)),
          end_time: isoFromMicros(microsOf(span.endTimeUnixNano)),
        }))
    : null;
  return {
    id: toGlobalId("Trace", trace.rowId),
    trace_id: trace.traceId,
    project_id: toGlobalId("Project", projectId),
    start_time: isoFromMicros(trace.start),
    end_time: isoFromMicros(trace.end),
    token_count_prompt: prompt,
    token_count_completion: completion,
    token_count_total: prompt + completion,
    spans,
  };
}

/** The project's traces, from its stored spans: start as the earliest span start, end as the latest span end. */
export function projectTraces(traces: TraceStore<DecodedSpan>, project: string): TraceRow[] {
  const byId = new Map<string, TraceRow>();
  for (const stored of traces.iterate(project, { order: "asc" })) {
    const { span } = stored;
    const start = microsOf(span.startTimeUnixNano);
    const end = microsOf(span.endTimeUnixNano);
    const row = byId.get(span.traceId);
    if (row) {
      row.start = Math.min(row.start, start);
      row.end = Math.max(row.end, end);
      row.spans.push(stored);
    } else {
      byId.set(span.traceId, { rowId: traces.traceRowId(span.traceId) ?? 0, traceId: span.traceId, start, end, spans: [stored] });
    }
  }
  return [...byId.values()];
}

/** One page of the project's traces, as Phoenix's JSON (`data`, `next_cursor`). */
export function tracePage(
  traces: TraceStore<DecodedSpan>,
  project: { id: number; name: string },
  query: TraceQuery,
): { data: Record<string, unknown>[]; next_cursor: string | null } {
  const bound = query.cursor ? parseTraceCursor(query.cursor, query.sort) : undefined;
  const sign = query.ascending ? 1 : -1;
  const rows = projectTraces(traces, project.name).filter((trace) => {
    if (query.startMicros !== undefined && trace.start < query.startMicros) return false;
    if (query.endMicros !== undefined && trace.start >= query.endMicros) return false;
    if (query.error !== undefined && trace.spans.some(({ span }) => statusNameOf(span) === "ERROR") !== query.error) return false;
    if (query.minLatencyMs !== undefined && latencyOf(trace) < query.minLatencyMs) return false;
    if (query.maxLatencyMs !== undefined && latencyOf(trace) > query.maxLatencyMs) return false;
    if (query.sessions && !inSessions(traces, trace, project.name, query.sessions)) return false;
    if (query.filter && !query.filter(traceFacts(trace))) return false;
    // The row-value bound: (sort value, row id) strictly after the cursor's row.
    return !bound || sign * (sortValue(trace, query.sort) - bound.value || trace.rowId - bound.rowId) > 0;
  });
  rows.sort((a, b) => sign * (sortValue(a, query.sort) - sortValue(b, query.sort) || a.rowId - b.rowId));
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return {
    data: page.map((trace) => traceJson(trace, project.id, query.includeSpans)),
    next_cursor: more ? cursorOf(page.at(-1)!, query.sort) : null,
  };
}
