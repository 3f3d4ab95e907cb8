import protobuf from "protobufjs";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "./schema.js";

/**
 * Decodes the body of an OTLP/HTTP protobuf `POST /v1/traces` into plain records.
 *
 * Representation choices (stable, relied on by the mock's HTTP layer and tests):
 * - ids (`traceId`, `spanId`, `parentSpanId`, link ids) are lowercase hex; an empty `parent_span_id`
 *   becomes `undefined` (Phoenix's `_decode_identifier` returns None for it).
 * - times are decimal strings of nanoseconds since the epoch (fixed64 does not fit a JS number).
 * - `kind` and `status.code` are the OTLP enum names (`"SPAN_KIND_INTERNAL"`, `"STATUS_CODE_ERROR"`);
 *   a number outside the enum is kept as that number.
 * - attribute values are plain JS values, mirroring Phoenix's `_decode_value`: string, boolean,
 *   number (double, or int64 when it is a safe integer), a decimal string for an int64 beyond
 *   ±(2^53-1), Uint8Array for bytes, arrays and plain objects (kvlist) recursively, and `null` for an
 *   empty AnyValue.
 */

export type OtlpAttributeValue =
  | string
  | boolean
  | number
  | Uint8Array
  | null
  | OtlpAttributeValue[]
  | { [key: string]: OtlpAttributeValue };

export type OtlpAttributes = Record<string, OtlpAttributeValue>;

export type OtlpSpanKind =
  | "SPAN_KIND_UNSPECIFIED"
  | "SPAN_KIND_INTERNAL"
  | "SPAN_KIND_SERVER"
  | "SPAN_KIND_CLIENT"
  | "SPAN_KIND_PRODUCER"
  | "SPAN_KIND_CONSUMER"
  | number;

export type OtlpStatusCode = "STATUS_CODE_UNSET" | "STATUS_CODE_OK" | "STATUS_CODE_ERROR" | number;

export interface DecodedResource {
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

export interface DecodedScope {
  name: string;
  version: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

export interface DecodedSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

export interface DecodedSpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  flags: number;
}

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

export interface DecodedScopeSpans {
  scope: DecodedScope;
  schemaUrl: string;
  spans: DecodedSpan[];
}

export interface DecodedResourceSpans {
  resource: DecodedResource;
  schemaUrl: string;
  scopeSpans: DecodedScopeSpans[];
}

/**
 * The body is not a valid ExportTraceServiceRequest. The HTTP layer answers 422 with Phoenix's text
 * `Request body is invalid ExportTraceServiceRequest`; `message` here carries protobufjs' reason for logs.
 */
export class OtlpDecodeError extends Error {
  readonly code = "ERR_OTLP_DECODE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OtlpDecodeError";
  }
}

// ---- protobufjs root, built once on first use ----

interface OtlpTypes {
  request: protobuf.Type;
  response: protobuf.Type;
}
let types: OtlpTypes | undefined;

function otlpTypes(): OtlpTypes {
  if (!types) {
    const root = protobuf.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root;
    types = {
      request: root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`),
      response: root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceResponse`),
    };
  }
  return types;
}

/**
 * Phoenix parses with Python protobuf (upb), which rejects a string field holding invalid UTF-8
 * ("String field had bad UTF-8") where protobufjs would quietly substitute U+FFFD. This reader makes
 * such a body fail too, so the HTTP layer answers 422 like Phoenix. A leading BOM is kept, as upb keeps it.
 */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
class StrictUtf8Reader extends protobuf.Reader {
  override string(): string {
    return strictUtf8.decode(this.bytes());
  }
}

// ---- raw decoded shapes (keepCase: field names as in the schema; unset scalars read their defaults) ----

type Int64 = number | protobuf.Long;

interface RawAnyValue {
  value?: string;
  string_value?: string;
  bool_value?: boolean;
  int_value?: Int64;
  double_value?: number;
  array_value?: { values: RawAnyValue[] };
  kvlist_value?: { values: RawKeyValue[] };
  bytes_value?: Uint8Array;
}
interface RawKeyValue {
  key: string;
  value?: RawAnyValue | null;
}
interface RawEvent {
  time_unix_nano: Int64;
  name: string;
  attributes: RawKeyValue[];
  dropped_attributes_count: number;
}
interface RawLink {
  trace_id: Uint8Array;
  span_id: Uint8Array;
  trace_state: string;
  attributes: RawKeyValue[];
  dropped_attributes_count: number;
  flags: number;
}
interface RawSpan {
  trace_id: Uint8Array;
  span_id: Uint8Array;
  trace_state: string;
  parent_span_id: Uint8Array;
  name: string;
  kind: number;
  start_time_unix_nano: Int64;
  end_time_unix_nano: Int64;
  attributes: RawKeyValue[];
  dropped_attributes_count: number;
  events: RawEvent[];
  dropped_events_count: number;
  links: RawLink[];
  dropped_links_count: number;
  status?: { message: string; code: number } | null;
  flags: number;
}
interface RawScope {
  name: string;
  version: string;
  attributes: RawKeyValue[];
  dropped_attributes_count: number;
}
interface RawScopeSpans {
  scope?: RawScope | null;
  spans: RawSpan[];
  schema_url: string;
}
interface RawResourceSpans {
  resource?: { attributes: RawKeyValue[]; dropped_attributes_count: number } | null;
  scope_spans: RawScopeSpans[];
  schema_url: string;
}

const SPAN_KINDS: readonly OtlpSpanKind[] = [
  "SPAN_KIND_UNSPECIFIED",
  "SPAN_KIND_INTERNAL",
  "SPAN_KIND_SERVER",
  "SPAN_KIND_CLIENT",
  "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
];
const STATUS_CODES: readonly OtlpStatusCode[] = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

/** Decodes an OTLP ExportTraceServiceRequest. An empty body is a valid empty request and yields `[]`. */
export function decodeExportTraceServiceRequest(bytes: Uint8Array): DecodedResourceSpans[] {
  let message: protobuf.Message;
  try {
    message = otlpTypes().request.decode(new StrictUtf8Reader(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`Request body is not a valid OTLP ExportTraceServiceRequest: ${reason}`, {
      cause: error,
    });
  }
  const raw = message as unknown as { resource_spans: RawResourceSpans[] };
  return raw.resource_spans.map(toResourceSpans);
}

/** All spans of a decoded request, in wire order. */
export function spansOf(resourceSpans: readonly DecodedResourceSpans[]): DecodedSpan[] {
  return resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

/** The attribute `key` when it holds a string (e.g. `openinference.project.name` on a resource), else `undefined`. */
export function stringAttribute(attributes: OtlpAttributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * Encodes an ExportTraceServiceResponse. With no argument this is the empty message (zero bytes),
 * which is what Phoenix answers to every accepted export.
 */
export function encodeExportTraceServiceResponse(partialSuccess?: {
  rejectedSpans: number;
  errorMessage: string;
}): Uint8Array {
  const { response } = otlpTypes();
  const payload = partialSuccess
    ? { partial_success: { rejected_spans: partialSuccess.rejectedSpans, error_message: partialSuccess.errorMessage } }
    : {};
  return response.encode(response.fromObject(payload)).finish();
}

// ---- conversion ----

function toResourceSpans(raw: RawResourceSpans): DecodedResourceSpans {
  const resource: DecodedResource = {
    attributes: toAttributes(raw.resource?.attributes ?? []),
    droppedAttributesCount: raw.resource?.dropped_attributes_count ?? 0,
  };
  return {
    resource,
    schemaUrl: raw.schema_url,
    scopeSpans: raw.scope_spans.map((ss) => toScopeSpans(ss, resource)),
  };
}

function toScopeSpans(raw: RawScopeSpans, resource: DecodedResource): DecodedScopeSpans {
  const scope: DecodedScope = {
    name: raw.scope?.name ?? "",
    version: raw.scope?.version ?? "",
    attributes: toAttributes(raw.scope?.attributes ?? []),
    droppedAttributesCount: raw.scope?.dropped_attributes_count ?? 0,
  };
  return {
    scope,
    schemaUrl: raw.schema_url,
    spans: raw.spans.map((span) => toSpan(span, resource, scope)),
  };
}

function toSpan(raw: RawSpan, resource: DecodedResource, scope: DecodedScope): DecodedSpan {
  return {
    traceId: hex(raw.trace_id),
    spanId: hex(raw.span_id),
    parentSpanId: raw.parent_span_id.length > 0 ? hex(raw.parent_span_id) : undefined,
    traceState: raw.trace_state,
    name: raw.name,
    kind: SPAN_KINDS[raw.kind] ?? raw.kind,
    startTimeUnixNano: int64String(raw.start_time_unix_nano),
    endTimeUnixNano: int64String(raw.end_time_unix_nano),
    attributes: toAttributes(raw.attributes),
    droppedAttributesCount: raw.dropped_attributes_count,
    events: raw.events.map((event) => ({
      name: event.name,
      timeUnixNano: int64String(event.time_unix_nano),
      attributes: toAttributes(event.attributes),
      droppedAttributesCount: event.dropped_attributes_count,
    })),
    droppedEventsCount: raw.dropped_events_count,
    links: raw.links.map((link) => ({
      traceId: hex(link.trace_id),
      spanId: hex(link.span_id),
      traceState: link.trace_state,
      attributes: toAttributes(link.attributes),
      droppedAttributesCount: link.dropped_attributes_count,
      flags: link.flags,
    })),
    droppedLinksCount: raw.dropped_links_count,
    status: {
      code: STATUS_CODES[raw.status?.code ?? 0] ?? raw.status?.code ?? 0,
      message: raw.status?.message ?? "",
    },
    flags: raw.flags,
    resource,
    scope,
  };
}

function toAttributes(keyValues: readonly RawKeyValue[]): OtlpAttributes {
  const attributes: OtlpAttributes = {};
  for (const kv of keyValues) attributes[kv.key] = toValue(kv.value);
  return attributes;
}

function toValue(raw: RawAnyValue | null | undefined): OtlpAttributeValue {
  // `value` is the name of the set oneof member (protobufjs virtual oneof property).
  switch (raw?.value) {
    case "string_value":
      return raw.string_value ?? "";
    case "bool_value":
      return raw.bool_value ?? false;
    case "int_value": {
      const text = int64String(raw.int_value ?? 0);
      const asNumber = Number(text);
      return Number.isSafeInteger(asNumber) ? asNumber : text;
    }
    case "double_value":
      return raw.double_value ?? 0;
    case "array_value":
      return (raw.array_value?.values ?? []).map(toValue);
    case "kvlist_value":
      return toAttributes(raw.kvlist_value?.values ?? []);
    case "bytes_value":
      return raw.bytes_value ?? new Uint8Array();
    default:
      return null;
  }
}

/** Decimal text of a 64-bit field. protobufjs hands out a `Long` that knows its own signedness (fixed64 unsigned, int64 signed). */
function int64String(value: Int64): string {
  return value.toString();
}

/** Unset bytes fields read protobufjs' shared empty default, which is a plain array; Buffer.from takes both. */
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}
