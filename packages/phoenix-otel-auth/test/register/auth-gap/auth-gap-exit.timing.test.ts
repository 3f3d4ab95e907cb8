import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMockPhoenix } from "phoenix-mock";
import { generateSecret } from "../../../../../test/helpers/secrets.js";
import { cleanEnv, requireBuild, startChild } from "../helpers/child.js";

// The auth gap's exit bound (a timing test: npm run test:stress and the OpenTelemetry 3 run, in CI; `npm test` asserts no time): spans held for a missing key are
// delivered by the exit flush once the key file appears, within flushTimeoutMillis of the signal.
let dir: string;
let keyPath: string;
const cleanups: Array<() => unknown> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "authgap-exit-"));
  keyPath = join(dir, "phoenix-api-key");
});
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
  rmSync(dir, { recursive: true, force: true });
});
const sorted = (xs: string[]): string[] => [...xs].sort();

describe("the exit flush (child process, real socket)", () => {
  it("child process: SIGTERM during the gap, right after the key file appears, delivers the held spans within the flush bound", async () => {
    requireBuild();
    const mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
    const url = await mock.listen();
    cleanups.push(() => mock.close());
    const flushMs = 2000;
    const child = startChild(
      ["test/register/fixtures/auth-gap-app.mjs"],
      cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY_FILE: keyPath, SPANS: "6", FLUSH_MS: String(flushMs) }),
    );
    await child.waitFor("held ");
    const ids = /held (\S+)/.exec(child.stdout())![1]!.split(",");
    expect(mock.spans()).toEqual([]);
    writeFileSync(keyPath, (await mock.createSystemApiKey()).key);
    const signalled = Date.now();
    child.kill("SIGTERM");
    const run = await child.done;
    expect(run.signal).toBe("SIGTERM");
    expect(Date.now() - signalled).toBeLessThan(flushMs + 1500);
    expect(sorted(mock.spans().map((s) => s.spanId))).toEqual(sorted(ids));
    expect(run.stderr).toContain("Held spans are kept");
    expect(run.stderr).toContain("6 spans held and delivered, 0 held and dropped");
  });
});
