// vitest: one phoenix-mock server for the whole run, started and stopped around all test files.
export default { test: { globalSetup: ["./vitest.global-setup.mjs"], include: ["global-server.test.mjs"] } };
