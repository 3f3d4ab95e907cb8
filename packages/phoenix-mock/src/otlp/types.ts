/**
 * The plain records the OTLP decoder (decode.ts) turns a `POST /v1/traces` body into.
 *
 * Representation choices (stable, relied on by the mock's HTTP layer and tests):
 * - ids (`traceId`, `spanId`, `parentSpanId`, link ids) are lowercase hex; an empty `parent_span_id`
 *   becomes `undefined` (Phoenix's `_decode_identifier` returns None for it).
 * - times are decimal strings of nanoseconds since the epoch (fixed64 does not fit a JS number).
 * - `kind` and `status.code` are the OTLP enum names (`"SPAN_KIND_INTERNAL"`, `"STATUS_CODE_ERROR"`);
 *   a number outside the enum is kept as that number.
 * - attribute values are the one value type of values.ts, mirroring Phoenix's `_decode_value`: string,
 *   boolean, int (number, or bigint beyond ±(2^53-1)), double (number, or `Double` when integral), Uint8Array
 *   for bytes, arrays and plain objects (kvlist) recursively, and `null` for an empty AnyValue.
 */

import type { OtlpAttributeValue, OtlpAttributes } from "./values.js";

export type { OtlpAttributeValue, OtlpAttributes } from "./values.js";

/** A span's kind as the OTLP enum name; a number outside the enum is kept as that number. */
export type OtlpSpanKind =
  | "SPAN_KIND_UNSPECIFIED"
  | "SPAN_KIND_INTERNAL"
  | "SPAN_KIND_SERVER"
  | "SPAN_KIND_CLIENT"
  | "SPAN_KIND_PRODUCER"
  | "SPAN_KIND_CONSUMER"
  | number;

/** A span status code as the OTLP enum name; a number outside the enum is kept as that number. */
export type OtlpStatusCode = "STATUS_CODE_UNSET" | "STATUS_CODE_OK" | "STATUS_CODE_ERROR" | number;

/** The resource of a ResourceSpans (service, project attribute, SDK). */
export interface DecodedResource {
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

/** The instrumentation scope of a ScopeSpans (tracer name and version). */
export interface DecodedScope {
  name: string;
  version: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

/** An event of a span (`span.addEvent()`), its time in nanoseconds as a decimal string. */
export interface DecodedSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

/** A link from a span to another span, ids in lowercase hex. */
export interface DecodedSpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  flags: number;
}

/** One decoded span: ids in lowercase hex, times in nanoseconds as decimal strings, attributes as plain values. */
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string;
  name: string;
  kind: OtlpSpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  events: DecodedSpanEvent[];
  droppedEventsCount: number;
  links: DecodedSpanLink[];
  droppedLinksCount: number;
  status: { code: OtlpStatusCode; message: string };
  flags: number;
  /** The same object as the enclosing `DecodedResourceSpans.resource`. */
  resource: DecodedResource;
  /** The same object as the enclosing `DecodedScopeSpans.scope`. */
  scope: DecodedScope;
}

/** The spans of one instrumentation scope within a ResourceSpans. */
export interface DecodedScopeSpans {
  scope: DecodedScope;
  schemaUrl: string;
  spans: DecodedSpan[];
}

/** One ResourceSpans of an OTLP export request: a resource and its spans by scope. */
export interface DecodedResourceSpans {
  resource: DecodedResource;
  schemaUrl: string;
  scopeSpans: DecodedScopeSpans[];
}
