import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    // The long runs: `npm run test:stress` (vitest.stress.config.ts).
    exclude: [...configDefaults.exclude, "**/*.stress.test.ts"],
    // Every test file runs in its own child process: register() touches OTel globals and
    // process signal handlers, and the MSW helper patches node:http.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
