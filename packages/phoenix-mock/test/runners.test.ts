import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_ROOT, REPO_ROOT } from "../../../test/helpers/paths.js";

// The README's per-runner tests (examples/runners/), run here against the built package (`phoenix-mock` and `phoenix-otel-auth`
// resolve to their dist/ through the packages' own exports) with this repository's vitest and Node's own test runner. The Jest
// files, and all four from the packed tarball on every Node version, run in CI's runner-matrix stage
// (scripts/runner-matrix.sh).
const ROOT = MOCK_ROOT;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
});

function cleanEnv(): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PHOENIX_|OTEL_|VITEST|NODE_OPTIONS|JEST)/.test(key))), NO_COLOR: "1" };
}

describe("examples/runners", () => {
  it("examples/runners/node-test.test.mjs passes under node --test: both routes", () => {
    const run = spawnSync(process.execPath, ["--test", "--test-reporter=tap", "examples/runners/node-test.test.mjs"], { cwd: ROOT, env: cleanEnv(), encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ok 1 - through MSW/);
    expect(run.stdout).toMatch(/ok 2 - through a real socket/);
    expect(run.stdout).toMatch(/# pass 2/);
  });

  // Every pool: vmThreads and vmForks run test files in vm contexts whose require() compiles everything as CommonJS.
  it.each(["forks", "threads", "vmThreads", "vmForks"])("examples/runners/vitest.test.mjs passes under vitest, pool %s: both routes", (pool) => {
    const vitest = join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs");
    // Its own config: the repository's vitest.config.ts only includes test/.
    const config = join(ROOT, "examples", "runners", "vitest.config.mjs");
    const run = spawnSync(process.execPath, [vitest, "run", "--config", config, "--reporter", "verbose", "--pool", pool], {
      cwd: ROOT,
      env: cleanEnv(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/through MSW/);
    expect(run.stdout).toMatch(/through a real socket/);
    expect(run.stdout).toMatch(/Tests\s+2 passed/);
  });
});
