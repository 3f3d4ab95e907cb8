import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { generatePassword } from "../../../test/helpers/secrets.js";
import { authMock, jsonInit, login } from "./helpers.js";

describe("secrets stay out of what the mock prints", () => {
  it("hides PHOENIX_SECRET and PHOENIX_ADMIN_SECRET from inspection and JSON while keeping them readable", () => {
    const mock = authMock();
    const { secret, adminSecret } = mock.config;
    expect(secret).toHaveLength(50);
    expect(mock.adminSecret).toBe(adminSecret);
    const shown = [inspect(mock), inspect(mock.config), JSON.stringify(mock.config), String(mock.requests)].join("\n");
    for (const value of [secret!, adminSecret!]) expect(shown).not.toContain(value);
  });

  it("never puts passwords, tokens or keys into the logger, the request log or error bodies", async () => {
    const messages: string[] = [];
    const mock = authMock({ logger: (m) => messages.push(m), onRequest: (e) => messages.push(JSON.stringify(e)) });
    const send = (path: string, init?: RequestInit) => mock.request(path, init);
    const session = await login(send, "admin@localhost", "admin");
    const { key } = await mock.createSystemApiKey();
    const bodies: string[] = [];
    const record = async (response: Promise<Response>) => bodies.push(await (await response).text());
    const wrongPassword = generatePassword();
    await record(send("/auth/login", jsonInit("POST", ["admin@localhost", wrongPassword])));
    await record(send("/auth/login", jsonInit("POST", { email: "admin@localhost", password: wrongPassword })));
    // "no" is a literal on purpose: too short to be anyone's password; the point is what its length check causes.
    await record(send("/v1/users", jsonInit("POST", { user: { auth_method: "LOCAL", email: "x@example.com", username: "x", role: "MEMBER", password: "no" } }, { authorization: `Bearer ${key}` })));
    await record(send("/v1/users", jsonInit("POST", { user: { auth_method: "LOCAL", email: "y@example.com", username: "y", role: "MEMBER", password: "no" } }, { cookie: session.cookie })));
    await record(send("/v1/user", { headers: { authorization: `Bearer ${key}x` } }));
    expect(bodies).toEqual([
      "Internal Server Error",
      "Invalid email and/or password",
      "Only admin or system users can perform this action.",
      "Internal Server Error",
      "Invalid token",
    ]);
    expect(messages.some((m) => m.includes("unhandled error answered 500: Password must be at least 4 characters long"))).toBe(true);
    const everything = [...messages, ...bodies].join("\n");
    for (const value of [wrongPassword, key, session.access, session.refresh, mock.config.secret!, mock.adminSecret!]) {
      expect(everything).not.toContain(value);
    }
  });
});
