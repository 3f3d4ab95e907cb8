import { describe, expect, it } from "vitest";
import { ExportTimeoutError, ServerBusyError } from "../../../src/register/process/bounded.js";
import { bodyExcerpt, classifyExportError, type FailureContext } from "../../../src/register/report/failures.js";

const ctx: FailureContext = {
  url: "http://phoenix:6006/v1/traces",
  endpointSource: "PHOENIX_COLLECTOR_ENDPOINT",
  endpointVerbatim: false,
  keySent: true,
  keySource: "PHOENIX_API_KEY",
  timeoutMillis: 10000,
};

// Error shapes as @opentelemetry/otlp-exporter-base 0.223 produces them (types.ts, http-transport-utils.ts, otlp-export-delegate.ts).
const otlpError = (code: number, data: string) => Object.assign(new Error("Unauthorized"), { name: "OTLPExporterError", code, data });

describe("classifyExportError", () => {
  it.each([
    [otlpError(401, "Invalid token"), "key-rejected", "rejected"],
    [otlpError(403, "Forbidden"), "forbidden", "rejected"],
    [otlpError(404, ""), "not-found", "rejected"],
    [otlpError(405, "Method Not Allowed"), "not-found", "rejected"], // real Phoenix 20.26.1 on an unrouted POST
    [otlpError(415, "Unsupported content type: None"), "unsupported-media-type", "rejected"],
    [otlpError(422, "Request body is invalid ExportTraceServiceRequest"), "invalid-payload", "rejected"],
    [otlpError(507, "Database is locked"), "http-error", "rejected"],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6006"), { code: "ECONNREFUSED" }), "unreachable", "dropped"],
    [Object.assign(new Error("getaddrinfo ENOTFOUND phoenix"), { code: "ENOTFOUND" }), "unreachable", "dropped"],
    [new ServerBusyError(503), "server-busy", "dropped"],
    [new ExportTimeoutError(), "timeout", "dropped"],
    // Messages alone no longer classify: only the transport's typed errors do.
    [Object.assign(new Error("Export failed with retryable status"), { name: "OTLPExporterError" }), "other", "dropped"],
    [new Error("Request timed out"), "other", "dropped"],
    [new Error("Concurrent export limit reached"), "export-backlog", "dropped"],
    [new Error("something else"), "other", "dropped"],
    [undefined, "other", "dropped"],
  ])("%s -> %s (%s)", (error, kind, outcome) => {
    expect(classifyExportError(error, ctx)).toMatchObject({ kind, outcome });
  });

  it("the messages say what to do", () => {
    expect(classifyExportError(Object.assign(new Error("x"), { code: "ENOTFOUND" }), ctx).message).toBe(
      "cannot reach http://phoenix:6006/v1/traces (ENOTFOUND: the host name does not resolve). Is Phoenix running there? " +
        "The endpoint comes from PHOENIX_COLLECTOR_ENDPOINT.",
    );
    expect(classifyExportError(new ExportTimeoutError(), ctx).message).toBe(
      "the export to http://phoenix:6006/v1/traces timed out (10000 ms, retries included). Check that the server is reachable and " +
        "not overloaded, or raise `timeoutMillis` / OTEL_EXPORTER_OTLP_TRACES_TIMEOUT.",
    );
    expect(classifyExportError(otlpError(507, "Database is locked"), ctx).message).toBe(
      `http://phoenix:6006/v1/traces answered 507 "Database is locked". Phoenix's database storage is full or locked: free space on the server.`,
    );
    expect(classifyExportError(new Error("something else"), ctx).message).toBe("the export to http://phoenix:6006/v1/traces failed: something else.");
  });

  it("a 401 without a key sent is 'auth-required'", () => {
    expect(classifyExportError(otlpError(401, "Invalid token"), { ...ctx, keySent: false, keySource: undefined }).kind).toBe("auth-required");
  });
});

describe("bodyExcerpt", () => {
  it("flattens whitespace and cuts long bodies", () => {
    expect(bodyExcerpt("  Invalid\n token ")).toBe("Invalid token");
    expect(bodyExcerpt("x".repeat(300))).toBe(`${"x".repeat(200)}…`);
    expect(bodyExcerpt(undefined)).toBe("");
  });
});

describe("the one failure still told by its message", () => {
  it("OTel's export delegate makes 'Concurrent export limit reached' as a plain Error (no code, no type): failures.ts matches its text", async () => {
    const { createOtlpNetworkExportDelegate, ExporterMetrics } = await import("@opentelemetry/otlp-exporter-base");
    const { ProtobufTraceSerializer, TraceExporterMetricsHelper } = await import("@opentelemetry/otlp-transformer");
    const metrics = new ExporterMetrics({ componentType: "otlp_http_span_exporter", metricsHelper: TraceExporterMetricsHelper, url: "http://x", meterProvider: undefined, responseAttributesFromError: () => ({}) });
    const stuck = { send: () => new Promise<never>(() => {}), shutdown: () => {} };
    const delegate = createOtlpNetworkExportDelegate({ timeoutMillis: 1000, concurrencyLimit: 1, compression: "none" }, ProtobufTraceSerializer, metrics, stuck);
    delegate.export([], () => {});
    const error = await new Promise<unknown>((resolve) => delegate.export([], (result) => resolve(result.error)));
    // When OTel gives this error a code or a class, classify by that instead and drop the message match.
    expect(error).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
    expect((error as { code?: unknown }).code).toBeUndefined();
    expect(classifyExportError(error, ctx)).toMatchObject({ kind: "export-backlog" });
  });
});
