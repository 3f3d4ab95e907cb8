import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireBuild } from "../helpers/child.js";
import { BOUND_MS, closeFaultServer, EARLY, faultServer, FLUSH_MS, run } from "../helpers/fault-run.js";
import type { Fault } from "../helpers/fault-server.js";

// The exit bound (a timing test: npm run test:stress and the OpenTelemetry 3 run, in CI; `npm test` asserts no time): every register() path to exit, in a child
// process running the built package, against a fault-injecting server. The process ends within flushTimeoutMillis +
// 500 ms of the app's last work (its "end" line) or of the signal, whatever the server does, with the app's exit code
// or signal unchanged. The cases about delivery are in faults.test.ts.
beforeAll(requireBuild);
afterEach(closeFaultServer);
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `span-${i}`);
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

describe("a server that answers 503 to everything cannot hold the exit", () => {
  it("503 on every request, export in flight when the work ends: beforeExit ends within the bound, spans dropped once", async () => {
    const r = await run(() => busy, "beforeExit", { BATCH: EARLY, WORK_MS: "300" });
    expect(r.code).toBe(0);
    expect(r.exitMs).toBeLessThan(BOUND_MS);
    expect(faultServer()!.received()).toEqual([]);
    expect(r.stderr.match(/spans dropped/g)).toHaveLength(1);
  });
});
