import { createServer, request, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { register } from "phoenix-otel-auth";
import { createMockPhoenix } from "../../src/index.js";
import { generateSecret } from "../../../../test/helpers/secrets.js";

// The real @opentelemetry/instrumentation-http, registered by register() in the same process as mock.listen(): the
// mock's own server must not produce server spans for the exports it receives (else each export traces itself,
// which is exported, which traces itself...). A plain node:http server next to it proves the instrumentation is live.
const phoenix = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
let control: Server;
let controlUrl: string;

beforeAll(async () => {
  control = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}/control`;
});
afterAll(async () => {
  await phoenix.close();
  await new Promise((resolve) => control.close(resolve));
});

function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    request(url, (res) => res.resume().on("end", resolve)).on("error", reject).end();
  });
}

it("no server spans for the mock's own requests; other servers in the process are still traced", async () => {
  const url = await phoenix.listen();
  const { key } = await phoenix.createSystemApiKey();
  const instrumentation = new HttpInstrumentation();
  const provider = register({ url, apiKey: key, projectName: "self", batch: false, instrumentations: [instrumentation] });
  try {
    // The instrumentation patches node:http when it is next require()d (as an app's CJS code would).
    createRequire(import.meta.url)("node:http");
    expect(instrumentation.isEnabled()).toBe(true);
    for (let i = 0; i < 5; i++) provider.getTracer("app").startSpan(`app-${i}`).end();
    await get(controlUrl);
    await provider.forceFlush();
    await phoenix.waitForSpans({ count: 6, project: "self" });
    // Let any self-tracing loop run: each export would produce a server span, exported in turn.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await provider.forceFlush();

    const spans = phoenix.spans({ project: "self" });
    const server = spans.filter((span) => span.kind === "SPAN_KIND_SERVER" || (span.kind as unknown) === 2);
    // Exactly one server span: the control server's GET /control.
    expect(server.map((span) => [span.name, span.attributes["url.path"] ?? span.attributes["http.target"]])).toEqual([["GET", "/control"]]);
    expect(spans.filter((span) => span.name.startsWith("app-"))).toHaveLength(5);
    // Nothing else: 5 app spans and the control server's span (this file's ESM `request` binding is not patched).
    expect(spans).toHaveLength(6);
  } finally {
    await provider.shutdown();
  }
});
