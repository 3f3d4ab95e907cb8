/**
 * Injected faults on ingest, over OTLP/HTTP (in process and on a socket) and OTLP/gRPC: which requests they take
 * (times, fraction, match, transport), what each answer does on the wire, and what spanStats() counts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MockUsageError, createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { generateSecret, otlpBody } from "../helpers.js";
import { rawExport } from "../grpc/raw-client.js";

const spans = (n: number, first = 1) => otlpBody(Array.from({ length: n }, (_, i) => ({ spanName: `s${first + i}` })), first);
const init = (body: Uint8Array, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  body,
  headers: { "content-type": "application/x-protobuf", ...headers },
});
const post = (mock: MockPhoenix, body: Uint8Array, headers?: Record<string, string>) => mock.request("/v1/traces", init(body, headers));
const settled = <T>(promise: Promise<T>) => {
  const state = { done: false };
  void promise.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

let mock: MockPhoenix;
afterEach(() => mock?.close());

describe("which requests a fault takes", () => {
  it("times: the next N ingest requests, then Phoenix again; other routes are never faulted", async () => {
    mock = createMockPhoenix();
    const fault = mock.injectFault({ status: 429, retryAfter: 7, times: 2 });
    const first = await post(mock, spans(1, 1));
    expect([first.status, first.headers.get("retry-after"), await first.text()]).toEqual([429, "7", "Too Many Requests"]);
    expect((await mock.request("/healthz")).status).toBe(200);
    expect((await post(mock, spans(1, 2))).status).toBe(429);
    expect((await post(mock, spans(1, 3))).status).toBe(200);
    expect(fault.hits).toBe(2);
    expect(mock.spans().map((s) => s.name)).toEqual(["s3"]);
    expect(mock.spanStats().faulted).toBe(2);
    expect(mock.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /v1/traces 429",
      "GET /healthz 200",
      "POST /v1/traces 429",
      "POST /v1/traces 200",
    ]);
  });

  it("fraction spreads evenly (0.5: every second request); match picks by header; remove() ends it", async () => {
    mock = createMockPhoenix();
    const half = mock.injectFault({ status: 503, fraction: 0.5, match: (r) => r.headers["x-project-name"] === "flaky" });
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await post(mock, spans(1, i), { "x-project-name": "flaky" })).status);
    expect(statuses).toEqual([200, 503, 200, 503, 200, 503]);
    expect((await post(mock, spans(1, 20), { "x-project-name": "steady" })).status).toBe(200);
    expect((await post(mock, spans(1, 21), { "x-project-name": "steady" })).status).toBe(200);
    half.remove();
    expect((await post(mock, spans(1, 30), { "x-project-name": "flaky" })).status).toBe(200);
    expect((await post(mock, spans(1, 31), { "x-project-name": "flaky" })).status).toBe(200);
    expect(half.hits).toBe(3);
  });

  it("transport: a gRPC-only fault leaves HTTP alone, and an HTTP status maps to gRPC's code (503 → UNAVAILABLE, 500 → UNKNOWN)", async () => {
    mock = createMockPhoenix();
    await mock.listenGrpc();
    mock.injectFault({ status: 503, transport: "grpc", times: 1 });
    expect((await post(mock, spans(1))).status).toBe(200);
    expect(await rawExport(mock.grpcUrl!, spans(1, 2))).toEqual({ code: 14, details: "Service Unavailable" });
    mock.injectFault({ status: 500, times: 1, message: "db is down" });
    expect(await rawExport(mock.grpcUrl!, spans(1, 3))).toEqual({ code: 2, details: "db is down" });
    mock.injectFault({ status: 429, grpcCode: 8, times: 1 });
    expect(await rawExport(mock.grpcUrl!, spans(1, 4))).toEqual({ code: 8, details: "Too Many Requests" });
    expect(await rawExport(mock.grpcUrl!, spans(1, 5))).toEqual({ code: 0, details: "" });
    expect(mock.spans().map((s) => s.name)).toEqual(["s1", "s5"]);
    expect(mock.spanStats().faulted).toBe(3);
  });

  it("bad specs fail with a MockUsageError naming the option and the value", () => {
    mock = createMockPhoenix();
    const cases: [unknown, string][] = [
      [{ status: 503, reset: true }, "give exactly one answer (status, delayMs, stall, reset or dropResponse), got status and reset."],
      [{ times: 2 }, "give exactly one answer (status, delayMs, stall, reset or dropResponse), got none."],
      [{ status: 200 }, "option `status` must be an HTTP error status from 400 to 599, got 200"],
      [{ status: 503, times: 0 }, "option `times` must be a whole number ≥ 1"],
      [{ status: 503, fraction: 1.5 }, "option `fraction` must be a number in (0, 1], got 1.5"],
      [{ status: 503, transport: "udp" }, "option `transport` must be \"http\" or \"grpc\""],
      [{ delayMs: 5, retryAfter: 3 }, "option `retryAfter` goes only with `status`"],
      [{ status: 503, retry: 3 }, "option `retry` is not a fault option"],
    ];
    for (const [spec, message] of cases) {
      expect(() => mock.injectFault(spec as never)).toThrow(MockUsageError);
      expect(() => mock.injectFault(spec as never)).toThrow(message);
    }
  });
});

describe("what each answer does", () => {
  it("delayMs answers Phoenix's answer late; stall holds it until release()", async () => {
    mock = createMockPhoenix();
    mock.injectFault({ delayMs: 300, times: 1 });
    const late = settled(post(mock, spans(1, 1)));
    await tick();
    expect([late.done, mock.spanStats().stored]).toEqual([false, 0]);
    const stall = mock.injectFault({ stall: true });
    const held = post(mock, spans(1, 2));
    const heldState = settled(held);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect([late.done, heldState.done, mock.spans().map((s) => s.name)]).toEqual([true, false, ["s1"]]);
    stall.release();
    expect((await held).status).toBe(200);
    expect(mock.spans().map((s) => s.name)).toEqual(["s1", "s2"]);
    expect((await post(mock, spans(1, 3))).status).toBe(200);
  });

  it("on a socket: reset cuts the connection and stores nothing; dropResponse stores, then cuts it", async () => {
    mock = createMockPhoenix();
    const url = await mock.listen();
    mock.injectFault({ reset: true, times: 1 });
    await expect(fetch(`${url}/v1/traces`, init(spans(1, 1)))).rejects.toThrow(/fetch failed/);
    expect(mock.spanStats().stored).toBe(0);
    mock.injectFault({ dropResponse: true, times: 1 });
    await expect(fetch(`${url}/v1/traces`, init(spans(1, 2)))).rejects.toThrow(/fetch failed/);
    expect(mock.spans().map((s) => s.name)).toEqual(["s2"]);
    expect((await fetch(`${url}/v1/traces`, init(spans(1, 3)))).status).toBe(200);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 200, 200]);
  });

  it("in process, a cut connection is a network-error Response (what MSW turns into a failed fetch)", async () => {
    mock = createMockPhoenix();
    mock.injectFault({ reset: true, times: 1 });
    const response = await post(mock, spans(1));
    expect([response.type, response.status]).toEqual(["error", 0]);
  });

  it("gRPC: reset and dropResponse cut the HTTP/2 connection (the client sees UNAVAILABLE); dropResponse stored the spans", async () => {
    mock = createMockPhoenix();
    await mock.listenGrpc();
    mock.injectFault({ reset: true, times: 1 });
    expect((await rawExport(mock.grpcUrl!, spans(1, 1))).code).toBe(14);
    expect(mock.spanStats().stored).toBe(0);
    mock.injectFault({ dropResponse: true, times: 1 });
    expect((await rawExport(mock.grpcUrl!, spans(1, 2))).code).toBe(14);
    expect(mock.spans().map((s) => s.name)).toEqual(["s2"]);
    expect(await rawExport(mock.grpcUrl!, spans(1, 3))).toEqual({ code: 0, details: "" });
  });

  it("close() lets stalled requests through instead of waiting on them; reset() ends faults and zeroes the count", async () => {
    mock = createMockPhoenix();
    const url = await mock.listen();
    mock.injectFault({ stall: true });
    const held = fetch(`${url}/v1/traces`, init(spans(1))).then((r) => r.status, () => "cut");
    await tick();
    await mock.close();
    expect(["cut", 200]).toContain(await held);
    mock.injectFault({ status: 502 });
    expect((await post(mock, spans(1, 2))).status).toBe(502);
    mock.reset();
    expect(mock.spanStats().faulted).toBe(0);
    expect((await post(mock, spans(1, 3))).status).toBe(200);
  });
});

describe("the control route (phoenix-mock --control)", () => {
  const adminSecret = generateSecret();
  const control = (path: string, method = "POST", body?: unknown, secret: string | null = adminSecret) =>
    mock.request(`/__phoenix_mock/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: secret === null ? {} : { authorization: `Bearer ${secret}` },
    });

  it("is off by default: its paths answer as Phoenix's (405 to a POST)", async () => {
    mock = createMockPhoenix();
    expect((await control("faults", "POST", { status: 503 })).status).toBe(405);
  });

  it("needs the admin secret, injects and ends faults, holds the queue and reports stats", async () => {
    mock = createMockPhoenix({ controlRoute: true, env: { PHOENIX_SECRET: generateSecret(), PHOENIX_ADMIN_SECRET: adminSecret } });
    expect((await control("faults", "POST", { status: 503 }, null)).status).toBe(401);
    expect((await control("faults", "POST", { status: 503 }, generateSecret())).status).toBe(401);
    const bad = await control("faults", "POST", { status: 503, times: -1 });
    expect([bad.status, ((await bad.json()) as { detail: string }).detail]).toEqual([400, "mock.injectFault: option `times` must be a whole number ≥ 1 (leave it out for every request), got -1."]);
    const created = await control("faults", "POST", { stall: true });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const held = post(mock, spans(1, 1));
    await tick();
    expect(mock.spanStats().stored).toBe(0);
    expect((await control(`faults/${id}/release`)).status).toBe(204);
    expect((await held).status).toBe(200);
    expect((await control(`faults/${id}/release`)).status).toBe(404);
    expect((await control("inserts/pause")).status).toBe(204);
    await post(mock, spans(1, 2));
    const stats = await control("stats", "GET");
    expect(await stats.json()).toEqual({ stored: 1, evicted: 0, queued: 1, refusedAtCapacity: 0, faulted: 1 });
    expect((await control("inserts/resume")).status).toBe(204);
    expect(mock.spanStats()).toMatchObject({ stored: 2, queued: 0 });
    expect((await control("nothing", "GET")).status).toBe(404);
  });

  it("without an admin secret it cannot be turned on", () => {
    expect(() => createMockPhoenix({ controlRoute: true })).toThrow("option `controlRoute` needs PHOENIX_ADMIN_SECRET");
  });
});
