import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockPhoenix, type FaultSpec, type MockPhoenix } from "phoenix-mock";
import { requireBuild } from "../helpers/child.js";
import { closeFaultServer, EARLY, run, type FaultRun } from "../helpers/fault-run.js";
import { exportRequest } from "../../../../../test/helpers/mock-internals.js";

// What a register() app does against the mock's capacity model and each fault it injects (phoenix-mock README "Faults
// and capacity" states the same): the built package in a child process (test/register/fixtures/fault-app.mjs, 5
// spans), over a real socket. Retryable answers are retried within `timeoutMillis` (default 10 s) and delivered once;
// what cannot be delivered is counted (rejected or dropped) and reported in one message whose count is the counter's.
beforeAll(requireBuild);
let mock: MockPhoenix | undefined;
afterEach(async () => {
  await closeFaultServer();
  await mock?.close();
  mock = undefined;
});

const SPANS = ["span-0", "span-1", "span-2", "span-3", "span-4"];
/** An export in flight while the app works; shutdown() with room for the exporter's own retries. */
const APP = { BATCH: EARLY, WORK_MS: "1500", FLUSH_MS: "15000" };

async function appAgainst(fault: FaultSpec | undefined, env: Record<string, string> = {}, setup?: (mock: MockPhoenix) => Promise<void>, afterRegistered?: () => Promise<void>): Promise<FaultRun> {
  mock = createMockPhoenix({ maxSpansQueueSize: 1 });
  const url = await mock.listen();
  if (fault) mock.injectFault(fault);
  await setup?.(mock);
  return run(() => ({ kind: "ok" }), "shutdown", { PHOENIX_COLLECTOR_ENDPOINT: url, ...APP, ...env }, afterRegistered && { afterRegistered });
}

const stored = () => mock!.spans().map((s) => s.name).sort();
/** The one line the package printed, with its count. */
function oneMessage(r: FaultRun, count: number, what: "dropped" | "rejected"): string {
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^\\[phoenix-otel-auth\\] ${count} spans ${what}: `));
  return lines[0]!;
}

describe("register() against the mock's faults", () => {
  it("503 twice, then Phoenix: retried and delivered once, nothing printed", async () => {
    const r = await appAgainst({ status: 503, times: 2 });
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0, rejected: 0 });
    expect(stored()).toEqual(SPANS);
    expect(mock!.requests.map((q) => q.status)).toEqual([503, 503, 200]);
    expect(r.stderr).toBe("");
  }, 30_000);

  it("429 with Retry-After: retried after it, delivered once", async () => {
    const r = await appAgainst({ status: 429, retryAfter: 1, times: 1 });
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0 });
    expect(stored()).toEqual(SPANS);
    expect(r.stderr).toBe("");
  }, 30_000);

  it("500 (not retryable): the spans are counted as rejected, in one message", async () => {
    const r = await appAgainst({ status: 500 });
    expect(r.stats).toMatchObject({ exported: 0, rejected: 5, dropped: 0 });
    expect(oneMessage(r, 5, "rejected")).toContain('answered 500 "Internal Server Error"');
    expect(mock!.spanStats()).toMatchObject({ stored: 0, faulted: 1 });
  }, 30_000);

  it("a reset connection: retried, delivered once", async () => {
    const r = await appAgainst({ reset: true, times: 1 });
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0 });
    expect(stored()).toEqual(SPANS);
    expect(mock!.requests.map((q) => q.status)).toEqual([0, 200]);
  }, 30_000);

  it("an answer lost after storing: retried, and Phoenix keeps one copy of each span", async () => {
    const r = await appAgainst({ dropResponse: true, times: 1 });
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0 });
    expect(mock!.requests.map((q) => q.status)).toEqual([200, 200]);
    expect(stored()).toEqual(SPANS);
  }, 30_000);

  it("a stalled server: the export times out (timeoutMillis), the spans are counted as dropped, in one message", async () => {
    const r = await appAgainst({ stall: true }, { OTEL_EXPORTER_OTLP_TIMEOUT: "1000" });
    expect(r.stats).toMatchObject({ exported: 0, dropped: 5 });
    expect(oneMessage(r, 5, "dropped")).toContain("timed out (1000 ms, retries included)");
  }, 30_000);
});

describe("register() against Phoenix's capacity model", () => {
  it("503 at capacity until the queue drains: retried, then delivered once", async () => {
    const r = await appAgainst(undefined, {}, async (m) => {
      m.pauseInserts();
      await postOneSpan(m);
    }, async () => {
      // The database catches up once the app's export has been refused at capacity.
      while (mock!.spanStats().refusedAtCapacity === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      mock!.resumeInserts();
    });
    expect(r.stats).toMatchObject({ exported: 5, dropped: 0 });
    expect(mock!.spanStats().refusedAtCapacity).toBeGreaterThanOrEqual(1);
    expect(stored()).toEqual(["filler", ...SPANS].sort());
    expect(r.stderr).toBe("");
  }, 30_000);

  it("a queue that never drains: dropped after timeoutMillis of retries, in one message that names PHOENIX_MAX_SPANS_QUEUE_SIZE", async () => {
    const r = await appAgainst(undefined, { OTEL_EXPORTER_OTLP_TIMEOUT: "2000" }, async (m) => {
      m.pauseInserts();
      await postOneSpan(m);
    });
    expect(r.stats).toMatchObject({ exported: 0, dropped: 5 });
    expect(oneMessage(r, 5, "dropped")).toContain("raise PHOENIX_MAX_SPANS_QUEUE_SIZE on the server");
    expect(mock!.spanStats()).toMatchObject({ queued: 1, stored: 0 });
  }, 30_000);
});

/** One span named "filler", straight to the mock (it waits in the span queue while inserts are paused). */
async function postOneSpan(m: MockPhoenix): Promise<void> {
  const { body } = await exportRequest({ names: ["filler"] });
  const answer = await fetch(`${m.url}/v1/traces`, { method: "POST", headers: { "content-type": "application/x-protobuf" }, body });
  expect(answer.status).toBe(200);
}
