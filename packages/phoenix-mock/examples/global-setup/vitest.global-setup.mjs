// Started by vitest.config.mjs (`test: { globalSetup: ["./vitest.global-setup.mjs"] }`).
// One phoenix-mock server (auth on) for the whole run, in its own process; it never outlives vitest.
import { randomBytes } from "node:crypto";
import { startMockServer } from "phoenix-mock";

export default async function setup() {
  const adminSecret = `${randomBytes(24).toString("hex")}a1`;
  const server = await startMockServer({
    env: { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: `${randomBytes(24).toString("hex")}a1`, PHOENIX_ADMIN_SECRET: adminSecret },
  });
  // Test files inherit these: new PhoenixAdmin({ baseUrl: process.env.PHOENIX_COLLECTOR_ENDPOINT, token: process.env.PHOENIX_MOCK_ADMIN_SECRET })
  process.env.PHOENIX_COLLECTOR_ENDPOINT = server.url;
  process.env.PHOENIX_MOCK_ADMIN_SECRET = adminSecret;
  return () => server.stop(); // vitest calls this at the end of the run
}
