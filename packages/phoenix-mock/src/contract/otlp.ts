/**
 * OTLP/HTTP protobuf request bodies for the trace-ingest cases: one trace in the shape the OpenTelemetry JS SDK exports
 * (children before their root, as they end; kind INTERNAL; scope "conformance"; resource `service.name` and the project
 * attribute), encoded with protobufjs from OTLP's own .proto schema. The real Phoenix decodes the same bytes in CI, so
 * the recorded answers vouch for them.
 */
import { randomBytes } from "node:crypto";
import { gzipSync, deflateSync } from "node:zlib";
import { otlpTypes } from "../otlp/decode.js";

/** `{ raw }`: an OTLP AnyValue as protobufjs takes it (a map, an array of mixed kinds), for the cases about odd values. */
export type AttributeValue = string | number | boolean | readonly string[] | readonly number[] | readonly boolean[] | { readonly raw: Record<string, unknown> };
export type Attributes = Record<string, AttributeValue>;

export interface SpanBatch {
  body: Uint8Array;
  traceId: string;
  spanIds: string[];
}

function anyValue(value: AttributeValue | string): Record<string, unknown> {
  if (typeof value === "object" && "raw" in value) return value.raw;
  if (Array.isArray(value)) return { array_value: { values: value.map((item) => anyValue(item as AttributeValue)) } };
  if (typeof value === "string") return { string_value: value };
  if (typeof value === "boolean") return { bool_value: value };
  return Number.isInteger(value) ? { int_value: value } : { double_value: value };
}

const keyValues = (attributes: Attributes) => Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

/** One trace of `names.length` spans (first is the parent) under a resource with the given project attribute. */
export async function exportRequest(options: {
  names: string[];
  project?: string;
  startSeconds?: number;
  /** More attributes for the root span, and one event on it (at +0.2 s with `startSeconds`). */
  rootAttributes?: Attributes;
  rootEvent?: { name: string; attributes: Attributes };
}): Promise<SpanBatch> {
  const traceId = randomBytes(16);
  const [rootName = "root", ...childNames] = options.names;
  // With `startSeconds`, explicit microsecond times: the root at +0.000123 s, child i at +0.001234·(i+1) s; without,
  // now (in milliseconds, as the SDK's clock gives them).
  const base = options.startSeconds === undefined ? BigInt(Date.now()) * 1_000_000n : BigInt(options.startSeconds) * 1_000_000_000n;
  const at = (offset: number) => String(base + BigInt(Math.round(offset * 1e9)));
  const rootId = randomBytes(8);
  const span = (id: Buffer, name: string, start: number, end: number, attributes: Attributes, parent?: Buffer) => ({
    trace_id: traceId,
    span_id: id,
    ...(parent ? { parent_span_id: parent } : {}),
    name,
    kind: 1,
    start_time_unix_nano: at(start),
    end_time_unix_nano: at(end),
    attributes: keyValues(attributes),
    status: {},
  });
  const children = childNames.map((name, i) => {
    const start = 0.001234 * (i + 1);
    return span(randomBytes(8), name, start, start + 0.000456, { "openinference.span.kind": "LLM", "conformance.kind": "child" }, rootId);
  });
  const root = {
    ...span(rootId, rootName, 0.000123, 0.5, { "openinference.span.kind": "CHAIN", "conformance.kind": "root", ...options.rootAttributes }),
    ...(options.rootEvent ? { events: [{ time_unix_nano: at(0.2), name: options.rootEvent.name, attributes: keyValues(options.rootEvent.attributes) }] } : {}),
  };
  // Children end first: the SDK exports (and serializes) spans in the order they end.
  const spans = [...children, root];
  const resource = { attributes: keyValues({ "service.name": "conformance", ...(options.project ? { "openinference.project.name": options.project } : {}) }) };
  const { request } = otlpTypes();
  const body = request.encode(request.fromObject({ resource_spans: [{ resource, scope_spans: [{ scope: { name: "conformance" }, spans }] }] })).finish();
  return { body, traceId: traceId.toString("hex"), spanIds: spans.map((s) => s.span_id.toString("hex")) };
}

export const gzip = (body: Uint8Array): Uint8Array => new Uint8Array(gzipSync(body));
/** zlib-wrapped deflate, which is what Phoenix's `zlib.decompress` reads for `Content-Encoding: deflate`. */
export const deflate = (body: Uint8Array): Uint8Array => new Uint8Array(deflateSync(body));
