import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../../../../test/helpers/secrets.js";
import { requireBuild } from "../helpers/child.js";
import { BOUND_MS, closeFaultServer, EARLY, faultServer, FLUSH_MS, run, setFaultServer } from "../helpers/fault-run.js";
import { startFaultServer, type Fault } from "../helpers/fault-server.js";
import { expectNoSecret } from "../helpers/util.js";

// Delivery against a fault-injecting server, in a child process running the built package: retries deliver each span
// once, failures are counted and reported once. The exit bound itself (times) is asserted in exit-bounds.stress.test.ts.
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
