// Jest, CommonJS test file. Run: NODE_OPTIONS=--experimental-vm-modules npx jest
// (Jest rejects import() without it, which the package and OpenTelemetry's exporters use; see README "Jest").
// Traces are rejected without a key (and held), accepted once the key is set up, the held span delivered then too.
const { randomBytes } = require("node:crypto");
const { register } = require("phoenix-otel-auth");
const { createMockPhoenix } = require("phoenix-otel-auth/testing");

const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
let url;
beforeAll(async () => {
  url = await phoenix.listen(); // a real socket on 127.0.0.1
});
afterAll(() => phoenix.close());

test("rejected without a key, accepted after key setup, nothing lost", async () => {
  let apiKey; // your app reads its key on each export (a function), so it can start before the key exists
  const provider = register({ url, apiKey: () => apiKey, projectName: "shop", batch: false, global: false });
  try {
    const tracer = provider.getTracer("shop");
    tracer.startSpan("before-key").end();
    await provider.forceFlush();
    expect(provider.phoenix.stats()).toMatchObject({ held: 1, exported: 0 }); // 401: no key yet, so the span is held

    ({ key: apiKey } = await phoenix.createSystemApiKey({ name: "shop" })); // the admin's key setup
    tracer.startSpan("after-key").end();
    await provider.forceFlush();
    const spans = await phoenix.waitForSpans({ count: 2, project: "shop" });
    expect(spans.map((span) => span.name).sort()).toEqual(["after-key", "before-key"]);
    expect(provider.phoenix.stats()).toMatchObject({ held: 0, exported: 2, redelivered: 1 }); // the held span arrived too
  } finally {
    await provider.shutdown();
  }
});
