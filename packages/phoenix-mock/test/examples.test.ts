import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MOCK_ROOT, REPO_ROOT } from "../../../test/helpers/paths.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The mock examples run as child processes against the built package (`phoenix-mock` resolves to dist/ through the
// package's own exports), as a user would run them.
const ROOT = MOCK_ROOT;
let dir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  mkdirSync(join(REPO_ROOT, "node_modules", ".cache"), { recursive: true });
  dir = mkdtempSync(join(REPO_ROOT, "node_modules", ".cache", "mock-examples-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without the test runner's Phoenix/OTel variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PHOENIX_|OTEL_|VITEST)/.test(key)));
}

describe("mock examples", () => {
  it("examples/mock-server.mjs stores and reads back a span over a real socket", () => {
    const run = spawnSync(process.execPath, ["examples/mock-server.mjs"], { cwd: ROOT, env: cleanEnv(), encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^mock Phoenix at http:\/\/127\.0\.0\.1:\d+ stored span "hello" in project "mock-example"$/);
    expect(lines[1]).toBe("GET /v1/projects/mock-example/spans -> 200: hello (CHAIN)");
  });

  it("examples/mock-vitest-msw.test.ts passes under vitest", () => {
    const config = join(dir, "vitest.examples.config.mjs");
    writeFileSync(config, `export default { test: { root: ${JSON.stringify(ROOT)}, include: ["examples/mock-vitest-msw.test.ts"] } };\n`);
    const vitest = join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs");
    const run = spawnSync(process.execPath, [vitest, "run", "--config", config, "--reporter", "verbose"], {
      cwd: ROOT,
      env: { ...cleanEnv(), NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/sends the checkout span to Phoenix with the API key/);
    expect(run.stdout).toMatch(/Tests\s+2 passed/);
  });
});
