// A vitest file that checks an app's spans reach Phoenix, with no server: MSW intercepts the OTLP exporter's
// requests and the mock Phoenix answers them (auth included). Copy it into your own test/ folder.
import { randomBytes } from "node:crypto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createMockPhoenix, setupMswServer } from "phoenix-mock";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

const phoenix = createMockPhoenix({
  baseUrl: "http://phoenix.test:6006",
  enableAuth: true,
  secret: `${randomBytes(24).toString("hex")}a1`,
});
const server = setupMswServer(phoenix);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => phoenix.reset());
afterAll(() => server.close());

/** Your app's tracing setup. Create the exporter AFTER server.listen(): it binds node:http on first use. */
function tracing(apiKey?: string) {
  const exporter = new OTLPTraceExporter({
    url: "http://phoenix.test:6006/v1/traces",
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
  });
  return new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
}

it("sends the checkout span to Phoenix with the API key", async () => {
  const { key } = await phoenix.createSystemApiKey();
  const provider = tracing(key);
  provider.getTracer("shop").startSpan("checkout", { attributes: { "cart.items": 3 } }).end();

  const [span] = await phoenix.waitForSpans({ count: 1 });
  expect(span).toMatchObject({ name: "checkout", project: "default", attributes: { "cart.items": 3 } });
  await provider.shutdown();
});

it("is refused without a key, as a real Phoenix with auth on would", async () => {
  const provider = tracing();
  provider.getTracer("shop").startSpan("lost").end();
  await provider.forceFlush().catch(() => {});

  expect(phoenix.requests.at(-1)).toMatchObject({ path: "/v1/traces", status: 401, principal: "anonymous" });
  expect(phoenix.spans()).toEqual([]);
  await provider.shutdown().catch(() => {});
});
