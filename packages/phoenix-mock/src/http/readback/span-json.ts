import { toGlobalId } from "../../core/index.js";
import type { OtlpAttributeValue } from "../../otlp/decode.js";
import { setOwn } from "../../otlp/convert.js";
import { STATUS_NAMES, flatten, spanAttributes, isoFromMicros, microsOf, nanosFromMicros } from "./otlp-readback.js";
import { anyValueJson, valueJson } from "./value-encoders.js";
import type { SpanRow } from "./span-query.js";

/**
 * The span read-back encodings: Phoenix's span JSON (`/spans`) and OTLP JSON (`/spans/otlpv1`), with times as the
 * microsecond datetimes Phoenix stores and attributes as the flattening of its nested map (otlp-readback.ts).
 */

// ---------------------------------------------------------------- /spans

export function spanJson({ rowId, span }: SpanRow): Record<string, unknown> {
  const attributes = spanAttributes(span);
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
    attributes: attributesJson(attributes),
    events: span.events.map((event) => ({
      name: event.name,
      timestamp: isoFromMicros(microsOf(event.timeUnixNano)),
      attributes: attributesJson(event.attributes),
    })),
  };
}


/** Attribute values as Phoenix's JSON writes them (stringifyJson): Python floats, exact ints. */
function attributesJson(attributes: Record<string, OtlpAttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) setOwn(out, key, valueJson(value));
  return out;
}

function keyValues(attributes: Record<string, OtlpAttributeValue>): Record<string, unknown>[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValueJson(value) }));
}

const STATUS_INTS: Record<string, number> = { STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

export function otlpSpanJson({ span }: SpanRow): Record<string, unknown> {
  return {
    attributes: keyValues(spanAttributes(span)),
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
