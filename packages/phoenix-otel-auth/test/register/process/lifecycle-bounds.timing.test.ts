import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { startCaptureServer } from "../helpers/capture-server.js";
import { cleanEnv, requireBuild, runChild, startChild } from "../helpers/child.js";

// Lifecycle bounds in time (a timing test: npm run test:stress and the OpenTelemetry 3 run, in CI; `npm test` asserts no time).
const APP = "test/register/fixtures/lifecycle-app.mjs";
beforeAll(requireBuild);

async function deadUrl(): Promise<string> {
  const dead = await startCaptureServer();
  await dead.close();
  return dead.url;
}

describe("exit flushes are bounded when Phoenix is down", () => {
  it("SIGTERM: ends by the signal after the flush bound, far below the 10 s export timeout", async () => {
    const child = startChild([APP, "signal"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: await deadUrl(), FLUSH_MS: "500" }));
    await child.waitFor("ready");
    const killedAt = Date.now();
    child.kill("SIGTERM");
    const run = await child.done;
    expect(run.signal).toBe("SIGTERM");
    expect(Date.now() - killedAt).toBeLessThan(5_000);
  });
});

describe("register() never keeps the process alive", () => {
  it("a background verify against a server that never answers does not hold the exit", async () => {
    const sockets: Array<import("node:net").Socket> = [];
    let connectedAt = 0;
    const silent = createServer((socket) => {
      connectedAt = Date.now();
      sockets.push(socket);
    }); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as import("node:net").AddressInfo;
    const script = `import { register } from "phoenix-otel-auth"; register({ verify: true }); setTimeout(() => console.log("main done"), 300);`;
    const run = await runChild(["--input-type=module", "-e", script], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: `http://127.0.0.1:${port}` }));
    for (const socket of sockets) socket.destroy();
    silent.close();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("main done\n");
    expect(sockets.length).toBe(1); // the check was sent
    expect(Date.now() - connectedAt).toBeLessThan(3_000); // the check's own timeout is 5 s
  });
});
