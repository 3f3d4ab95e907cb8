// Jest: one phoenix-mock server for the whole run, started and stopped around all test files.
module.exports = {
  globalSetup: "./jest.global-setup.cjs",
  globalTeardown: "./jest.global-teardown.cjs",
  testMatch: ["**/global-server.test.cjs"],
};
