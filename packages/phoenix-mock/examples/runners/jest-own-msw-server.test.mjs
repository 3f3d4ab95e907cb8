// Jest, ESM test file, for an app that already has its own msw server: the mock joins it with phoenixHandlers().
// Run: NODE_OPTIONS=--experimental-vm-modules npx jest (see phoenix-mock docs/test-runners-jest.md).
import { randomBytes } from "node:crypto";
import * as msw from "msw";
import { setupServer } from "msw/node";
import { register } from "phoenix-otel-auth";
import { createMockPhoenix, phoenixHandlers } from "phoenix-mock";

const phoenix = createMockPhoenix({ baseUrl: "http://phoenix.test:6006", enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const server = setupServer(msw.http.get("http://api.test/greeting", () => msw.HttpResponse.text("hello"))); // your app's handlers
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

test("your msw server with the mock's handlers: rejected without a key, accepted with one", async () => {
  server.use(...phoenixHandlers(phoenix, msw));
  let apiKey;
  const provider = register({ url: "http://phoenix.test:6006", apiKey: () => apiKey, projectName: "shop", batch: false, global: false });
  try {
    const tracer = provider.getTracer("shop");
    tracer.startSpan("before-key").end();
    await provider.forceFlush();
    expect(provider.phoenix.stats()).toMatchObject({ held: 1, exported: 0 }); // 401: no key yet, so the span is held

    ({ key: apiKey } = await phoenix.createSystemApiKey({ name: "shop" }));
    tracer.startSpan("after-key").end();
    await provider.forceFlush();
    expect(phoenix.spans({ project: "shop" }).map((span) => span.name).sort()).toEqual(["after-key", "before-key"]);
    expect(await (await fetch("http://api.test/greeting")).text()).toBe("hello"); // your handlers still answer
  } finally {
    await provider.shutdown();
  }
});
