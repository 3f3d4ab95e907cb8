"""Drives Phoenix's own Python exporter against a conformance target over OTLP/gRPC (run by test/conformance/python.ts).

stdin: {"steps": [...]} where a step is
  {"kind": "register", "label", "project", "span", "api_key"?}: phoenix.otel.register() with PHOENIX_COLLECTOR_ENDPOINT
      set to the base URL (no protocol given: it picks gRPC on PHOENIX_GRPC_PORT), one span, synchronous export;
  {"kind": "raw", "label", "body": "empty"|"corrupt"|"zeros:<n>"|"span", "authorization"?, "gzip"?}: one Export call.
stdout: one JSON object {label: result}. The environment carries PHOENIX_COLLECTOR_ENDPOINT and PHOENIX_GRPC_PORT.
"""
import json
import os
import sys

import client_only  # noqa: F401  (before any phoenix import)
import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.sdk.trace.export import SpanExportResult

EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"


def register_and_export(step):
    from phoenix.otel import register
    from phoenix.otel.otel import _exporter_transport

    provider = register(
        project_name=step["project"],
        api_key=step.get("api_key"),
        batch=False,
        set_global_tracer_provider=False,
        verbose=False,
    )
    processor = provider._default_processor
    exporter = processor.span_exporter
    results = []
    original = exporter.export

    def export(spans):
        result = original(spans)
        results.append(result)
        return result

    exporter.export = export
    span = provider.get_tracer("conformance").start_span(step["span"], attributes={"openinference.span.kind": "CHAIN"})
    span.end()
    provider.shutdown()
    context = span.get_span_context()
    return {
        "transport": _exporter_transport(exporter),
        "endpoint_is_grpc_port": exporter._endpoint.endswith(f":{os.environ['PHOENIX_GRPC_PORT']}"),
        "result": [r.name for r in results] if results else ["NOT_EXPORTED"],
        "trace_id": format(context.trace_id, "032x"),
        "span_id": format(context.span_id, "016x"),
    }


def body_of(kind):
    if kind == "empty":
        return trace_service_pb2.ExportTraceServiceRequest().SerializeToString()
    if kind == "corrupt":
        return b"\xff\xff\xff"
    if kind.startswith("zeros:"):
        return bytes(int(kind.split(":", 1)[1]))
    raise ValueError(f"unknown body {kind}")


def raw(step, channel):
    call = channel.unary_unary(EXPORT, request_serializer=lambda b: b, response_deserializer=lambda b: b)
    metadata = [("authorization", step["authorization"])] if "authorization" in step else None
    compression = grpc.Compression.Gzip if step.get("gzip") else None
    try:
        call(body_of(step["body"]), metadata=metadata, compression=compression, timeout=20)
        return {"code": "OK", "details": ""}
    except grpc.RpcError as error:
        return {"code": error.code().name, "details": error.details() or ""}


def main():
    plan = json.load(sys.stdin)
    host = os.environ["PHOENIX_COLLECTOR_ENDPOINT"].split("//", 1)[1].split(":", 1)[0]
    channel = grpc.insecure_channel(f"{host}:{os.environ['PHOENIX_GRPC_PORT']}")
    out = {}
    for step in plan["steps"]:
        out[step["label"]] = register_and_export(step) if step["kind"] == "register" else raw(step, channel)
    channel.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
