import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    // The long runs and the bounds in time: `npm run test:stress` (vitest.stress.config.ts). `npm test` asserts no time
    // and waits at most a second (test/timing.test.ts keeps it so).
    exclude: [...configDefaults.exclude, "**/*.stress.test.ts", "**/*.timing.test.ts"],
    // Every test file runs in its own child process: register() touches OTel globals and
    // process signal handlers, and the MSW helper patches node:http.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
