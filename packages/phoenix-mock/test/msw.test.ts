import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import * as msw from "msw";
import { setupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { register } from "phoenix-otel-auth";
import { createMockPhoenix, phoenixHandlers, setupMswServer } from "../src/index.js";
import { generateSecret } from "./helpers.js";

// `.invalid` never resolves (RFC 6761): a request that escapes MSW fails with ENOTFOUND instead of reaching anything.
const BASE_URL = "http://phoenix.invalid:6006";

async function exportOne(headers: Record<string, string>, name: string): Promise<{ code: number; error?: Error }> {
  // Created after MSW's listen(): the exporter resolves node:http's `request` on its first export.
  const exporter = new OTLPTraceExporter({ url: `${BASE_URL}/v1/traces`, headers, timeoutMillis: 2000 });
  let result: { code: number; error?: Error } | undefined;
  const original = exporter.export.bind(exporter);
  exporter.export = (spans, done) => original(spans, (r) => ((result = r), done(r)));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "openinference.project.name": "msw-proj" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  provider.getTracer("msw-test").startSpan(name, { attributes: { answer: 42 } }).end();
  await provider.forceFlush().catch(() => {});
  await provider.shutdown().catch(() => {});
  return result!;
}

describe("setupMswServer", () => {
  it("catches the real OTLP exporter's request: the mock decodes and stores the span", async () => {
    const mock = createMockPhoenix({ baseUrl: BASE_URL, enableAuth: true, secret: generateSecret() });
    const { key } = await mock.createSystemApiKey();
    const server = setupMswServer(mock);
    server.listen({ onUnhandledRequest: "error" });
    try {
      const result = await exportOne({ authorization: `Bearer ${key}` }, "through-msw");
      expect(result.code).toBe(0);
      expect(mock.requests).toEqual([expect.objectContaining({ method: "POST", path: "/v1/traces", status: 200, principal: "api-key" })]);
      const [span] = mock.spans({ project: "msw-proj" });
      expect(span).toMatchObject({ name: "through-msw", attributes: { answer: 42 }, scope: { name: "msw-test" } });
    } finally {
      server.close();
    }
  });

  it("answers a keyless export with Phoenix's 401 through MSW", async () => {
    const mock = createMockPhoenix({ baseUrl: BASE_URL, enableAuth: true, secret: generateSecret() });
    const server = setupMswServer(mock);
    server.listen({ onUnhandledRequest: "error" });
    try {
      const result = await exportOne({}, "rejected");
      expect(result.code).toBe(1);
      expect(result.error).toMatchObject({ code: 401, data: "Invalid token" });
      expect(mock.spans()).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("control: plain msw setupServer without the ESM re-sync lets the exporter's request escape", async () => {
    const mock = createMockPhoenix({ baseUrl: BASE_URL });
    const server = setupServer(...(mock.handlers as Parameters<typeof setupServer>));
    server.listen({ onUnhandledRequest: "error" });
    try {
      const result = await exportOne({}, "escaped");
      expect(result.code).toBe(1);
      expect(String(result.error?.message ?? result.error)).toMatch(/ENOTFOUND|timed out|phoenix\.invalid/);
      expect(mock.requests).toEqual([]);
      expect(mock.spans()).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("register()'s exporter looks node:http up per request, so your own setupServer with phoenixHandlers(mock, msw) catches it without the re-sync (as under Jest, where the re-sync is a no-op)", async () => {
    const mock = createMockPhoenix({ baseUrl: BASE_URL, enableAuth: true, secret: generateSecret() });
    const { key } = await mock.createSystemApiKey();
    const server = setupServer(...(phoenixHandlers(mock, msw) as Parameters<typeof setupServer>));
    server.listen({ onUnhandledRequest: "error" });
    const provider = register({ url: BASE_URL, apiKey: key, projectName: "plain-msw", batch: false, global: false });
    try {
      provider.getTracer("msw-test").startSpan("plain-setup-server").end();
      await provider.forceFlush();
      expect(provider.phoenix.stats()).toMatchObject({ exported: 1, dropped: 0 });
      expect(mock.requests).toEqual([expect.objectContaining({ method: "POST", path: "/v1/traces", status: 200, principal: "api-key" })]);
      expect(mock.spans({ project: "plain-msw" }).map((span) => span.name)).toEqual(["plain-setup-server"]);
    } finally {
      await provider.shutdown();
      server.close();
    }
  });
});
