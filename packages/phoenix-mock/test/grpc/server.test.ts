/**
 * OTLP over gRPC into the mock: the real OpenTelemetry gRPC exporter over a real socket (end to end), and a raw
 * @grpc/grpc-js client for the refusals (status codes and details as Phoenix's interceptor answers them).
 */
import { Metadata, status } from "@grpc/grpc-js";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { authMock, login, otlpBody } from "../helpers.js";
import { EXPORT, rawExport } from "./raw-client.js";

let mock: MockPhoenix;
afterEach(() => mock?.close());

async function exportWithOtel(url: string, apiKey: string | undefined, project: string): Promise<{ code: number; error?: string }> {
  const metadata = new Metadata();
  if (apiKey) metadata.set("authorization", `Bearer ${apiKey}`);
  const exporter = new OTLPTraceExporter({ url, metadata });
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "openinference.project.name": project }) });
  const span = provider.getTracer("grpc-test").startSpan("over-grpc", { attributes: { "openinference.span.kind": "CHAIN" } });
  span.end();
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export([span as any], resolve));
  await exporter.shutdown();
  return { code: result.code, ...(result.error ? { error: result.error.message } : {}) };
}

describe("OTLP/gRPC ingest", () => {
  it("the OpenTelemetry gRPC exporter's span is stored under its resource's project, read back over REST", async () => {
    mock = authMock();
    await mock.listen({ grpcPort: 0 });
    const { key } = await mock.createSystemApiKey();
    expect(await exportWithOtel(mock.grpcUrl!, key, "grpc-project")).toEqual({ code: 0 });
    const [span] = await mock.waitForSpans({ project: "grpc-project" });
    expect(span!.name).toBe("over-grpc");
    const rest = await fetch(`${mock.url}/v1/projects/grpc-project/spans`, { headers: { authorization: `Bearer ${key}` } });
    const listed = (await rest.json()) as { data: { name: string }[] };
    expect(listed.data.map((s) => s.name)).toEqual(["over-grpc"]);
    expect(mock.requests.at(-2)).toMatchObject({ method: "gRPC", path: EXPORT, status: 0, principal: "api-key" });
  });

  it("refuses without a key, with a garbage or expired key, and a viewer's key, as Phoenix's interceptor does", async () => {
    mock = authMock();
    const url = await mock.listenGrpc();
    await mock.createUser({ email: "viewer@example.com", password: generatePassword(), role: "VIEWER" });
    const viewer = await mock.createUserApiKey({ email: "viewer@example.com" });
    const expired = await mock.createSystemApiKey({ expiresAt: new Date(Date.now() - 1000) });
    const body = otlpBody([{ spanName: "refused" }]);
    const answers = {
      none: await rawExport(url, body),
      basic: await rawExport(url, body, `Basic ${viewer.key}`),
      emptyBearer: await rawExport(url, body, "Bearer "),
      garbage: await rawExport(url, body, "Bearer garbage"),
      expired: await rawExport(url, body, `Bearer ${expired.key}`),
      viewer: await rawExport(url, body, `Bearer ${viewer.key}`),
    };
    const UNAUTHENTICATED = { code: status.UNAUTHENTICATED, details: "" };
    expect(answers).toEqual({
      none: UNAUTHENTICATED,
      basic: UNAUTHENTICATED,
      emptyBearer: UNAUTHENTICATED,
      garbage: UNAUTHENTICATED,
      expired: UNAUTHENTICATED,
      viewer: { code: status.PERMISSION_DENIED, details: "" },
    });
    expect(mock.spans()).toEqual([]);
  });

  it("accepts the admin secret, an access token and gzip; a corrupt body is UNKNOWN even without a key", async () => {
    mock = authMock();
    const url = await mock.listenGrpc();
    const password = generatePassword();
    await mock.createUser({ email: "member@example.com", password, role: "MEMBER" });
    const http = await mock.listen();
    const session = await login((path, init) => fetch(`${http}${path}`, init), "member@example.com", password);
    expect(await rawExport(url, otlpBody([{ spanName: "a" }], 1), `Bearer ${mock.adminSecret}`)).toEqual({ code: 0, details: "" });
    expect(await rawExport(url, otlpBody([{ spanName: "b" }], 2), `Bearer ${session.access}`, { gzip: true })).toEqual({ code: 0, details: "" });
    const corrupt = await rawExport(url, Uint8Array.of(0xff, 0xff, 0xff));
    expect(corrupt.code).toBe(status.UNKNOWN);
    expect(corrupt.details).toMatch(/DecodeError'>: Error parsing message with type 'opentelemetry\.proto\.collector\.trace\.v1\.ExportTraceServiceRequest': Wire format was corrupt$/);
    expect(mock.spans().map((s) => [s.name, s.project])).toEqual([["a", "default"], ["b", "default"]]);
  });

  it("with auth off every export is accepted; a message over 4 MiB is RESOURCE_EXHAUSTED", async () => {
    mock = createMockPhoenix();
    const url = await mock.listenGrpc();
    expect(await rawExport(url, otlpBody([{ spanName: "open" }]), "Bearer whatever")).toEqual({ code: 0, details: "" });
    const big = await rawExport(url, new Uint8Array(5 * 1024 * 1024));
    expect(big.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(big.details).toMatch(/Received message larger than max \(5242880 vs\.? 4194304\)/);
    expect(mock.spans().map((s) => s.name)).toEqual(["open"]);
  });

  it("restart() reaches gRPC as it reaches HTTP: auth turned off, then on again, decides the next export", async () => {
    mock = authMock();
    const url = await mock.listenGrpc();
    let id = 0;
    const body = (spanName: string) => otlpBody([{ spanName }], ++id);
    expect((await rawExport(url, body("before"))).code).toBe(status.UNAUTHENTICATED);
    mock.restart({ enableAuth: false });
    expect(await rawExport(url, body("grpc-auth-off"))).toEqual({ code: status.OK, details: "" });
    expect((await mock.request("/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body: body("http-auth-off") })).status).toBe(200);
    mock.restart({ enableAuth: true });
    expect((await rawExport(url, body("auth-on-again"))).code).toBe(status.UNAUTHENTICATED);
    expect(mock.spans().map((s) => s.name).sort()).toEqual(["grpc-auth-off", "http-auth-off"]);
  });

  it("listen({ grpcPort }) refuses a taken port and leaves no HTTP server behind", async () => {
    mock = authMock();
    const taken = new URL(await mock.listenGrpc()).port;
    const other = authMock();
    await expect(other.listen({ grpcPort: Number(taken) })).rejects.toThrow();
    expect(other.grpcUrl).toBeUndefined();
    await other.close();
  });
});
