import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "../helpers/capture-server.js";
import { cleanEnv, requireBuild, runChild, startChild } from "../helpers/child.js";

const APP = "test/register/fixtures/lifecycle-app.mjs";
let server: CaptureServer;
beforeAll(requireBuild);
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

const names = (count: number) => Array.from({ length: count }, (_, i) => `span-${i}`);
const env = (extra: Record<string, string> = {}) => cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url, ...extra });

describe("flush on exit, in a child process, with no spans lost", () => {
  it("shutdown() flushes", async () => {
    const run = await runChild([APP, "shutdown"], env({ SPANS: "7" }));
    expect(run.code).toBe(0);
    expect(server.acceptedSpans().map((s) => s.name).sort()).toEqual(names(7).sort());
    expect(run.stdout).toBe(`stats {"exported":7,"rejected":0,"dropped":0,"failedExports":0,"held":0,"redelivered":0,"heldDropped":0}\n`);
  });

  it("beforeExit flushes and keeps the app's exit code", async () => {
    const run = await runChild([APP, "beforeExit"], env({ SPANS: "5", EXIT_CODE: "7" }));
    expect(run.code).toBe(7);
    expect(server.acceptedSpans().map((s) => s.name).sort()).toEqual(names(5).sort());
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
  });

  it.each(["SIGTERM", "SIGINT"] as const)("%s with no app handler: flushes, then the process ends by that signal", async (signal) => {
    const child = startChild([APP, "signal"], env({ SPANS: "4" }));
    await child.waitFor("ready");
    child.kill(signal);
    const run = await child.done;
    expect(run.signal).toBe(signal);
    expect(server.acceptedSpans().map((s) => s.name).sort()).toEqual(names(4).sort());
  });

  it("SIGTERM with two providers: both flush, our hooks do not mistake each other for the app's", async () => {
    const child = startChild([APP, "signal-two-providers"], env({ SPANS: "2" }));
    await child.waitFor("ready");
    child.kill("SIGTERM");
    const run = await child.done;
    expect(run.signal).toBe("SIGTERM");
    expect(server.acceptedSpans().map((s) => s.name).sort()).toEqual([...names(2), "second-provider-span"].sort());
  });

  it("SIGTERM with the app's own handler: flushes and lets the app decide how to exit", async () => {
    const child = startChild([APP, "signal-app-handler"], env({ SPANS: "3" }));
    await child.waitFor("ready");
    child.kill("SIGTERM");
    const run = await child.done;
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("app handler");
    expect(server.acceptedSpans().map((s) => s.name).sort()).toEqual(names(3).sort());
  });

  it("flushOnExit: false installs nothing: the spans waiting in the batch are lost, as with the plain SDK", async () => {
    // Control for the tests above: proves that it is the exit hook that delivers the spans.
    const run = await runChild(["--input-type=module", "-e", CONTROL], env());
    expect(run.code).toBe(0);
    expect(server.requests).toEqual([]);
  });
});

const CONTROL = `
import { trace } from "@opentelemetry/api";
import { register } from "phoenix-otel-auth";
register({ flushOnExit: false });
trace.getTracer("c").startSpan("lost").end();
`;

describe("exit flushes are bounded when Phoenix is down", () => {
  async function deadUrl(): Promise<string> {
    const dead = await startCaptureServer();
    await dead.close();
    return dead.url;
  }

  it("beforeExit: exits with the app's code after the bound and says why the spans were dropped", async () => {
    const url = await deadUrl();
    const run = await runChild([APP, "beforeExit"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url, FLUSH_MS: "500", EXIT_CODE: "4" }));
    expect(run.code).toBe(4); // within the bound: exit-bounds.stress.test.ts
    expect(run.stderr).toBe(
      `[phoenix-otel-auth] 5 spans dropped: cannot reach ${url}/v1/traces (ECONNREFUSED: connection refused: nothing is listening there). ` +
        "Is Phoenix running there? The endpoint comes from PHOENIX_COLLECTOR_ENDPOINT. (Reported once; provider.phoenix.stats() has the counts.) " +
        '`npx phoenix-otel-auth doctor` explains this (check "spans accepted").\n',
    );
  });
});

describe("an app that exits before the flush can send (process.exit() on SIGTERM, as `next start` does)", () => {
  it.each([
    ["an app", {}, "Await provider.shutdown() (or forceFlush()) before calling process.exit(), or exit from a signal handler only after it."],
    ["a Next.js server", { NEXT_RUNTIME: "nodejs" }, "Under `next start`, Next.js exits at once on SIGTERM: set NEXT_MANUAL_SIG_HANDLE=true so that the exit waits for the flush (at most flushTimeoutMillis)."],
  ])("%s: one line says how many spans were not sent, and the fix", async (_what, extra, fix) => {
    const { startFaultServer } = await import("../helpers/fault-server.js");
    const stalled = await startFaultServer(() => ({ kind: "stall" }));
    try {
      const child = startChild([APP, "signal-app-exits-at-once"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: stalled.url, SPANS: "6", ...extra }));
      await child.waitFor("ready");
      child.kill("SIGTERM");
      const run = await child.done;
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(
        "[phoenix-otel-auth] 6 spans not sent: the process exited while the exit flush was still sending them (process.exit() was called, or the app crashed). " +
          `${fix} (provider.phoenix.stats() counts them as dropped.)\n`,
      );
    } finally {
      await stalled.close();
    }
  });

  it("an app that exits after its flush: no such line", async () => {
    const run = await runChild([APP, "shutdown"], env({ SPANS: "3" }));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
