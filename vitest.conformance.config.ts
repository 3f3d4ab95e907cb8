import { defineConfig } from "vitest/config";

// `npm run conformance`: only the contract suite, against the targets selected by environment
// (see packages/phoenix-mock/docs/contract-suite.md).
export default defineConfig({
  test: {
    include: ["packages/phoenix-mock/test/conformance/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
