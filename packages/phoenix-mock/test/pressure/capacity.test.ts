/**
 * Phoenix's capacity model: ingest is refused while its span queue holds PHOENIX_MAX_SPANS_QUEUE_SIZE spans, with 503
 * and its text over HTTP (after authentication) and UNAVAILABLE over gRPC (before authentication).
 */
import { afterEach, describe, expect, it } from "vitest";
import { MockConfigError, createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { authMock, otlpBody } from "../helpers.js";
import { rawExport } from "../grpc/raw-client.js";

const AT_CAPACITY = "Server is at capacity and cannot process more requests";
const post = (mock: MockPhoenix, body: Uint8Array, headers: Record<string, string> = {}) =>
  mock.request("/v1/traces", { method: "POST", body, headers: { "content-type": "application/x-protobuf", ...headers } });
const spans = (n: number, first = 1) => otlpBody(Array.from({ length: n }, (_, i) => ({ spanName: `s${first + i}` })), first);

let mock: MockPhoenix;
afterEach(() => mock?.close());

describe("the span queue (PHOENIX_MAX_SPANS_QUEUE_SIZE)", () => {
  it("HTTP: accepted while the queue is below the bound (one request may overshoot it), then 503 with Phoenix's text", async () => {
    mock = createMockPhoenix({ env: { PHOENIX_MAX_SPANS_QUEUE_SIZE: "2" } });
    mock.pauseInserts();
    expect((await post(mock, spans(1, 1))).status).toBe(200);
    expect((await post(mock, spans(3, 2))).status).toBe(200);
    expect(mock.spanStats()).toMatchObject({ stored: 0, queued: 4, refusedAtCapacity: 0 });
    const refused = await post(mock, spans(1, 9));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await refused.text()).toBe(AT_CAPACITY);
    // Phoenix checks capacity before it looks at the body: even a wrong content type gets the 503.
    expect((await post(mock, spans(1, 9), { "content-type": "application/json" })).status).toBe(503);
    expect(mock.spans()).toEqual([]);
    mock.resumeInserts();
    expect(mock.spans().map((s) => s.name)).toEqual(["s1", "s2", "s3", "s4"]);
    expect(mock.spanStats()).toMatchObject({ stored: 4, queued: 0, refusedAtCapacity: 2 });
    expect((await post(mock, spans(1, 9))).status).toBe(200);
    expect(mock.spanStats().stored).toBe(5);
  });

  it("HTTP with auth on: authentication comes first (401 without a key), then capacity", async () => {
    mock = authMock({ maxSpansQueueSize: 1 });
    const { key } = await mock.createSystemApiKey();
    mock.pauseInserts();
    expect((await post(mock, spans(1), { authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await post(mock, spans(1, 2))).status).toBe(401);
    expect((await post(mock, spans(1, 2), { authorization: `Bearer ${key}` })).status).toBe(503);
  });

  it("gRPC: UNAVAILABLE with Phoenix's details, before authentication (Phoenix's CapacityInterceptor comes first)", async () => {
    mock = authMock({ maxSpansQueueSize: 1 });
    await mock.listenGrpc();
    const { key } = await mock.createSystemApiKey();
    mock.pauseInserts();
    expect(await rawExport(mock.grpcUrl!, spans(1), `Bearer ${key}`)).toEqual({ code: 0, details: "" });
    expect(await rawExport(mock.grpcUrl!, spans(1, 2))).toEqual({ code: 14, details: AT_CAPACITY });
    expect(await rawExport(mock.grpcUrl!, spans(1, 2), `Bearer ${key}`)).toEqual({ code: 14, details: AT_CAPACITY });
    expect(mock.spanStats()).toMatchObject({ queued: 1, refusedAtCapacity: 2 });
    mock.resumeInserts();
    expect(await rawExport(mock.grpcUrl!, spans(1, 2), `Bearer ${key}`)).toEqual({ code: 0, details: "" });
    expect(mock.spanStats()).toMatchObject({ stored: 2, queued: 0 });
  });

  it("the default bound is Phoenix's 20000, and an invalid value fails with Phoenix's startup message", () => {
    expect(createMockPhoenix().config.maxSpansQueueSize).toBe(20_000);
    expect(createMockPhoenix({ env: { PHOENIX_MAX_SPANS_QUEUE_SIZE: " 1_000 " } }).config.maxSpansQueueSize).toBe(1000);
    expect(() => createMockPhoenix({ env: { PHOENIX_MAX_SPANS_QUEUE_SIZE: "0" } })).toThrow(
      new MockConfigError("PHOENIX_MAX_SPANS_QUEUE_SIZE", "Invalid value for environment variable PHOENIX_MAX_SPANS_QUEUE_SIZE: 0. Value must be a positive integer."),
    );
    expect(() => createMockPhoenix({ env: { PHOENIX_MAX_SPANS_QUEUE_SIZE: "lots" } })).toThrow(
      "Invalid value for environment variable PHOENIX_MAX_SPANS_QUEUE_SIZE: lots. Value must be an integer.",
    );
    expect(() => createMockPhoenix({ maxSpansQueueSize: -3 })).toThrow("maxSpansQueueSize (PHOENIX_MAX_SPANS_QUEUE_SIZE) must be a positive integer, got: -3.");
  });

  it("restart() keeps the queue (a restarted setting, not a new database); reset() empties it and resumes inserts", async () => {
    mock = createMockPhoenix({ maxSpansQueueSize: 5 });
    mock.pauseInserts();
    await post(mock, spans(2));
    mock.restart({ maxSpansQueueSize: 2 });
    expect((await post(mock, spans(1, 3))).status).toBe(503);
    mock.reset();
    expect(mock.spanStats()).toMatchObject({ stored: 0, queued: 0, refusedAtCapacity: 0 });
    expect((await post(mock, spans(1, 3))).status).toBe(200);
    expect(mock.spanStats().stored).toBe(1);
  });
});
