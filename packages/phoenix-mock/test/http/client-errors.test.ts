/**
 * POST /client_errors beyond what the conformance cases `client-errors` and `noauth-client-errors` record: the report
 * reaches the mock's log as Phoenix logs it, and Phoenix's per-IP limiter (1 request/s, 20 at once), which the suite's
 * servers run without, refuses before authentication.
 */
import { describe, expect, it } from "vitest";
import { createManualClock, createMockPhoenix } from "../../src/index.js";
import { authMock, bearer, jsonInit } from "../helpers.js";

describe("POST /client_errors", () => {
  it("writes the report to the log (url and message), 204 without a content type", async () => {
    const logs: string[] = [];
    const mock = createMockPhoenix({ logger: (message) => logs.push(message) });
    const response = await mock.request("/client_errors", jsonInit("POST", { message: "TypeError: boom", url: "http://localhost/projects" }));
    expect([response.status, response.headers.get("content-type")]).toEqual([204, null]);
    await mock.request("/client_errors", jsonInit("POST", { message: "x".repeat(600) }));
    expect(logs).toEqual(["Client error at http://localhost/projects: TypeError: boom", `Client error at <unknown url>: ${"x".repeat(500)}…`]);
    await mock.close();
  });

  it("allows 20 reports at once per client address, then one a second; the limit comes before authentication", async () => {
    const clock = createManualClock();
    const mock = authMock({ clock });
    const report = () => jsonInit("POST", { message: "m" }, bearer(mock.adminSecret));
    for (let i = 0; i < 20; i++) expect((await mock.request("/client_errors", report())).status).toBe(204);
    const limited = await mock.request("/client_errors", report());
    expect([limited.status, await limited.text()]).toEqual([429, "Too Many Requests"]);
    const anonymous = await mock.request("/client_errors", jsonInit("POST", { message: "m" }));
    expect(anonymous.status).toBe(429);
    const other = await mock.request("/client_errors", report(), { clientAddress: "10.0.0.2" });
    expect(other.status).toBe(204);
    clock.advance(1_000);
    expect((await mock.request("/client_errors", report())).status).toBe(204);
    expect((await mock.request("/client_errors", report())).status).toBe(429);
    // Its own bucket: /auth/* is limited separately.
    expect((await mock.request("/auth/login", jsonInit("POST", { email: "admin@localhost", password: "admin" }))).status).toBe(204);
    await mock.close();
  });

  it("is not limited with PHOENIX_DISABLE_RATE_LIMIT", async () => {
    const mock = createMockPhoenix({ env: { PHOENIX_DISABLE_RATE_LIMIT: "true" } });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) statuses.add((await mock.request("/client_errors", jsonInit("POST", { message: "m" }))).status);
    expect([...statuses]).toEqual([204]);
    await mock.close();
  });
});
