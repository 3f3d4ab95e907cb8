import { toGlobalId } from "../../core/index.js";
import type { OtlpAttributeValue } from "../../otlp/decode.js";
import { STATUS_NAMES, bytesAsHex, flatten, isoFromMicros, microsOf, nanosFromMicros } from "./otlp-readback.js";
import type { SpanRow } from "./span-query.js";

/**
 * The span read-back encodings: Phoenix's span JSON (`/spans`) and OTLP JSON (`/spans/otlpv1`), with times as the
 * microsecond datetimes Phoenix stores and attributes as the flattening of its nested map (otlp-readback.ts).
 */

// ---------------------------------------------------------------- /spans

export function spanJson({ rowId, span }: SpanRow): Record<string, unknown> {
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
  if (value instanceof Uint8Array) return { ...empty, bytes_value: bytesAsHex(value) };
  const sameType = value.every((v) => typeof v === typeof value[0]);
  return { ...empty, array_value: { values: value.map((v) => (sameType ? anyValue(v) : { ...empty, string_value: pythonStr(v) })) } };
}

/**
 * Python's `str()` of a decoded attribute value, as Phoenix writes the items of an array whose items differ in type.
 * Never throws: a map with a key such as `toString` has no usable JS string conversion (it crashed the route).
 */
function pythonStr(value: OtlpAttributeValue): string {
  if (typeof value === "string") return value;
  return pythonRepr(value);
}

function pythonRepr(value: OtlpAttributeValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
    return String(value); // an integral double reads as an int here: the stored value does not say which it was
  }
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (value instanceof Uint8Array) return `'${bytesAsHex(value)}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value).map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`).join(", ")}}`;
}

function keyValues(attributes: Record<string, OtlpAttributeValue>): Record<string, unknown>[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const STATUS_INTS: Record<string, number> = { STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

export function otlpSpanJson({ span }: SpanRow): Record<string, unknown> {
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
export function stringifyWithBigInts(value: unknown): string {
  const marker = "\u0000bigint:";
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${marker}${v}` : v)).replace(
    /"\\u0000bigint:(\d+)"/g,
    "$1",
  );
}

