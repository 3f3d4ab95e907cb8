// A Jest test file using the one server jest.global-setup.cjs started (jest.config.cjs beside it selects this file).
// Run: NODE_OPTIONS=--experimental-vm-modules npx jest (see phoenix-mock docs/test-runners-jest.md).
// Traces are rejected without a key (and held), accepted once the admin sets up a key, the held span delivered then too.
const { register } = require("phoenix-otel-auth");
const { PhoenixAdmin } = require("phoenix-mock");

const url = process.env.PHOENIX_COLLECTOR_ENDPOINT; // set by jest.global-setup.cjs
const admin = new PhoenixAdmin({ baseUrl: url, token: process.env.PHOENIX_MOCK_ADMIN_SECRET });

test("the run's server: rejected without a key, accepted after key setup, nothing lost", async () => {
  let apiKey; // your app reads its key on each export (a function), so it can start before the key exists
  const provider = register({ url, apiKey: () => apiKey, projectName: "global-jest", batch: false, global: false });
  try {
    const tracer = provider.getTracer("shop");
    tracer.startSpan("before-key").end();
    await provider.forceFlush();
    expect(provider.phoenix.stats()).toMatchObject({ held: 1, exported: 0 }); // 401: no key yet, so the span is held

    ({ key: apiKey } = await admin.createSystemApiKey({ name: "global-jest" })); // the admin's key setup
    tracer.startSpan("after-key").end();
    await provider.forceFlush();
    expect(provider.phoenix.stats()).toMatchObject({ held: 0, exported: 2, redelivered: 1 }); // the held span arrived too
    const { spans } = await admin.listSpans({ project: "global-jest" }); // read back from the server
    expect(spans.map((span) => span.name).sort()).toEqual(["after-key", "before-key"]);
  } finally {
    await provider.shutdown();
  }
});
