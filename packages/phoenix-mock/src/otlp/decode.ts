import { createRequire } from "node:module";
import type protobuf from "protobufjs";
import { toResourceSpans, toSpan, type RawResourceSpans, type RawSpan } from "./convert.js";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "./schema.js";
import type { DecodedResource, DecodedResourceSpans, DecodedScope, DecodedSpan, OtlpAttributes } from "./types.js";
import { spanSlices } from "./wire.js";

/** Decodes the body of an OTLP/HTTP protobuf `POST /v1/traces` into the plain records of types.ts. */
export type * from "./types.js";

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
  span: protobuf.Type;
  /** A reader that refuses invalid UTF-8 in string fields (see below). */
  reader(bytes: Uint8Array): protobuf.Reader;
}
let types: OtlpTypes | undefined;

/** The ExportTraceService request and response types (protobufjs, snake_case field names), parsed once. */
export function otlpTypes(): OtlpTypes {
  if (!types) {
    // protobufjs loads here, on the first OTLP body (a third of phoenix-mock's start-up otherwise), through its
    // CommonJS build: synchronous, and the same module in the ESM and the CJS builds.
    const protobufjs = createRequire(import.meta.url)("protobufjs") as typeof protobuf;
    const root = protobufjs.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root;
    /**
     * Phoenix parses with Python protobuf (upb), which rejects a string field holding invalid UTF-8
     * ("String field had bad UTF-8") where protobufjs would quietly substitute U+FFFD. This reader makes
     * such a body fail too, so the HTTP layer answers 422 like Phoenix. A leading BOM is kept, as upb keeps it.
     */
    class StrictUtf8Reader extends protobufjs.Reader {
      override string(): string {
        return strictUtf8.decode(this.bytes());
      }
    }
    types = {
      request: root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`),
      response: root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceResponse`),
      span: root.lookupType(`${OTLP_PACKAGE}.Span`),
      reader: (bytes) => new StrictUtf8Reader(bytes),
    };
  }
  return types;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes an OTLP ExportTraceServiceRequest. An empty body is a valid empty request and yields `[]`. */
export function decodeExportTraceServiceRequest(bytes: Uint8Array): DecodedResourceSpans[] {
  let message: protobuf.Message;
  try {
    const { request, reader } = otlpTypes();
    message = request.decode(reader(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`Request body is not a valid OTLP ExportTraceServiceRequest: ${reason}`, {
      cause: error,
    });
  }
  const raw = message as unknown as { resource_spans: RawResourceSpans[] };
  const decoded = raw.resource_spans.map(toResourceSpans);
  rememberWireBytes(decoded, bytes);
  return decoded;
}

// ---- a span's own bytes, for the span store (src/spans/arena.ts) ----

interface SpanOrigin {
  readonly resource: DecodedResource;
  readonly scope: DecodedScope;
}
const wireBytes = new WeakMap<DecodedSpan, { bytes: Uint8Array; context: SpanOrigin }>();

function rememberWireBytes(decoded: readonly DecodedResourceSpans[], bytes: Uint8Array): void {
  const slices = spanSlices(bytes);
  if (!slices) return;
  let next = 0;
  for (const rs of decoded) for (const ss of rs.scopeSpans) next += ss.spans.length;
  if (next !== slices.length) return;
  next = 0;
  for (const rs of decoded) {
    for (const ss of rs.scopeSpans) {
      const context: SpanOrigin = { resource: rs.resource, scope: ss.scope };
      for (const span of ss.spans) wireBytes.set(span, { bytes: slices[next++]!, context });
    }
  }
}

/**
 * The span store's codec for decoded OTLP spans: a span from a decoded request is kept as its own protobuf bytes and
 * decoded again, into an equal record, when read.
 */
export const otlpSpanCodec = {
  encoded: (span: DecodedSpan): { bytes: Uint8Array; context: unknown } | undefined => wireBytes.get(span),
  decode(bytes: Uint8Array, context: unknown): DecodedSpan {
    const { span, reader } = otlpTypes();
    const origin = context as SpanOrigin;
    return toSpan(span.decode(reader(bytes)) as unknown as RawSpan, origin.resource, origin.scope);
  },
};

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

