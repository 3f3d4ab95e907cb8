// Jest, CommonJS test file. Run: NODE_OPTIONS=--experimental-vm-modules npx jest
// (Jest rejects import() without it, which msw's ES-only dependencies, the package and OpenTelemetry's exporters need; see phoenix-mock docs/test-runners-jest.md).
// Traces are rejected without a key (and held), accepted once the key is set up, the held span delivered then too: through MSW (no socket; the
// exporter's requests are intercepted in process) and through a real socket.
const { randomBytes } = require("node:crypto");
const { register } = require("phoenix-otel-auth");
const { createMockPhoenix, setupMswServer } = require("phoenix-mock");

const secret = () => `${randomBytes(24).toString("hex")}a1`; // PHOENIX_SECRET rules: 32+ chars, a digit, a lowercase letter

async function rejectedThenAccepted(phoenix, url) {
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
}

describe("rejected without a key, accepted after key setup, nothing lost", () => {
  it("through MSW", async () => {
    const phoenix = createMockPhoenix({ baseUrl: "http://phoenix.test:6006", enableAuth: true, secret: secret() });
    const msw = setupMswServer(phoenix);
    await msw.listen({ onUnhandledRequest: "error" }); // before register(): its exporter must see MSW's node:http
    try {
      await rejectedThenAccepted(phoenix, "http://phoenix.test:6006");
    } finally {
      msw.close();
    }
  });

  it("through a real socket", async () => {
    const phoenix = createMockPhoenix({ enableAuth: true, secret: secret() });
    const url = await phoenix.listen();
    try {
      await rejectedThenAccepted(phoenix, url);
    } finally {
      await phoenix.close();
    }
  });
});
