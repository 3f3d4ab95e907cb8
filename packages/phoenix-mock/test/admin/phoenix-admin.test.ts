import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { PhoenixAdmin, PhoenixAdminError } from "../../src/admin/index.js";
import { PhoenixAdminConfigError, PhoenixMockError } from "../../src/errors.js";
import { fakePhoenix } from "./fake-phoenix.js";
import { generatePassword, generateSecret } from "../../../../test/helpers/secrets.js";

// These tests run PhoenixAdmin against a hand-written fake of Phoenix 20.26.1 (fake-phoenix.ts), whose answers are
// checked against the recorded real answers in fake-phoenix.test.ts. phoenix-admin.mock.test.ts runs the same steps
// against the mock, and the conformance suite runs the same client against a live real server.

const BASE = "http://127.0.0.1:16106";
const strongPassword = () => generatePassword();

async function caught(promise: Promise<unknown>): Promise<PhoenixAdminError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PhoenixAdminError);
    expect(error).toBeInstanceOf(PhoenixMockError);
    return error as PhoenixAdminError;
  }
  throw new Error("expected the call to fail");
}

describe("PhoenixAdmin: Phoenix's setup steps", () => {
  it("logs in as the bootstrap admin, sets a new password, keeps going, and creates a system API key", async () => {
    const phoenix = fakePhoenix();
    const admin = await PhoenixAdmin.login(BASE, "admin@localhost", "admin", { fetch: phoenix.fetch });

    const login = phoenix.requests[0]!;
    expect(login).toMatchObject({ method: "POST", path: "/auth/login" });
    expect(login.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(login.body)).toEqual({ email: "admin@localhost", password: "admin" });

    const newPassword = strongPassword();
    await admin.changePassword({ currentPassword: "admin", newPassword });
    const patch = phoenix.requests[1]!;
    expect(patch.graphqlField).toBe("patchViewer");
    expect(patch.variables).toEqual({ input: { currentPassword: "admin", newPassword } });
    expect(patch.headers.get("cookie")).toMatch(/^phoenix-access-token=eyJ[^;]+; phoenix-refresh-token=eyJ[^;]+$/);
    // Phoenix ended the session and deleted the cookies; the client logged straight back in with the new password.
    expect(phoenix.requests[2]).toMatchObject({ method: "POST", path: "/auth/login" });
    expect(JSON.parse(phoenix.requests[2]!.body)).toEqual({ email: "admin@localhost", password: newPassword });

    const key = await admin.createSystemApiKey({ name: "ci", description: "for CI", expiresAt: new Date("2031-05-06T07:08:09.123Z") });
    const create = phoenix.requests[3]!;
    expect(create.graphqlField).toBe("createSystemApiKey");
    expect(create.variables).toEqual({ input: { name: "ci", description: "for CI", expiresAt: "2031-05-06T07:08:09.123Z" } });
    // the cookie sent now is the one from the re-login, not the revoked one
    expect(create.headers.get("cookie")).not.toBe(patch.headers.get("cookie"));
    expect(key).toEqual({
      id: "U3lzdGVtQXBpS2V5OjM=",
      key: expect.stringMatching(/^eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9\.[\w-]+\.[\w-]+$/),
      name: "ci",
      description: "for CI",
      createdAt: "2026-11-26T13:55:19.173568+00:00",
      expiresAt: "2031-05-06T07:08:09.123000+00:00",
    });

    // The new key authenticates on its own: the CI path (`token`) instead of login().
    const viaKey = new PhoenixAdmin({ baseUrl: BASE, token: key.key, fetch: phoenix.fetch });
    expect(await viaKey.listSpans({ project: "default" })).toEqual({ spans: [], nextCursor: null });
    const list = phoenix.requests.at(-1)!;
    expect(list.headers.get("authorization")).toBe(`Bearer ${key.key}`);
    expect(list.headers.get("cookie")).toBeNull();

    await admin.deleteSystemApiKey(key.id);
    expect(phoenix.requests.at(-1)).toMatchObject({ graphqlField: "deleteSystemApiKey", variables: { input: { id: key.id } } });
    const revoked = await caught(viaKey.listSpans({ project: "default" }));
    expect(revoked).toMatchObject({ status: 401, serverMessage: "Invalid token", operation: "listSpans" });
  });

  it("creates users and user API keys, and sends nulls for omitted optional fields", async () => {
    const phoenix = fakePhoenix();
    const admin = await PhoenixAdmin.login(BASE, "admin@localhost", "admin", { fetch: phoenix.fetch });
    const password = strongPassword();
    const user = await admin.createUser({ email: "Member@Example.com", username: "member1", password, role: "MEMBER" });
    expect(user).toEqual({ id: "VXNlcjoz", email: "member@example.com", username: "member1", role: "MEMBER" });
    expect(phoenix.requests.at(-1)!.variables).toEqual({
      input: { email: "Member@Example.com", username: "member1", password, role: "MEMBER" },
    });

    const member = await PhoenixAdmin.login(BASE, "member@example.com", password, { fetch: phoenix.fetch });
    const key = await member.createUserApiKey({ name: "mine" });
    expect(phoenix.requests.at(-1)!.variables).toEqual({ input: { name: "mine", description: null, expiresAt: null } });
    expect(key).toMatchObject({ name: "mine", description: null, expiresAt: null, userId: "VXNlcjoz" });
    expect(key.key).toMatch(/^eyJ/);

    const denied = await caught(member.createSystemApiKey({ name: "nope" }));
    expect(denied).toMatchObject({ status: 200, operation: "createSystemApiKey", serverMessage: "Only admin can perform this action" });
    expect(denied.message).toBe('PhoenixAdmin.createSystemApiKey failed: Phoenix answered "Only admin can perform this action".');
  });

  it("uses a bearer token (e.g. PHOENIX_ADMIN_SECRET) until login() switches to cookies", async () => {
    const phoenix = fakePhoenix();
    const adminSecret = generateSecret();
    phoenix.adminTokens.add(adminSecret);
    const admin = new PhoenixAdmin({ baseUrl: `${BASE}/`, token: adminSecret, fetch: phoenix.fetch });
    await admin.createSystemApiKey({ name: "by-secret" });
    expect(phoenix.requests.at(-1)!.headers.get("authorization")).toBe(`Bearer ${adminSecret}`);
    expect(phoenix.requests.at(-1)!.path).toBe("/graphql");

    const noPersonalKeys = await caught(admin.createUserApiKey({ name: "x" }));
    expect(noPersonalKeys.serverMessage).toBe("System API keys cannot manage personal API keys");

    await admin.login("admin@localhost", "admin");
    await admin.createSystemApiKey({ name: "by-cookie" });
    expect(phoenix.requests.at(-1)!.headers.get("authorization")).toBeNull();
    expect(phoenix.requests.at(-1)!.headers.get("cookie")).toMatch(/phoenix-access-token=/);
  });
});

describe("PhoenixAdmin.listSpans", () => {
  // Paging (limit, the cursor Phoenix returns) is tested against the mock in phoenix-admin.mock.test.ts, and the
  // mock's paging against the real Phoenix by the conformance case admin-client-span-paging (recorded, never typed).
  it("names the operation, the URL and Phoenix's answer when the project does not exist", async () => {
    const phoenix = fakePhoenix();
    const viaKey = new PhoenixAdmin({ baseUrl: BASE, fetch: phoenix.fetch });
    await viaKey.login("admin@localhost", "admin");
    const missing = await caught(viaKey.listSpans({ project: "nope" }));
    expect(missing).toMatchObject({ status: 404, serverMessage: "Project with name nope not found" });
    expect(missing.message).toBe(
      `PhoenixAdmin.listSpans failed: GET ${BASE}/v1/projects/nope/spans answered 404 "Project with name nope not found". Check baseUrl and the project name.`,
    );
  });
});

describe("PhoenixAdmin errors", () => {
  it("reports a failed login with Phoenix's message and a hint", async () => {
    const phoenix = fakePhoenix();
    const error = await caught(PhoenixAdmin.login(BASE, "admin@localhost", generatePassword(), { fetch: phoenix.fetch }));
    expect(error.code).toBe("ERR_PHOENIX_ADMIN_REQUEST");
    expect(error).toMatchObject({ status: 401, operation: "login", serverMessage: "Invalid email and/or password" });
    expect(error.message).toContain(`POST ${BASE}/auth/login answered 401 "Invalid email and/or password"`);
    expect(error.message).toContain("admin@localhost / admin");
  });

  it("reports a GraphQL error and a request made before logging in", async () => {
    const phoenix = fakePhoenix();
    const anonymous = new PhoenixAdmin({ baseUrl: BASE, fetch: phoenix.fetch });
    const unauthenticated = await caught(anonymous.createUser({ email: "a@b.c", username: "a", password: strongPassword(), role: "VIEWER" }));
    expect(unauthenticated).toMatchObject({ status: 401, operation: "createUser", serverMessage: "Invalid token" });
    expect(unauthenticated.message).toMatch(/Log in with login\(email, password\) first/);

    const admin = await PhoenixAdmin.login(BASE, "admin@localhost", "admin", { fetch: phoenix.fetch });
    const wrongCurrent = await caught(admin.changePassword({ currentPassword: generatePassword(), newPassword: strongPassword() }));
    expect(wrongCurrent).toMatchObject({
      status: 200,
      operation: "changePassword",
      serverMessage: "Valid current password is required to modify password",
    });
    const gone = await caught(admin.deleteSystemApiKey("U3lzdGVtQXBpS2V5Ojk5"));
    expect(gone.serverMessage).toBe("API key not found");
  });

  it("never puts passwords, keys, tokens or cookies into error messages", async () => {
    const phoenix = fakePhoenix();
    const password = strongPassword();
    const admin = await PhoenixAdmin.login(BASE, "admin@localhost", "admin", { fetch: phoenix.fetch });
    await admin.changePassword({ currentPassword: "admin", newPassword: password });
    const key = await admin.createSystemApiKey({ name: "k" });
    const cookies = phoenix.requests.at(-1)!.headers.get("cookie")!.split("; ").map((c) => c.split("=")[1]!);
    const secrets = [password, key.key, ...cookies];

    // A server that echoes everything it received back into its error text.
    const echo: typeof fetch = async (input, init) =>
      new Response(`rejected ${String(input)} ${JSON.stringify(init?.body)} ${new Headers(init?.headers).get("cookie")} ${new Headers(init?.headers).get("authorization")}`, {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    const errors: PhoenixAdminError[] = [];
    const echoing = new PhoenixAdmin({ baseUrl: BASE, token: key.key, fetch: echo });
    errors.push(await caught(echoing.listSpans({ project: "p" })));
    errors.push(await caught(echoing.changePassword({ currentPassword: password, newPassword: `${password}-2` })));
    errors.push(await caught(echoing.createUser({ email: "e@x.io", username: "u", password, role: "MEMBER" })));
    const throwing: typeof fetch = async (_input, init) => {
      throw new TypeError(`connect failed for ${new Headers(init?.headers).get("authorization")}`);
    };
    errors.push(await caught(new PhoenixAdmin({ baseUrl: BASE, token: key.key, fetch: throwing }).listSpans({ project: "p" })));

    for (const error of errors) {
      const text = `${inspect(error)}\n${error.serverMessage}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).toContain("…("); // the masked form is there instead
    }
  });

  it("reports an unreachable server with status undefined", async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    };
    const error = await caught(new PhoenixAdmin({ baseUrl: "http://127.0.0.1:1", fetch: refused }).listSpans({ project: "x" }));
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(
      "PhoenixAdmin.listSpans could not reach http://127.0.0.1:1/v1/projects/x/spans: connect ECONNREFUSED 127.0.0.1:1. Is Phoenix running at baseUrl http://127.0.0.1:1?",
    );
  });

  it("reports a 200 answer that is not JSON (baseUrl is not Phoenix)", async () => {
    const html: typeof fetch = async () => new Response("<!doctype html>", { status: 200, headers: { "content-type": "text/html" } });
    const error = await caught(new PhoenixAdmin({ baseUrl: BASE, token: "t".repeat(20), fetch: html }).createSystemApiKey({ name: "x" }));
    expect(error.message).toMatch(/not JSON\. Is baseUrl a Phoenix server\?/);
  });

  it("rejects a bad baseUrl or empty token with a PhoenixAdminConfigError naming the option", () => {
    expect(() => new PhoenixAdmin({ baseUrl: "localhost:6006" })).toThrow(PhoenixAdminConfigError);
    expect(() => new PhoenixAdmin({ baseUrl: "not a url" })).toThrow(/`baseUrl` is not a URL: "not a url"/);
    expect(() => new PhoenixAdmin({ baseUrl: "ftp://x" })).toThrow(/must be an http\(s\) URL/);
    const userinfo = generatePassword();
    let error: unknown;
    try {
      new PhoenixAdmin({ baseUrl: `http://admin:${userinfo}@localhost:6006` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhoenixAdminConfigError);
    expect((error as PhoenixAdminConfigError).source).toBe("baseUrl");
    expect(String((error as Error).message) + String((error as PhoenixAdminConfigError).value)).not.toContain(userinfo);
    expect(() => new PhoenixAdmin({ baseUrl: BASE, token: " " })).toThrow(/option `token` is empty/);
  });

  it("keeps a path prefix in baseUrl", async () => {
    const phoenix = fakePhoenix();
    const seen: string[] = [];
    const prefixed: typeof fetch = (input, init) => {
      seen.push(String(input));
      return phoenix.fetch(String(input).replace("/phoenix", ""), init);
    };
    await PhoenixAdmin.login(`${BASE}/phoenix/`, "admin@localhost", "admin", { fetch: prefixed });
    expect(seen).toEqual([`${BASE}/phoenix/auth/login`]);
  });
});
