import { defineConfig } from "vitest/config";

// `npm run test:drop-in`: every code block of @arizeai/phoenix-otel's README run with theirs and with ours (about a
// minute of child processes, so not part of `npm test`; .ci/run runs it).
export default defineConfig({
  test: {
    include: ["packages/phoenix-otel-auth/test/compat/**/*.compat.ts"],
    pool: "forks",
    testTimeout: 70_000,
    hookTimeout: 60_000,
  },
});
