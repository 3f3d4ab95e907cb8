import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { register } from "../../src/register/register.js";
import { verifyConnection } from "../../src/register/verify.js";
import { phoenixAuth, startCaptureServer, type CaptureServer } from "./helpers/capture-server.js";
import { freshKey, recordingLogger } from "./helpers/util.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

describe("verifyConnection()", () => {
  it("ok: POSTs an empty OTLP request with the real headers", async () => {
    const key = freshKey();
    server.respond = phoenixAuth({ valid: () => [key] });
    const result = await verifyConnection({ url: server.url }, { PHOENIX_API_KEY: key, PHOENIX_CLIENT_HEADERS: "x-tenant=a" });
    expect(result).toEqual({
      status: "ok",
      ok: true,
      url: `${server.url}/v1/traces`,
      httpStatus: 200,
      message: `the server at ${server.url}/v1/traces accepts spans with the API key.`,
      timings: { connect: expect.any(Number), answer: expect.any(Number) }, // an IP address: no DNS step; http: no TLS
    });
    expect(result.timings!.answer).toBeGreaterThanOrEqual(result.timings!.connect!);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/traces" });
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${key}`, "x-tenant": "a", "content-type": "application/x-protobuf" });
    expect(request!.rawBody.length).toBe(0);
  });

  it("ok without a key names the server version when Phoenix sends it", async () => {
    server.respond = () => ({ status: 200, headers: { "x-phoenix-server-version": "20.26.1" } });
    const result = await verifyConnection({ url: server.url }, {});
    expect(result).toMatchObject({ status: "ok", serverVersion: "20.26.1" });
    expect(result.message).toBe(`Phoenix 20.26.1 at ${server.url}/v1/traces accepts spans without an API key (authentication is off).`);
  });

  it("auth required: 401 with no key sent", async () => {
    server.respond = phoenixAuth({ valid: () => [freshKey()] });
    const result = await verifyConnection({ url: server.url }, {});
    expect(result).toMatchObject({ status: "auth-required", ok: false, httpStatus: 401 });
    expect(result.message).toContain("Set PHOENIX_API_KEY to a system API key");
  });

  it("key rejected: 401 with a key, which is never shown", async () => {
    const key = freshKey();
    server.respond = phoenixAuth({ valid: () => [freshKey()] });
    const result = await verifyConnection({ url: server.url, apiKey: key }, {});
    expect(result).toMatchObject({ status: "key-rejected", httpStatus: 401 });
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it("viewer key: 403 Viewers cannot perform this action.", async () => {
    const key = freshKey();
    server.respond = phoenixAuth({ valid: () => [], viewer: [key] });
    expect(await verifyConnection({ url: server.url, apiKey: key }, {})).toMatchObject({ status: "viewer-key", httpStatus: 403 });
  });

  it("not Phoenix: 404", async () => {
    server.respond = () => ({ status: 404, body: "Not Found" });
    const result = await verifyConnection({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${server.url}/` });
    expect(result).toMatchObject({ status: "not-phoenix", httpStatus: 404, url: `${server.url}/` });
    expect(result.message).toContain("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: it is used exactly as given");
  });

  it("not Phoenix's trace path: Phoenix answers 405 to a POST it does not route", async () => {
    server.respond = () => ({ status: 405, body: "Method Not Allowed", headers: { allow: "GET, HEAD" } });
    const result = await verifyConnection({ url: `${server.url}/wrong-prefix` }, {});
    expect(result).toMatchObject({ status: "not-phoenix", httpStatus: 405 });
    expect(result.message).toBe(
      `${server.url}/wrong-prefix/v1/traces answered 405 "Method Not Allowed": nothing receives OTLP traces at that URL. Check option \`url\`: ` +
        "give the Phoenix base URL (e.g. http://localhost:6006, or the path prefix Phoenix is served under); /v1/traces is added for you.",
    );
  });

  it("unreachable: connection refused", async () => {
    const closed = await startCaptureServer();
    await closed.close();
    const result = await verifyConnection({ url: closed.url }, {});
    expect(result).toMatchObject({ status: "unreachable", ok: false });
    expect(result.message).toContain(`cannot reach ${closed.url}/v1/traces (ECONNREFUSED`);
  });

  it("unexpected: any other status, with the body", async () => {
    server.respond = () => ({ status: 500, body: "Internal Server Error" });
    const result = await verifyConnection({ url: server.url }, {});
    expect(result).toMatchObject({ status: "unexpected", httpStatus: 500 });
    expect(result.message).toBe(`${server.url}/v1/traces answered 500 "Internal Server Error". The server failed; check the Phoenix server logs.`);
  });
});

describe("register({ verify: true })", () => {
  it("reports the verdict in the background without blocking register()", async () => {
    server.respond = phoenixAuth({ valid: () => [freshKey()] });
    const logger = recordingLogger();
    const provider = register({ url: server.url, verify: true, global: false, logger }, {});
    expect(server.requests).toHaveLength(0); // register() returned before the check was sent
    await expect.poll(() => logger.lines.length).toBe(1);
    expect(logger.lines[0]).toMatch(/^\[phoenix-otel-auth\] verify: auth-required: .*answered 401 "Invalid token"/);
    await provider.shutdown();
  });

  it("provider.phoenix.verify() checks on demand", async () => {
    const provider = register({ url: server.url, global: false }, {});
    expect((await provider.phoenix.verify()).status).toBe("ok");
    await provider.shutdown();
  });
});
