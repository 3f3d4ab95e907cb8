// Started by jest.config.cjs (`globalSetup: "./jest.global-setup.cjs", globalTeardown: "./jest.global-teardown.cjs"`).
// One phoenix-mock server (auth on) for the whole run, in its own process; it never outlives Jest.
const { randomBytes } = require("node:crypto");
const { startMockServer } = require("phoenix-mock");

module.exports = async function globalSetup() {
  const adminSecret = `${randomBytes(24).toString("hex")}a1`;
  const server = await startMockServer({
    env: { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: `${randomBytes(24).toString("hex")}a1`, PHOENIX_ADMIN_SECRET: adminSecret },
  });
  // Test files inherit these: new PhoenixAdmin({ baseUrl: process.env.PHOENIX_COLLECTOR_ENDPOINT, token: process.env.PHOENIX_MOCK_ADMIN_SECRET })
  process.env.PHOENIX_COLLECTOR_ENDPOINT = server.url;
  process.env.PHOENIX_MOCK_ADMIN_SECRET = adminSecret;
  globalThis.phoenixMockServer = server; // globalSetup's globals are visible to globalTeardown only
};
