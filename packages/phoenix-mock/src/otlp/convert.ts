import { intern } from "./intern.js";
import { doubleValue, intValue } from "./values.js";
import type protobuf from "protobufjs";
import type {
  DecodedResource,
  DecodedResourceSpans,
  DecodedScope,
  DecodedScopeSpans,
  DecodedSpan,
  OtlpAttributeValue,
  OtlpAttributes,
  OtlpSpanKind,
  OtlpStatusCode,
} from "./types.js";

/**
 * protobufjs' decoded message into the records of types.ts. Raw shapes: keepCase, so field names are as in the schema,
 * and unset scalars read their defaults.
 *
 * Stored spans dominate the mock's memory, so records share what they can: every span of a scope points at one
 * resource and one scope object, and spans without events or links, or with an unset status and no message, share one
 * frozen empty array / status object (the records are read-only).
 */

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
export interface RawSpan {
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
export interface RawResourceSpans {
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


// ---- conversion ----

export function toResourceSpans(raw: RawResourceSpans): DecodedResourceSpans {
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

const NO_EVENTS: DecodedSpan["events"] = Object.freeze([]) as unknown as DecodedSpan["events"];
const NO_LINKS: DecodedSpan["links"] = Object.freeze([]) as unknown as DecodedSpan["links"];
const STATUS_UNSET: DecodedSpan["status"] = Object.freeze({ code: "STATUS_CODE_UNSET", message: "" });

function toStatus(raw: RawSpan["status"]): DecodedSpan["status"] {
  const code = raw?.code ?? 0;
  const message = raw?.message ?? "";
  if (code === 0 && message === "") return STATUS_UNSET;
  return { code: STATUS_CODES[code] ?? code, message };
}

export function toSpan(raw: RawSpan, resource: DecodedResource, scope: DecodedScope): DecodedSpan {
  return {
    traceId: hex(raw.trace_id),
    spanId: hex(raw.span_id),
    parentSpanId: raw.parent_span_id.length > 0 ? hex(raw.parent_span_id) : undefined,
    traceState: raw.trace_state,
    name: intern(raw.name),
    kind: SPAN_KINDS[raw.kind] ?? raw.kind,
    startTimeUnixNano: int64String(raw.start_time_unix_nano),
    endTimeUnixNano: int64String(raw.end_time_unix_nano),
    attributes: toAttributes(raw.attributes),
    droppedAttributesCount: raw.dropped_attributes_count,
    events: raw.events.length === 0 ? NO_EVENTS : raw.events.map((event) => ({
      name: intern(event.name),
      timeUnixNano: int64String(event.time_unix_nano),
      attributes: toAttributes(event.attributes),
      droppedAttributesCount: event.dropped_attributes_count,
    })),
    droppedEventsCount: raw.dropped_events_count,
    links: raw.links.length === 0 ? NO_LINKS : raw.links.map((link) => ({
      traceId: hex(link.trace_id),
      spanId: hex(link.span_id),
      traceState: link.trace_state,
      attributes: toAttributes(link.attributes),
      droppedAttributesCount: link.dropped_attributes_count,
      flags: link.flags,
    })),
    droppedLinksCount: raw.dropped_links_count,
    status: toStatus(raw.status),
    flags: raw.flags,
    resource,
    scope,
  };
}

function toAttributes(keyValues: readonly RawKeyValue[]): OtlpAttributes {
  const attributes: OtlpAttributes = {};
  for (const kv of keyValues) setOwn(attributes, intern(kv.key), toValue(kv.value));
  return attributes;
}

/**
 * `target[key] = value`, except that a key named `__proto__` (any OTLP key is allowed) becomes an attribute like any
 * other: an assignment would set the object's prototype instead, losing the value and letting every later read of the
 * attributes see the value's own keys as inherited ones.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function toValue(raw: RawAnyValue | null | undefined): OtlpAttributeValue {
  // `value` is the name of the set oneof member (protobufjs virtual oneof property).
  switch (raw?.value) {
    case "string_value":
      return intern(raw.string_value ?? "");
    case "bool_value":
      return raw.bool_value ?? false;
    case "int_value":
      return intValue(int64String(raw.int_value ?? 0));
    case "double_value":
      return doubleValue(raw.double_value ?? 0);
    case "array_value":
      return (raw.array_value?.values ?? []).map(toValue);
    case "kvlist_value":
      return toAttributes(raw.kvlist_value?.values ?? []);
    case "bytes_value":
      // A plain copy: protobufjs hands out a view into the request (a Buffer when the body is one), which would pin
      // the whole body and read back as a different type once the store decodes the span from its own bytes.
      return new Uint8Array(raw.bytes_value ?? []);
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
