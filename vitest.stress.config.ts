import { defineConfig } from "vitest/config";

// `npm run test:stress`: the long runs that `npm test` keeps short. Property tests read PHOENIX_PROPERTY_RUNS
// (10,000 cases per property here, a few hundred in `npm test`); *.stress.test.ts files hold the long fault cases, and
// *.timing.test.ts the assertions about time (exit bounds, timeouts), which `npm test` leaves out.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.stress.test.ts", "packages/*/test/**/*.timing.test.ts", "test/secrets.test.ts"],
    pool: "forks",
    testTimeout: 300_000,
    hookTimeout: 60_000,
    env: { PHOENIX_PROPERTY_RUNS: "10000" },
  },
});
