import { parseGlobalId, parseIsoDatetime } from "../../core/index.js";
import { type StoredSpan, type TraceStore } from "../../spans/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import { HttpError } from "../errors.js";
import { takePage } from "../pagination.js";
import { Issues, parseDatetimeInstant, queryInt } from "../validation.js";
import { isoFromMicros, microsOf } from "./otlp-readback.js";
import { storedAttributes } from "../../otlp/phoenix-attributes.js";
import { spanKindOf, statusNameOf } from "./frame.js";
import { parseAttributeFilter, type StoredAttributes } from "./attribute-filter.js";

/** The two span read-back routes: `/spans` (Phoenix's JSON) and `/spans/otlpv1` (OTLP JSON). */
export type SpanRoute = "spans" | "otlpv1";

export interface SpanRow {
  rowId: number;
  span: DecodedSpan;
}

/** What a span read-back request asks for, after Phoenix's query validation. */
export interface SpanQuery {
  limit: number;
  ascending: boolean;
  /** `id` (insertion order) or `start_time` (then id); `/spans/otlpv1` always sorts by id. */
  sort: "id" | "start_time";
  cursor: string | null;
  /** `span_kind` (`/spans` only) and `status_code` as sent; checked by `checkSpanQueryFilters` after the project. */
  spanKinds: string[];
  statusCodes: string[];
  matches: (span: DecodedSpan) => boolean;
  /** `attribute=key:value` filters, each its test or the 422 it answers (checked after the project). */
  attributes: (((stored: StoredAttributes) => boolean) | HttpError)[];
  /** False when no filter is set: `matches` is then true for every span (and a page need not read the spans). */
  filtered: boolean;
}


/** Phoenix's `phoenix.trace.schemas.SpanKind` values (the route's `_VALID_SPAN_KINDS`; PROMPT included). */
const SPAN_KINDS = new Set(["TOOL", "CHAIN", "LLM", "PROMPT", "RETRIEVER", "EMBEDDING", "AGENT", "RERANKER", "EVALUATOR", "GUARDRAIL", "DECISION", "UNKNOWN"]);
const STATUS_CODES = new Set(["UNSET", "OK", "ERROR"]);

/**
 * The `span_kind` column Phoenix stores at ingestion: `SpanKind(attributes["openinference.span.kind"])`, whose
 * `_missing_` upper-cases an ASCII value that is not all upper case, and makes anything else (absent, not a string,
 * not a kind) UNKNOWN. The `/spans` JSON shows the raw attribute; the filter compares this.
 */
export function storedSpanKind(span: DecodedSpan): string {
  const kind = spanKindOf(span);
  return /^[\x00-\x7f]*$/.test(kind) && SPAN_KINDS.has(kind.toUpperCase()) ? kind.toUpperCase() : "UNKNOWN";
}

/** Python's `repr` of a str (the quoting `Invalid span_kind values: [...]` shows). */
function pyStrRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

/** Phoenix's `validate_enum_filter`: the values upper-cased, or 422 `Invalid <param> values: [<the bad ones, upper-cased>]`. */
function validateEnumFilter(values: string[], valid: ReadonlySet<string>, param: string): Set<string> {
  const upper = values.map((v) => v.toUpperCase());
  const invalid = upper.filter((v) => !valid.has(v));
  if (invalid.length) throw new HttpError(422, `Invalid ${param} values: [${invalid.map(pyStrRepr).join(", ")}]`);
  return new Set(upper);
}

/**
 * The error pydantic (speedate) gives for a string that is no datetime, checked as a date: too short, a non-digit in
 * the year, month or day, a separator other than `-`, a month or day out of range, else (a valid date followed by
 * something that is not a valid time) extra characters.
 */
export function dateStringError(text: string): string {
  if (text.length < 10) return "input is too short";
  const digits = (from: number, to: number) => /^\d+$/.test(text.slice(from, to));
  if (!digits(0, 4)) return "invalid character in year";
  if (text[4] !== "-") return "invalid date separator, expected `-`";
  if (!digits(5, 7)) return "invalid character in month";
  if (text[7] !== "-") return "invalid date separator, expected `-`";
  if (!digits(8, 10)) return "invalid character in day";
  const [year, month, day] = [text.slice(0, 4), text.slice(5, 7), text.slice(8, 10)].map(Number) as [number, number, number];
  if (month < 1 || month > 12) return "month value is outside expected range of 1-12";
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > days) return "day value is outside expected range";
  return "unexpected extra characters at the end of the input";
}

/**
 * A `datetime` query parameter as pydantic reads it (ISO 8601, a date, or a Unix timestamp in seconds or
 * milliseconds, also as a numeric string), in microseconds; Phoenix's `normalize_datetime(…, timezone.utc)` reads a
 * naive value as UTC, as `parseIsoDatetime` does. Anything else: pydantic's `datetime_from_date_parsing` 422.
 */
export function queryDatetime(url: URL, name: string, issues: Issues): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const loc = ["query", name];
  if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(raw) || /^\s*0000-/.test(raw)) {
    const parsed = parseDatetimeInstant(/^\s*0000-/.test(raw) ? raw : Number(raw), loc, issues);
    return parsed && Number(parsed.instant);
  }
  const parsed = parseIsoDatetime(raw.trim());
  if (parsed) return Number(parsed.instant);
  const error = dateStringError(raw);
  issues.add({ type: "datetime_from_date_parsing", loc, msg: `Input should be a valid datetime or date, ${error}`, input: raw, ctx: { error } });
  return undefined;
}

/**
 * The query both span routes share: `trace_id`, `span_id`, `name` (repeatable), `parent_id` (`null` for roots),
 * `start_time` (inclusive) and `end_time` (exclusive) on the span's start time, `status_code` (repeatable, any case),
 * `limit` (1..1000), `cursor`; `/spans` also takes `span_kind` (repeatable, any case), `sort` (`id`, `start_time`) and
 * `order`, and `/spans/otlpv1` ignores them. Invalid values are Phoenix's 422 (ValidationFailed); invalid kinds and
 * status codes are checked after the project (`checkSpanQueryFilters`), as Phoenix does.
 */
export function parseSpanQuery(url: URL, route: SpanRoute): SpanQuery {
  const { searchParams } = url;
  const issues = new Issues();
  const limit = queryInt(url, "limit", 100, { gt: 0, le: 1000 }, issues);
  const order = searchParams.get("order") ?? "desc";
  const sort = searchParams.get("sort") ?? "id";
  if (route === "spans") {
    for (const [name, value, allowed] of [["sort", sort, ["id", "start_time"]], ["order", order, ["asc", "desc"]]] as const) {
      if (!(allowed as readonly string[]).includes(value)) {
        const expected = allowed.map((a) => `'${a}'`).join(" or ");
        issues.add({ type: "literal_error", loc: ["query", name], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
      }
    }
  }
  const startMicros = queryDatetime(url, "start_time", issues);
  const endMicros = queryDatetime(url, "end_time", issues);
  issues.throwIfAny();
  const inList = (name: string, value: string | undefined) => !searchParams.has(name) || searchParams.getAll(name).includes(value ?? "");
  const parentId = searchParams.get("parent_id");
  const spanKinds = route === "spans" ? searchParams.getAll("span_kind") : [];
  const statusCodes = searchParams.getAll("status_code");
  const kinds = new Set(spanKinds.map((k) => k.toUpperCase()));
  const codes = new Set(statusCodes.map((c) => c.toUpperCase()));
  const attributes = searchParams.getAll("attribute").map(parseAttributeFilter);
  // Checked after the project (checkSpanQueryFilters throws a refused one first); the stored map is built once for all.
  const matchesAttributes = (stored: StoredAttributes) => attributes.every((test) => (test as (stored: StoredAttributes) => boolean)(stored));
  return {
    limit,
    ascending: route === "spans" && order === "asc",
    sort: route === "spans" && sort === "start_time" ? "start_time" : "id",
    cursor: searchParams.get("cursor"),
    spanKinds,
    statusCodes,
    attributes,
    filtered:
      attributes.length > 0 ||
      startMicros !== undefined || endMicros !== undefined || parentId !== null || kinds.size > 0 || codes.size > 0 ||
      ["trace_id", "span_id", "name"].some((name) => searchParams.has(name)),
    matches: (span) => {
      if (startMicros !== undefined || endMicros !== undefined) {
        const start = microsOf(span.startTimeUnixNano);
        if (startMicros !== undefined && start < startMicros) return false;
        if (endMicros !== undefined && start >= endMicros) return false;
      }
      return (
        inList("trace_id", span.traceId) &&
        inList("span_id", span.spanId) &&
        inList("name", span.name) &&
        (parentId === null || (parentId === "null" ? !span.parentSpanId : span.parentSpanId === parentId)) &&
        (kinds.size === 0 || kinds.has(storedSpanKind(span))) &&
        (codes.size === 0 || codes.has(statusNameOf(span))) &&
        (attributes.length === 0 || matchesAttributes(storedAttributes(span)))
      );
    },
  };
}

/** Phoenix's refusals after the project is found: invalid `span_kind`, then `status_code` values (422). */
export function checkSpanQueryFilters(query: SpanQuery): void {
  if (query.spanKinds.length) validateEnumFilter(query.spanKinds, SPAN_KINDS, "span_kind");
  if (query.statusCodes.length) validateEnumFilter(query.statusCodes, STATUS_CODES, "status_code");
  const refused = query.attributes.find((test) => test instanceof HttpError);
  if (refused) throw refused;
}

/** A `sort=start_time` cursor: base64 of `<rowid>:DATETIME:<start_time isoformat>` (Phoenix's `Cursor`). */
function startTimeCursor(row: SpanRow): string {
  return Buffer.from(`${row.rowId}:DATETIME:${isoFromMicros(microsOf(row.span.startTimeUnixNano))}`).toString("base64");
}

/**
 * Phoenix's `Cursor.from_string` for `sort=start_time`: base64 (characters outside the alphabet dropped, padding
 * required), `<int rowid>:DATETIME:<ISO datetime>` (a naive one is UTC); anything else is undefined (422
 * `Invalid cursor`).
 */
function parseStartTimeCursor(cursor: string): { micros: number; rowId: number } | undefined {
  const text = cursor.replace(/[^A-Za-z0-9+/=]/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const match = /^\s*([+-]?\d+)\s*:DATETIME:(.*)$/s.exec(decoded);
  if (!match) return undefined;
  const parsed = parseIsoDatetime(match[2]!);
  if (!parsed) return undefined;
  return { rowId: Number(match[1]), micros: Number(parsed.instant) };
}

/**
 * One page of a project's spans. Sorted by id: keyset-paginated from the cursor's row, touching the rows it returns
 * (and those the filters skip), nothing else. Sorted by start time: the cursor is the (start_time, id) of the first row
 * of the page; the mock keeps spans in id order only, so this scans and sorts the project's matching spans (O(n log n)
 * in the project's spans; Phoenix's SQL would use its start_time index). An undecodable cursor is Phoenix's 422
 * `Invalid cursor`.
 */
export function spanPage(
  traces: TraceStore<DecodedSpan>,
  project: string,
  query: SpanQuery,
): { page: SpanRow[]; nextCursor: string | null } {
  if (query.sort === "start_time") return spanPageByStartTime(traces, project, query);
  const decodedCursor = query.cursor ? parseGlobalId(query.cursor) : undefined;
  if (query.cursor && !decodedCursor) throw new HttpError(422, "Invalid cursor");
  function* rows(): Generator<SpanRow> {
    for (const stored of traces.iterate(project, { order: query.ascending ? "asc" : "desc", fromRowId: decodedCursor?.id })) {
      const span = stored.span; // decoded from the store's bytes on each read: once per row
      if (query.matches(span)) yield { rowId: stored.rowId, span };
    }
  }
  return takePage(rows(), { limit: query.limit, idOf: (row) => row.rowId, type: "Span" });
}

function spanPageByStartTime(traces: TraceStore<DecodedSpan>, project: string, query: SpanQuery): { page: SpanRow[]; nextCursor: string | null } {
  const bound = query.cursor ? parseStartTimeCursor(query.cursor) : undefined;
  if (query.cursor && !bound) throw new HttpError(422, "Invalid cursor");
  const sign = query.ascending ? 1 : -1;
  // Rows keep the stored record, not the decoded span: only the page's spans are decoded a second time.
  const rows: { start: number; stored: StoredSpan<DecodedSpan> }[] = [];
  for (const stored of traces.iterate(project, { order: "asc" })) {
    // Without filters only the start time is read: the store keeps it beside the span's bytes (no decode).
    if (query.filtered && !query.matches(stored.span)) continue;
    const start = stored.startMicros;
    // The row-value boundary: (start_time, id) >= bound ascending, <= bound descending.
    if (bound && sign * (start - bound.micros || stored.rowId - bound.rowId) < 0) continue;
    rows.push({ start, stored });
  }
  rows.sort((a, b) => sign * (a.start - b.start || a.stored.rowId - b.stored.rowId));
  const page = rows.slice(0, query.limit).map(({ stored }) => ({ rowId: stored.rowId, span: stored.span }));
  const next = rows[query.limit];
  return { page, nextCursor: next ? startTimeCursor({ rowId: next.stored.rowId, span: next.stored.span }) : null };
}
