import { createServer, type AddressInfo, type Socket } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { register } from "../../src/register/register.js";
import { phoenixAuth, startCaptureServer, type CaptureServer } from "./helpers/capture-server.js";
import { finalTotals, freshKey, recordingLogger } from "./helpers/util.js";
import { REST_REJECTIONS } from "../../../../test/helpers/mock-internals.js";
import { recordedAnswer } from "../../../../test/helpers/recorded.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

describe("register() end to end through the real OTLP exporter", () => {
  it("sends span names, resource attributes and the bearer header", async () => {
    const key = freshKey();
    const logger = recordingLogger();
    const provider = register({ url: server.url, apiKey: key, projectName: "e2e-project", serviceName: "e2e-svc", logger }, {});
    const tracer = trace.getTracer("e2e");
    tracer.startSpan("first").end();
    tracer.startSpan("second").end();
    await provider.shutdown();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe("/v1/traces");
    expect(request!.headers.authorization).toBe(`Bearer ${key}`);
    expect(request!.headers["content-type"]).toBe("application/x-protobuf");
    expect(request!.spans.map((s) => s.name).sort()).toEqual(["first", "second"]);
    const resource = request!.resourceSpans[0]!.resource.attributes;
    expect(resource["openinference.project.name"]).toBe("e2e-project");
    expect(resource["service.name"]).toBe("e2e-svc");
    expect(resource["telemetry.sdk.language"]).toBe("nodejs");
    expect(provider.phoenix.stats()).toMatchObject({ exported: 2, rejected: 0, dropped: 0 });
    expect(logger.lines).toEqual([]);
  });
});

describe("resource", () => {
  it("SDK defaults < OTEL_RESOURCE_ATTRIBUTES < OTEL_SERVICE_NAME < resourceAttributes < project name", async () => {
    const provider = register(
      { url: server.url, global: false, resourceAttributes: { "deployment.environment": "staging", "openinference.project.name": "ignored" } },
      {
        OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod,team=search%2Cranking,service.name=from-attrs",
        OTEL_SERVICE_NAME: "from-service-name",
        PHOENIX_PROJECT_NAME: "resource-project",
      },
    );
    provider.getTracer("r").startSpan("r").end();
    await provider.shutdown();
    const attributes = server.acceptedSpans()[0]!.resource.attributes;
    expect(attributes).toMatchObject({
      "service.name": "from-service-name",
      "deployment.environment": "staging",
      team: "search,ranking",
      "openinference.project.name": "resource-project",
      "telemetry.sdk.name": "opentelemetry",
    });
  });
});

describe("compression", () => {
  it("gzips the body when compression is gzip (from OTEL_EXPORTER_OTLP_TRACES_COMPRESSION)", async () => {
    const provider = register({ url: server.url, global: false }, { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "gzip" });
    provider.getTracer("gz").startSpan("zipped").end();
    await provider.shutdown();
    const [request] = server.requests;
    expect(request!.headers["content-encoding"]).toBe("gzip");
    expect(request!.rawBody.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(request!.spans.map((s) => s.name)).toEqual(["zipped"]);
  });
});

/** Sends one span per round through a simple processor and returns the log lines. */
async function exportRounds(
  options: Parameters<typeof register>[0],
  rounds: number,
): Promise<{ lines: string[]; stats: ReturnType<ReturnType<typeof register>["phoenix"]["stats"]> }> {
  const logger = recordingLogger();
  const provider = register({ global: false, batch: false, timeoutMillis: 1500, ...options, logger }, {});
  for (let i = 0; i < rounds; i++) {
    provider.getTracer("t").startSpan(`span-${i}`).end();
    await provider.forceFlush();
  }
  const stats = provider.phoenix.stats();
  await provider.shutdown();
  return { lines: logger.lines, stats };
}

describe("failures you can see: each class reported once, with a fix, without the key", () => {
  it("401 with no key: auth is on, set PHOENIX_API_KEY", async () => {
    server.respond = phoenixAuth({ valid: () => [freshKey()] });
    const { lines, stats } = await exportRounds({ url: server.url }, 3);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('401 "Invalid token"');
    expect(lines[0]).toContain("no API key was sent");
    expect(lines[0]).toContain("Set PHOENIX_API_KEY to a system API key");
    expect(lines[0]).toContain("Held spans are kept (up to 10000 spans, each for at most 10 min)");
    expect(lines[1]).toContain("3 held spans dropped: the provider shut down before a working key was in effect");
    expect(stats).toMatchObject({ exported: 0, rejected: 0, dropped: 0, failedExports: 3, held: 3 });
    expect(stats.lastFailure).toMatchObject({ kind: "auth-required", status: 401 });
  });

  it("401 with a key: invalid (deleted, foreign or an old secret); the key never appears", async () => {
    const wrongKey = freshKey();
    server.respond = phoenixAuth({ valid: () => [freshKey()] });
    const { lines, stats } = await exportRounds({ url: server.url, apiKey: wrongKey }, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("the API key from option `apiKey` was not accepted");
    expect(lines[0]).toContain("(Invalid token: this Phoenix has no such key: it was deleted, revoked or has expired, belongs to another Phoenix server, or was signed with a PHOENIX_SECRET");
    expect(lines.join("\n")).not.toContain(wrongKey);
    expect(stats.lastFailure?.kind).toBe("key-rejected");
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${wrongKey}`);
  });

  it("401 Expired token names the expiry", async () => {
    server.respond = () => ({ status: 401, body: "Expired token" });
    const { lines } = await exportRounds({ url: server.url, apiKey: freshKey() }, 1);
    expect(lines[0]).toContain('401 "Expired token"');
    expect(lines[0]).toContain("(Expired token: the expiry date Phoenix keeps for this key has passed;");
  });

  it("403: a viewer's key cannot write", async () => {
    const viewerKey = freshKey();
    server.respond = phoenixAuth({ valid: () => [], viewer: [viewerKey] });
    const { lines, stats } = await exportRounds({ url: server.url, apiKey: viewerKey }, 2);
    expect(lines).toEqual([expect.stringContaining("1 span rejected: "), finalTotals({ ...stats, heldDropped: 0 })]); // the second export is only counted
    expect(lines[0]).toContain('403 "Viewers cannot perform this action."');
    expect(lines[0]).toContain("belongs to a VIEWER");
    expect(lines.join("\n")).not.toContain(viewerKey);
    expect(stats.rejected).toBe(2);
  });

  it("404 from the server names the endpoint variable", async () => {
    server.respond = () => ({ status: 404, body: "Not Found" });
    const logger = recordingLogger();
    const provider = register({ global: false, batch: false, logger }, { PHOENIX_COLLECTOR_ENDPOINT: `${server.url}/phoenix` });
    provider.getTracer("t").startSpan("x").end();
    await provider.shutdown();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain(`${server.url}/phoenix/v1/traces answered 404 "Not Found"`);
    expect(logger.lines[0]).toContain("Check PHOENIX_COLLECTOR_ENDPOINT");
  });

  it("415 and 422 each get their own message", async () => {
    server.respond = () => ({ status: 415, body: "Unsupported content type: application/json" });
    const a = await exportRounds({ url: server.url }, 2);
    expect(a.lines).toEqual([expect.stringContaining("415"), finalTotals(a.stats)]);
    expect(a.lines[0]).toContain('415 "Unsupported content type: application/json"');
    expect(a.lines[0]).toContain("OTLP/HTTP protobuf");
    server.respond = () => ({ status: 422, body: "Request body is invalid ExportTraceServiceRequest" });
    const b = await exportRounds({ url: server.url }, 1);
    expect(b.lines[0]).toContain("422");
    expect(b.lines[0]).toContain("could not parse the spans");
  });

  it("503: retried, then reported as server busy and counted as dropped", async () => {
    server.respond = () => ({ status: 503, body: "Server is at capacity and cannot process more requests" });
    const { lines, stats } = await exportRounds({ url: server.url, timeoutMillis: 2500 }, 1);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("retryable status");
    expect(lines[0]).toContain("PHOENIX_MAX_SPANS_QUEUE_SIZE");
    expect(stats).toMatchObject({ dropped: 1, rejected: 0 });
  });

  it("connection refused: shows the URL", async () => {
    const closed = await startCaptureServer();
    const deadUrl = closed.url;
    await closed.close();
    const { lines, stats } = await exportRounds({ url: deadUrl, timeoutMillis: 800 }, 2);
    expect(lines).toEqual([expect.stringContaining("1 span dropped: "), finalTotals(stats)]);
    expect(lines[0]).toContain(`cannot reach ${deadUrl}/v1/traces (ECONNREFUSED`);
    expect(lines[0]).toContain("Is Phoenix running there?");
    expect(stats).toMatchObject({ dropped: 2, exported: 0 });
  });

  it("a server that never answers: timed out, counted as dropped", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const { lines, stats } = await exportRounds({ url, timeoutMillis: 600 }, 1);
    for (const socket of sockets) socket.destroy();
    silent.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`1 span dropped: the export to ${url}/v1/traces timed out (600 ms, retries included)`);
    expect(stats).toMatchObject({ dropped: 1, lastFailure: { kind: "timeout" } });
  });

  it("traces resume when an apiKey function starts returning a key, and recovery is reported once", async () => {
    const key = freshKey();
    let current: string | undefined;
    server.respond = phoenixAuth({ valid: () => [key] });
    const logger = recordingLogger();
    const provider = register({ url: server.url, global: false, batch: false, apiKey: async () => current, logger }, {});
    const tracer = provider.getTracer("resume");
    tracer.startSpan("before-key").end();
    await provider.forceFlush();
    current = key;
    tracer.startSpan("after-key-1").end();
    await provider.forceFlush();
    tracer.startSpan("after-key-2").end();
    await provider.shutdown();

    // The span of the gap was held and sent once more with the key, right after the first accepted export.
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, `Bearer ${key}`, `Bearer ${key}`, `Bearer ${key}`]);
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["after-key-1", "before-key", "after-key-2"]);
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toContain("no API key was sent");
    expect(logger.lines[1]).toBe(
      `[phoenix-otel-auth] export recovered: ${server.url}/v1/traces accepts spans again (0 rejected and 0 dropped before; 1 span held and delivered, 0 held and dropped).`,
    );
    expect(logger.text()).not.toContain(key);
    expect(provider.phoenix.stats()).toMatchObject({ exported: 3, rejected: 0, held: 0, redelivered: 1, heldDropped: 0 });
  });
});

describe("the key never appears in any output", () => {
  it("across every failure class, the verbose summary, verify and stats", async () => {
    const key = freshKey();
    const headerSecret = freshKey();
    const logger = recordingLogger();
    // Phoenix's answers as recorded from the real server; "Expired token" (not recordable without waiting for an
    // expiry) as the mock words it; the 500 is a fault that echoes the request, which Phoenix never does.
    const recorded = (caseId: string, step: string) => {
      const answer = recordedAnswer(caseId, step);
      return { status: answer.status, body: String(answer.body) };
    };
    const replies = [
      recorded("traces-rejected-credentials", "garbage"),
      { status: REST_REJECTIONS["expired-token"]!.status, body: REST_REJECTIONS["expired-token"]!.detail },
      recorded("traces-viewer-forbidden", "viewer-key"),
      recorded("unknown-well-known", "get-unknown-well-known"),
      recorded("traces-content-type", "none"),
      recorded("traces-bad-protobuf", "garbage-bytes"),
      { status: 500, body: `echo of the request: Bearer ${key} x-api-key: ${headerSecret}` },
    ];
    expect(replies.slice(0, 6).map((r) => r.status)).toEqual([401, 401, 403, 404, 415, 422]);
    let next = 0;
    server.respond = () => replies[Math.min(next, replies.length - 1)];
    const provider = register(
      { url: server.url, global: false, batch: false, verbose: true, logger, timeoutMillis: 800 },
      { PHOENIX_API_KEY: `Bearer ${key}`, PHOENIX_CLIENT_HEADERS: `x-api-key=${headerSecret},x-tenant=acme` },
    );
    const outputs: string[] = [];
    for (next = 0; next < replies.length; next++) {
      provider.getTracer("t").startSpan(`s${next}`).end();
      await provider.forceFlush();
      outputs.push(JSON.stringify(provider.phoenix.stats()));
    }
    outputs.push(JSON.stringify(await provider.phoenix.verify()));
    await provider.shutdown();
    const everything = [...logger.lines, ...outputs].join("\n");
    expect(logger.lines.length).toBeGreaterThanOrEqual(7);
    expect(everything).toContain("answered 500");
    for (const secret of [key, headerSecret]) {
      for (const fragment of [secret, secret.slice(4, 20), secret.slice(-12)]) expect(everything).not.toContain(fragment);
    }
    expect(server.requests[0]!.headers["x-api-key"]).toBe(headerSecret);
  });
});
