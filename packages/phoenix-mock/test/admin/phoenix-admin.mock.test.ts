import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PhoenixAdmin, PhoenixAdminError } from "../../src/admin/index.js";
import { createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { generatePassword, generateSecret } from "../../../../test/helpers/secrets.js";

// The same setup steps as phoenix-admin.test.ts, over a real socket against the mock Phoenix
// (the conformance suite runs them against the real server).

let mock: MockPhoenix;
let baseUrl: string;
beforeAll(async () => {
  mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
  baseUrl = await mock.listen();
});
afterAll(async () => {
  await mock.close();
});

it("runs Phoenix's setup steps against the mock and reads back a span exported with the new key", async () => {
  const admin = await PhoenixAdmin.login(baseUrl, "admin@localhost", "admin");
  const newPassword = generatePassword();
  await admin.changePassword({ currentPassword: "admin", newPassword });
  const key = await admin.createSystemApiKey({ name: "ci" });
  expect(key.id).toMatch(/^U3lzdGVtQXBpS2V5Oj/); // base64("SystemApiKey:")
  expect(key.key).toMatch(/^eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9\./);

  const member = await admin.createUser({ email: "Member@Example.com", username: "member1", password: newPassword, role: "MEMBER" });
  expect(member).toMatchObject({ email: "member@example.com", username: "member1", role: "MEMBER" });
  const denied = await PhoenixAdmin.login(baseUrl, "member@example.com", newPassword).then((m) => m.createSystemApiKey({ name: "x" })).catch((e: unknown) => e);
  expect(denied).toBeInstanceOf(PhoenixAdminError);
  expect(denied).toMatchObject({ status: 200, serverMessage: "Only admin can perform this action" });

  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "admin-test", "openinference.project.name": "admin-proj" }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${baseUrl}/v1/traces`, headers: { authorization: `Bearer ${key.key}` } }))],
  });
  provider.getTracer("t").startSpan("hello", { attributes: { n: 1 } }).end();
  await provider.forceFlush();
  await provider.shutdown();

  const viaKey = new PhoenixAdmin({ baseUrl, token: key.key });
  await mock.waitForSpans({ count: 1, project: "admin-proj", timeoutMs: 5_000 });
  const page = await viaKey.listSpans({ project: "admin-proj" });
  expect(page.nextCursor).toBeNull();
  expect(page.spans).toHaveLength(1);
  expect(page.spans[0]).toMatchObject({ name: "hello", parent_id: null, status_code: "UNSET", attributes: { n: 1 } });

  await admin.deleteSystemApiKey(key.id);
  await expect(viaKey.listSpans({ project: "admin-proj" })).rejects.toMatchObject({ status: 401, serverMessage: "Invalid token" });
});

it("pages through a project's spans with limit and the cursor each page returns, the project name encoded", async () => {
  const { key } = await mock.createSystemApiKey({ name: "paging" });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "openinference.project.name": "my project" }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${baseUrl}/v1/traces`, headers: { authorization: `Bearer ${key}` } }))],
  });
  for (const name of ["s1", "s2", "s3"]) provider.getTracer("t").startSpan(name).end();
  await provider.forceFlush();
  await provider.shutdown();
  await mock.waitForSpans({ count: 3, project: "my project", timeoutMs: 5_000 });

  const viaKey = new PhoenixAdmin({ baseUrl, token: key });
  const first = await viaKey.listSpans({ project: "my project", limit: 2 });
  expect(first.spans).toHaveLength(2);
  expect(first.nextCursor).toEqual(expect.any(String)); // opaque: whatever Phoenix returns (admin-client-span-paging)
  const second = await viaKey.listSpans({ project: "my project", limit: 2, cursor: first.nextCursor! });
  expect(second.nextCursor).toBeNull();
  expect([...first.spans, ...second.spans].map((span) => span.name).sort()).toEqual(["s1", "s2", "s3"]);
});
