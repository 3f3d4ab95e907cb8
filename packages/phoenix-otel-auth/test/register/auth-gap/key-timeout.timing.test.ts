import { afterEach, describe, expect, it } from "vitest";
import { register } from "../../../src/register/register.js";
import { API_KEY_TIMEOUT_MILLIS } from "../../../src/register/process/bounded.js";
import { startFaultServer, type FaultServer } from "../helpers/fault-server.js";
import { recordingLogger } from "../helpers/util.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe("an apiKey function that never settles", () => {
  it(`times out after ${API_KEY_TIMEOUT_MILLIS} ms: the export goes without a key, reported once; later exports wait on the same call`, async () => {
    server = await startFaultServer(() => ({ kind: "ok" }));
    const logger = recordingLogger();
    let calls = 0;
    const provider = register(
      { url: server.url, global: false, batch: false, logger, apiKey: () => ((calls += 1), new Promise<string>(() => {})) },
      {},
    );
    const started = Date.now();
    provider.getTracer("k").startSpan("first").end();
    provider.getTracer("k").startSpan("second").end();
    await server.waitForRequests(2, API_KEY_TIMEOUT_MILLIS + 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(API_KEY_TIMEOUT_MILLIS - 50);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
    expect(server.received().sort()).toEqual(["first", "second"]);
    expect(calls).toBe(1);
    expect(logger.lines.filter((l) => l.includes("did not settle"))).toEqual([
      `[phoenix-otel-auth] the \`apiKey\` function did not settle within ${API_KEY_TIMEOUT_MILLIS} ms; exporting without a key until it does ` +
        "(later exports wait for the same call). Make it resolve or reject promptly, e.g. cache the key it fetches.",
    ]);
    await provider.shutdown();
  }, 20_000);
});
