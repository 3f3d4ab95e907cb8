import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MOCK_CLI } from "../../../../test/helpers/paths.js";

// `phoenix-mock start` / `stop`: a server that outlives the CI step that started it (a shell script that ends), until
// `stop` ends it. Runs the built CLI (dist/cli.js, as installed users run it).
let dir: string;
beforeAll(() => {
  if (!existsSync(MOCK_CLI)) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  dir = mkdtempSync(join(tmpdir(), "phoenix-mock-service-"));
});
afterAll(() => {
  spawnSync(process.execPath, [MOCK_CLI, "stop"], { cwd: dir });
  rmSync(dir, { recursive: true, force: true });
});

const step = (script: string) => spawnSync("bash", ["-c", script], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "", CLI: MOCK_CLI }, timeout: 20_000 });
const healthy = (url: string) => fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("phoenix-mock start / stop", () => {
  it("start: a background server that outlives the script that started it; stop ends it", async () => {
    const started = step('node "$CLI" start --port 0 --grpc-port 0 --quiet');
    expect(started.status, started.stderr).toBe(0);
    const url = started.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.stderr).toMatch(/started at .* \(pid \d+\); output in .*\.phoenix-mock\.log/);
    const state = JSON.parse(readFileSync(join(dir, ".phoenix-mock.json"), "utf8")) as { pid: number; url: string };
    expect(state.url).toBe(url);
    // The script has ended; a foreground `phoenix-mock` would notice its parent is gone within 500 ms.
    await new Promise((r) => setTimeout(r, 700));
    expect(await healthy(url)).toBe(true);

    const again = step('node "$CLI" start --port 0');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`already running at ${url} (pid ${state.pid})`);

    const stopped = step('node "$CLI" stop');
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain(`stopped the server at ${url} (pid ${state.pid})`);
    expect(alive(state.pid)).toBe(false);
    expect(await healthy(url)).toBe(false);
    expect(existsSync(join(dir, ".phoenix-mock.json"))).toBe(false);

    const none = step('node "$CLI" stop');
    expect(none.status).toBe(0);
    expect(none.stderr).toMatch(/no \.phoenix-mock\.json, so no server to stop/);
  });

  it("start: a configuration the server refuses fails the step with the server's own message (exit 1)", () => {
    const run = step('PHOENIX_ENABLE_AUTH=true node "$CLI" start --port 0 --state-file bad.json --log-file bad.log --timeout 10000');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/exited before it was ready/);
    expect(run.stderr).toMatch(/PHOENIX_SECRET/);
    expect(existsSync(join(dir, "bad.json"))).toBe(false);
  });

  it("a state file that is not ours is refused, not overwritten", () => {
    writeFileSync(join(dir, "other.json"), "{}");
    const run = step('node "$CLI" stop --state-file other.json');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/other\.json is not a phoenix-mock state file/);
    expect(readFileSync(join(dir, "other.json"), "utf8")).toBe("{}");
  });

  it("usage errors exit 2 and name the command or flag", () => {
    expect(step('node "$CLI" bogus').stderr).toMatch(/unknown command: bogus/);
    expect(step('node "$CLI" bogus').status).toBe(2);
    const timeout = step('node "$CLI" stop --timeout soon');
    expect(timeout.status).toBe(2);
    expect(timeout.stderr).toMatch(/--timeout must be a positive whole number of milliseconds, got: soon/);
  });
});
