// The exporter's own requests (verify, a rejected export, the re-send after the key appears, a regular export, the
// exit flush) never become spans, with the HTTP and undici instrumentations on, in an ES-module and a CommonJS app (child
// processes, a real mock Phoenix with auth on). The check can fail: the same app's spans arrive, and a request the
// app makes itself does become a span (test/register/instrument/esm-preload.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMockPhoenix } from "phoenix-mock";
import { generateSecret } from "../../../../../test/helpers/secrets.js";
import { cleanEnv, requireBuild, startChild } from "../helpers/child.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

describe("the exporter's own requests", () => {
  it.each(["own-requests-app.mjs", "own-requests-app.cjs"])("%s: never spans, from register() to the exit flush", async (fixture) => {
    requireBuild();
    const mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
    const url = await mock.listen();
    cleanups.push(() => mock.close());
    const dir = mkdtempSync(join(tmpdir(), "own-requests-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const keyPath = join(dir, "key");
    const child = startChild([`test/register/fixtures/${fixture}`], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY_FILE: keyPath }));
    cleanups.push(() => child.kill("SIGKILL"));
    await child.waitFor("held");
    writeFileSync(keyPath, (await mock.createSystemApiKey()).key);
    await child.waitFor("sent");
    child.kill("SIGTERM");
    const run = await child.done;
    expect(run.signal).toBe("SIGTERM");
    expect(mock.spans().map((s) => s.name).sort()).toEqual(["after-key", "at-exit", "before-key"]);
  });
});
