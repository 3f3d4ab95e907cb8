import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import protobuf from "protobufjs";
import { afterEach, describe, expect, it } from "vitest";
import {
  OtlpDecodeError,
  decodeExportTraceServiceRequest,
  encodeExportTraceServiceResponse,
  spansOf,
  stringAttribute,
} from "../../src/otlp/decode.js";

// Request bytes are produced by the OpenTelemetry JS serializer the OTLP/proto exporter uses, from spans
// recorded by a real tracer provider: the decoder is checked against the real wire format, not against itself.

const REMOTE_PARENT = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: new TraceState("vendor=abc,other=1"),
};
const LINKED = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: TraceFlags.NONE,
  isRemote: true,
  traceState: new TraceState("linked=yes"),
};

let provider: BasicTracerProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

function record(resourceAttributes: Record<string, unknown>): { exporter: InMemorySpanExporter; provider: BasicTracerProvider } {
  const exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({
    // Resource attributes are not sanitized by the SDK, so kvlist, bytes and empty values reach the serializer.
    resource: resourceFromAttributes(resourceAttributes as Parameters<typeof resourceFromAttributes>[0]),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { exporter, provider };
}

/** The SDK's getTracer cannot set scope attributes; give the recorded span a scope that has them. */
function withScopeAttributes(span: ReadableSpan, attributes: Record<string, string | number>): ReadableSpan {
  return Object.create(span, {
    instrumentationScope: { value: { ...span.instrumentationScope, attributes } },
  }) as ReadableSpan;
}

describe("decodeExportTraceServiceRequest", () => {
  it("round-trips every span field produced by the OTel SDK and serializer", () => {
    const { exporter, provider } = record({
      "service.name": "checkout",
      "openinference.project.name": "my-project",
      "deployment.nested": { region: "eu", zone: 3 },
      "build.digest": new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    });
    const tracer = provider.getTracer("decoder-test", "1.2.3");
    const parentContext = trace.setSpanContext(ROOT_CONTEXT, REMOTE_PARENT);

    const span = tracer.startSpan(
      "charge card",
      {
        kind: SpanKind.CLIENT,
        startTime: [1_700_000_000, 123_456_789],
        attributes: {
          "str": "hello",
          "bool.true": true,
          "bool.false": false,
          "int": 42,
          "int.negative": -7,
          "int.big": 2 ** 60,
          "double": 3.25,
          "arr.str": ["a", "b"],
          "arr.int": [1, 2, 3],
          "arr.double": [0.5, 1.5],
          "arr.bool": [true, false],
        },
        links: [{ context: LINKED, attributes: { "link.reason": "batch", "link.n": 2 } }],
      },
      parentContext,
    );
    span.addEvent("retry", { attempt: 2, "why": "timeout" }, [1_700_000_000, 500_000_001]);
    span.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
    span.end([1_700_000_001, 987_654_321]);

    const [recorded] = exporter.getFinishedSpans();
    const bytes = ProtobufTraceSerializer.serializeRequest([
      withScopeAttributes(recorded!, { "scope.attr": "s", "scope.n": 9 }),
    ]);
    const decoded = decodeExportTraceServiceRequest(bytes!);

    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.scopeSpans).toHaveLength(1);
    const [out] = spansOf(decoded);
    const ctx = recorded!.spanContext();

    expect(out).toMatchObject({
      traceId: REMOTE_PARENT.traceId,
      spanId: ctx.spanId,
      parentSpanId: REMOTE_PARENT.spanId,
      traceState: "vendor=abc,other=1",
      name: "charge card",
      kind: "SPAN_KIND_CLIENT",
      startTimeUnixNano: "1700000000123456789",
      endTimeUnixNano: "1700000001987654321",
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
      status: { code: "STATUS_CODE_ERROR", message: "card declined" },
      // sampled (0x01) | HAS_IS_REMOTE (0x100) | IS_REMOTE (0x200): the parent was remote
      flags: 0x301,
    });
    expect(out!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(out!.attributes).toEqual({
      "str": "hello",
      "bool.true": true,
      "bool.false": false,
      "int": 42,
      "int.negative": -7,
      // 2^60 is beyond Number.MAX_SAFE_INTEGER: kept exact as a decimal string
      "int.big": 1152921504606846976n,
      "double": 3.25,
      "arr.str": ["a", "b"],
      "arr.int": [1, 2, 3],
      "arr.double": [0.5, 1.5],
      "arr.bool": [true, false],
    });
    expect(out!.events).toEqual([
      { name: "retry", timeUnixNano: "1700000000500000001", attributes: { attempt: 2, why: "timeout" }, droppedAttributesCount: 0 },
    ]);
    expect(out!.links).toEqual([
      {
        traceId: LINKED.traceId,
        spanId: LINKED.spanId,
        traceState: "linked=yes",
        attributes: { "link.reason": "batch", "link.n": 2 },
        droppedAttributesCount: 0,
        flags: 0x300,
      },
    ]);
    expect(out!.scope).toEqual({
      name: "decoder-test",
      version: "1.2.3",
      attributes: { "scope.attr": "s", "scope.n": 9 },
      droppedAttributesCount: 0,
    });
    expect(out!.resource.attributes).toEqual({
      "service.name": "checkout",
      "openinference.project.name": "my-project",
      "deployment.nested": { region: "eu", zone: 3 },
      "build.digest": new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    });
    expect(out!.resource).toBe(decoded[0]!.resource);
    expect(out!.scope).toBe(decoded[0]!.scopeSpans[0]!.scope);
    expect(stringAttribute(out!.resource.attributes, "openinference.project.name")).toBe("my-project");
    expect(stringAttribute(out!.resource.attributes, "deployment.nested")).toBeUndefined();
    expect(stringAttribute(out!.resource.attributes, "missing")).toBeUndefined();
  });

  it("keeps root spans, default kind and unset status, and groups spans by resource and scope", () => {
    const { exporter, provider } = record({ "service.name": "a" });
    const tracerA = provider.getTracer("scope-a");
    const tracerB = provider.getTracer("scope-b", "0.1.0");
    const root = tracerA.startSpan("root", { startTime: [10, 0] });
    tracerB.startSpan("child", { kind: SpanKind.SERVER, startTime: [10, 5] }, trace.setSpan(ROOT_CONTEXT, root)).end([10, 6]);
    root.end([11, 0]);

    const spans = exporter.getFinishedSpans();
    const decoded = decodeExportTraceServiceRequest(ProtobufTraceSerializer.serializeRequest(spans)!);

    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.scopeSpans.map((ss) => ss.scope.name).sort()).toEqual(["scope-a", "scope-b"]);
    const byName = Object.fromEntries(spansOf(decoded).map((s) => [s.name, s]));
    expect(byName.root).toMatchObject({
      parentSpanId: undefined,
      kind: "SPAN_KIND_INTERNAL",
      status: { code: "STATUS_CODE_UNSET", message: "" },
      traceState: "",
      startTimeUnixNano: "10000000000",
      endTimeUnixNano: "11000000000",
      events: [],
      links: [],
      flags: 0x101,
    });
    expect(byName.child).toMatchObject({
      parentSpanId: root.spanContext().spanId,
      traceId: root.spanContext().traceId,
      kind: "SPAN_KIND_SERVER",
      startTimeUnixNano: "10000000005",
    });
  });

  it("keeps valid UTF-8 strings exactly, including a leading BOM and astral characters", () => {
    const name = "\uFEFFcafé 🚀";
    const body = field(1, field(2, field(2, field(5, utf8(name)))));
    expect(spansOf(decodeExportTraceServiceRequest(body))[0]!.name).toBe(name);
  });

  it("decodes an empty body as an empty request", () => {
    expect(decodeExportTraceServiceRequest(new Uint8Array())).toEqual([]);
  });

  it("decodes an empty AnyValue as null and keeps enum numbers outside the schema", () => {
    // Hand-written wire bytes: one ResourceSpans > ScopeSpans > Span with kind=9, status.code=7 and an
    // attribute whose AnyValue is empty.
    const kv = concat(field(1, utf8("empty")), field(2, new Uint8Array()));
    const status = new Uint8Array([0x18, 0x07]); // code (3, varint) = 7
    const span = concat(new Uint8Array([0x30, 0x09]), field(9, kv), field(15, status)); // kind (6, varint) = 9
    const body = field(1, field(2, field(2, span)));
    const [out] = spansOf(decodeExportTraceServiceRequest(body));
    expect(out).toMatchObject({ kind: 9, status: { code: 7, message: "" }, attributes: { empty: null } });
  });

  it("throws OtlpDecodeError on bytes that are not an ExportTraceServiceRequest", () => {
    for (const bad of [
      new Uint8Array([0x0a, 0x05, 0x01]), // length 5 declared, 1 byte present
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // varint overflow
      new TextEncoder().encode('{"resourceSpans":[]}'), // OTLP/JSON is not protobuf
      // a span name that is not UTF-8: Phoenix's parser (upb) rejects it, "String field had bad UTF-8"
      field(1, field(2, field(2, field(5, new Uint8Array([0xff, 0xfe]))))),
    ]) {
      let caught: unknown;
      try {
        decodeExportTraceServiceRequest(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OtlpDecodeError);
      expect((caught as OtlpDecodeError).code).toBe("ERR_OTLP_DECODE");
      expect((caught as OtlpDecodeError).message).toMatch(/not a valid OTLP ExportTraceServiceRequest/);
    }
  });
});

describe("encodeExportTraceServiceResponse", () => {
  it("encodes full success as zero bytes, like Phoenix's empty ExportTraceServiceResponse", () => {
    expect(encodeExportTraceServiceResponse()).toHaveLength(0);
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportTraceServiceResponse())).toEqual({});
  });

  it("encodes partial success readably by the OTel JS deserializer", () => {
    const bytes = encodeExportTraceServiceResponse({ rejectedSpans: 3, errorMessage: "bad spans" });
    const response = ProtobufTraceSerializer.deserializeResponse(bytes);
    expect(response.partialSuccess?.errorMessage).toBe("bad spans");
    expect(Number(response.partialSuccess?.rejectedSpans)).toBe(3);
  });
});

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
function field(fieldNumber: number, payload: Uint8Array): Uint8Array {
  const writer = protobuf.Writer.create();
  writer.uint32((fieldNumber << 3) | 2).bytes(payload);
  return writer.finish();
}
function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
