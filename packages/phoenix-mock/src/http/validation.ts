import { parseIsoDatetime, type ParsedDatetime } from "../core/index.js";
import { jsonNestedDeeperThan } from "./body.js";
import type { RequestBody, RequestContext } from "./context.js";
import { HttpError } from "./errors.js";
import { ValidationFailed, type ValidationIssue } from "./responses.js";

/**
 * FastAPI's body reading, which runs before every dependency (so before the 401): a JSON content type with an
 * unparsable body is a 422 `json_invalid` whoever sends it. Without a JSON content type the body stays raw
 * (FastAPI's strict content-type default) and fails model validation later.
 */
export async function readRequestBody(request: Request): Promise<RequestBody> {
  const raw = await request.text();
  if (raw.length === 0) return { present: false };
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const isJson = type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
  if (!isJson) return { present: true, value: raw };
  if (jsonNestedDeeperThan(raw)) throw new HttpError(400, "There was an error parsing the body");
  try {
    return { present: true, value: JSON.parse(raw) };
  } catch (error) {
    throw new ValidationFailed([
      {
        type: "json_invalid",
        loc: ["body", jsonErrorPosition(error, raw)],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting value" },
      },
    ]);
  }
}

function jsonErrorPosition(error: unknown, text: string): number {
  const message = error instanceof Error ? error.message : "";
  const position = /position (\d+)/.exec(message);
  // A body cut short: Python's decoder reports the end of the text.
  if (!position && /end of JSON input/.test(message)) return text.length;
  return position ? Number(position[1]) : 0;
}

/** Collects pydantic-style issues for one request and throws them together. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(issue: ValidationIssue): void {
    this.list.push(issue);
  }

  missing(loc: (string | number)[], input: unknown): void {
    this.add({ type: "missing", loc, msg: "Field required", input });
  }

  /** A JSON object, or an issue. */
  object(value: unknown, loc: (string | number)[]): value is Record<string, unknown> {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return true;
    this.add({
      type: "model_attributes_type",
      loc,
      msg: "Input should be a valid dictionary or object to extract fields from",
      input: value,
    });
    return false;
  }

  /** A required (or, with `optional`, nullable) string field. */
  string(container: Record<string, unknown>, key: string, loc: (string | number)[], optional = false): string | undefined {
    const value = container[key];
    if (value === undefined) {
      if (!optional) this.missing([...loc, key], container);
      return undefined;
    }
    if (value === null && optional) return undefined;
    if (typeof value === "string") return value;
    this.add({ type: "string_type", loc: [...loc, key], msg: "Input should be a valid string", input: value });
    return undefined;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationFailed(this.list);
  }
}

/** The JSON body a route declared, or the `missing` issue FastAPI reports for an absent body. */
export function bodyOrMissing(ctx: RequestContext, issues: Issues): unknown {
  if (!ctx.body?.present) {
    issues.missing(["body"], null);
    return undefined;
  }
  return ctx.body.value;
}

/** An integer query parameter with FastAPI's `gt`/`le` constraints. */
export function queryInt(url: URL, name: string, fallback: number, bounds: { gt?: number; le?: number }, issues: Issues): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const loc = ["query", name];
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    issues.add({ type: "int_parsing", loc, msg: "Input should be a valid integer, unable to parse string as an integer", input: raw });
    return fallback;
  }
  const value = Number(raw);
  if (bounds.gt !== undefined && !(value > bounds.gt)) {
    issues.add({ type: "greater_than", loc, msg: `Input should be greater than ${bounds.gt}`, input: raw, ctx: { gt: bounds.gt } });
  } else if (bounds.le !== undefined && !(value <= bounds.le)) {
    issues.add({
      type: "less_than_equal",
      loc,
      msg: `Input should be less than or equal to ${bounds.le}`,
      input: raw,
      ctx: { le: bounds.le },
    });
  }
  return value;
}

/** Pydantic's range for Unix timestamps: 0000-01-01T00:00:00 to 9999-12-31T23:59:59 (UTC). */
const MIN_TIMESTAMP_MS = -62_167_219_200_000;
const MAX_TIMESTAMP_MS = 253_402_300_799_000;

/**
 * Pydantic's lax datetime parsing for the shapes clients send: ISO 8601 date-times (a naive value is UTC, as Phoenix
 * treats them; the offset a value was written with is kept, as pydantic keeps it), dates, and Unix timestamps in
 * seconds or milliseconds (UTC). Microsecond precision (../core/instant.ts).
 */
export function parseDatetimeInstant(value: unknown, loc: (string | number)[], issues: Issues): ParsedDatetime | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    const ms = Math.abs(value) > 2e10 ? value : value * 1000;
    const range = ms > MAX_TIMESTAMP_MS ? "after 9999" : ms < MIN_TIMESTAMP_MS ? "before 0000" : undefined;
    if (range === undefined) return { instant: BigInt(Math.round(ms * 1000)), offsetSeconds: 0 };
    const error = `dates ${range} are not supported as unix timestamps`;
    issues.add({ type: "datetime_parsing", loc, msg: `Input should be a valid datetime, ${error}`, input: value, ctx: { error } });
    return undefined;
  }
  if (typeof value === "string" && /^0000-/.test(value.trim())) {
    const error = "year 0 is out of range";
    issues.add({ type: "datetime_parsing", loc, msg: `Input should be a valid datetime, ${error}`, input: value, ctx: { error } });
    return undefined;
  }
  if (typeof value === "string") {
    const parsed = parseIsoDatetime(value.trim());
    if (parsed) return parsed;
  }
  issues.add({ type: "datetime_from_date_parsing", loc, msg: "Input should be a valid datetime or date", input: value });
  return undefined;
}
