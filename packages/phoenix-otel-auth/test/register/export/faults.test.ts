import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../../../../test/helpers/secrets.js";
import { requireBuild } from "../helpers/child.js";
import { BOUND_MS, closeFaultServer, EARLY, faultServer, FLUSH_MS, run, setFaultServer } from "../helpers/fault-run.js";
import { startFaultServer, type Fault } from "../helpers/fault-server.js";
import { expectNoSecret } from "../helpers/util.js";

// Every register() path to exit, in a child process running the built package, against a fault-injecting server.
// The bound under test: the process ends within flushTimeoutMillis + 500 ms of the app's last work (its "end" line)
// or of the signal, whatever the server does, with the app's exit code or signal unchanged.
beforeAll(requireBuild);
afterEach(closeFaultServer);
/** For the cases about delivery, not the bound: a flush bound that a loaded machine cannot hit. */
const ROOMY = { FLUSH_MS: "10000" };
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `span-${i}`);
const sorted = (list: string[]): string[] => [...list].sort();
const ok: Fault = { kind: "ok" };
const stall: Fault = { kind: "stall" };
const drip: Fault = { kind: "drip", everyMs: 50 };
const busy: Fault = { kind: "status", status: 503, body: "Server is at capacity" };

describe("a server that stalls or drips cannot hold the exit", () => {
  it.each([
    ["stalls", stall],
    ["drips its answer byte by byte", drip],
  ])("server %s, export in flight when the app's work ends: beforeExit ends within the bound, exit code kept", async (_name, fault) => {
    const r = await run(() => fault, "beforeExit", { BATCH: EARLY, WORK_MS: "300", EXIT_CODE: "3" });
    expect(r.code).toBe(3);
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(faultServer()!.arrived()).toEqual(names(5)); // sent once, never accepted
    expect(faultServer()!.received()).toEqual([]);
    expect(r.stderr).toContain("5 spans dropped: the exit flush ended before");
    expect(r.stderr).toContain(`flushTimeoutMillis (${FLUSH_MS} ms)`);
  });

  it.each([
    ["stalls", stall],
    ["drips", drip],
  ])("server %s: shutdown() returns within the bound and counts the spans as dropped", async (_name, fault) => {
    const r = await run(() => fault, "shutdown");
    expect(r.code).toBe(0);
    expect(r.shutdownMs).toBeLessThan(BOUND_MS);
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(r.stats).toMatchObject({ exported: 0, dropped: 5 });
    expect(faultServer()!.arrived()).toEqual(names(5));
  });

  it.each([
    ["stalls", stall],
    ["drips", drip],
  ])("server %s, SIGTERM mid-export: ends by SIGTERM within the bound", async (_name, fault) => {
    const r = await run(() => fault, "signal", { BATCH: EARLY }, { beforeSignal: (s) => s.waitForRequests(1) });
    expect(r.signal).toBe("SIGTERM");
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(faultServer()!.arrived()).toEqual(names(5));
  });

  it("server stalls, 300 spans in three batches: the last word at shutdown states the total that stats().dropped has", async () => {
    const r = await run(() => stall, "shutdown", { SPANS: "300", BATCH: JSON.stringify({ scheduledDelayMillis: 50, maxExportBatchSize: 100 }) });
    expect(r.stats).toMatchObject({ exported: 0, dropped: 300 });
    // The once-only message names the first batch; the final line gives the total.
    expect(r.stderr.match(/\d+ spans dropped: /g)).toHaveLength(1);
    expect(r.stderr).toContain("in all: 0 spans exported, 0 rejected, 300 dropped, 0 held and dropped (the totals of provider.phoenix.stats()).");
  });

  it("flushTimeoutMillis at its default (2000): a stalled server, beforeExit ends within 2000 + 500 ms", async () => {
    const r = await run(() => stall, "beforeExit", { FLUSH_MS: "2000", BATCH: EARLY, WORK_MS: "300" });
    expect(r.code).toBe(0);
    expect(r.exitMs).toBeLessThan(2500);
    expect(r.stderr).toContain("flushTimeoutMillis (2000 ms)");
  });

  it("verify: true against a stalled server, spans waiting: beforeExit ends within the bound", async () => {
    const r = await run(() => stall, "beforeExit", { VERIFY: "1" });
    expect(r.code).toBe(0);
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(faultServer()!.requests.length).toBe(2); // the empty verify request and the flush
    expect(faultServer()!.arrived()).toEqual(names(5));
  });

  it("verify: true against a dripping server, SIGTERM: ends by the signal within the bound", async () => {
    const r = await run(() => drip, "signal", { VERIFY: "1", BATCH: EARLY }, { beforeSignal: (s) => s.waitForRequests(2) });
    expect(r.signal).toBe("SIGTERM");
    expect(r.exitMs).toBeLessThan(BOUND_MS);
  });
});

describe("an apiKey function that never settles cannot hold the exit", () => {
  it.each(["beforeExit", "shutdown"] as const)("%s ends within the bound; nothing was sent", async (mode) => {
    const r = await run(() => ok, mode, { KEY: "never" });
    expect(r.code).toBe(0);
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(faultServer()!.requests).toEqual([]);
    expect(r.stderr).toContain("5 spans dropped: the exit flush ended before");
  });
});

describe("retries deliver each span once; failures are counted and bounded", () => {
  it("Phoenix down, then up: the retry delivers every span once, no warning", async () => {
    const server = setFaultServer(await startFaultServer(() => ok));
    await server.down();
    const r = await run(() => ok, "shutdown", { BATCH: EARLY, WORK_MS: "2500", ...ROOMY }, {
      afterRegistered: async (s) => {
        await new Promise((resolve) => setTimeout(resolve, 400)); // the first export (at ~50 ms) is refused
        await s.up();
      },
    });
    expect(r.code).toBe(0);
    expect(sorted(server.received())).toEqual(sorted(names(5)));
    expect(r.stats).toMatchObject({ exported: 5, rejected: 0, dropped: 0 });
    expect(r.stderr).toBe("");
  });

  it("two 503s, then 200: delivered once after the retries", async () => {
    const r = await run((i) => (i < 2 ? busy : ok), "shutdown", { BATCH: EARLY, WORK_MS: "4000", ...ROOMY });
    expect(faultServer()!.requests.map((q) => q.fault)).toEqual(["status", "status", "ok"]);
    expect(sorted(faultServer()!.received())).toEqual(sorted(names(5)));
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0 });
  });

  it("connection reset mid-request, then 200: delivered once", async () => {
    const r = await run((i) => (i === 0 ? { kind: "reset" } : ok), "shutdown", { BATCH: EARLY, WORK_MS: "2500", ...ROOMY });
    expect(faultServer()!.requests.map((q) => q.fault)).toEqual(["reset", "ok"]);
    expect(sorted(faultServer()!.received())).toEqual(sorted(names(5)));
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0 });
  });

  it("503 on every request, export in flight when the work ends: beforeExit ends within the bound, spans dropped once", async () => {
    const r = await run(() => busy, "beforeExit", { BATCH: EARLY, WORK_MS: "300" });
    expect(r.code).toBe(0);
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(faultServer()!.received()).toEqual([]);
    expect(r.stderr.match(/spans dropped/g)).toHaveLength(1);
  });

  it("a 401 storm whose body echoes the Authorization header: rejected, reported once, the key never printed", async () => {
    const key = generateApiKey(105);
    const echo: (i: number, req: import("node:http").IncomingMessage) => Fault = (_i, req) => ({
      kind: "status",
      status: 401,
      body: `${"x".repeat(120)} Invalid token ${String(req.headers.authorization)}`,
    });
    const r = await run(echo, "shutdown", { PHOENIX_API_KEY: key, SPANS: "600", BATCH: JSON.stringify({ maxExportBatchSize: 100 }), ...ROOMY });
    expect(r.code).toBe(0);
    expect(faultServer()!.requests.length).toBe(6);
    // Rejected for the key: held (never re-sent: the key did not change), then dropped at shutdown.
    expect(r.stats).toMatchObject({ exported: 0, rejected: 0, dropped: 0, held: 0, heldDropped: 600 });
    expect(r.stderr.match(/spans held:/g)).toHaveLength(1);
    expect(r.stderr.match(/held spans dropped/g)).toHaveLength(1);
    expectNoSecret(r.stderr + r.stdout, key);
  });

  it("a burst above the queue: the excess is dropped and counted; what was queued arrives once", async () => {
    const r = await run(() => ok, "shutdown", { SPANS: "3000", BATCH: JSON.stringify({ maxQueueSize: 512, maxExportBatchSize: 128 }), ...ROOMY });
    expect(r.code).toBe(0);
    const received = faultServer()!.received();
    expect(new Set(received).size).toBe(received.length);
    // The queue (512) fills before the first export answers; at most one batch of 128 left it before that.
    expect(received.length).toBeGreaterThanOrEqual(512);
    expect(received.length).toBeLessThanOrEqual(512 + 128);
    expect(r.stats).toMatchObject({ exported: received.length, dropped: 3000 - received.length, rejected: 0 });
    expect(r.stderr).toContain("the span queue is full (512 spans waiting)");
  });
});
