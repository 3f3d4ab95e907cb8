import { beforeEach, describe, expect, it } from "vitest";
import { createManualClock, type ManualClock, type MockPhoenix } from "../src/index.js";
import { generatePassword } from "../../../test/helpers/secrets.js";
import { authMock, bearer, jsonInit, login, otlpBody, type Send } from "./helpers.js";

type Who = "viewer" | "member" | "admin" | "defaultAdmin" | "systemKey" | "memberKey" | "adminSecret";

let mock: MockPhoenix;
let clock: ManualClock;
let send: Send;
let tokens: Record<Who, string>;
let counter = 0;
/** The password of the viewer, member and admin users created before each test. */
const password = generatePassword();

beforeEach(async () => {
  clock = createManualClock();
  mock = authMock({ clock, disableRateLimit: true });
  send = (path, init) => mock.request(path, init);
  for (const role of ["VIEWER", "MEMBER", "ADMIN"] as const) {
    await mock.createUser({ email: `${role.toLowerCase()}@example.com`, username: `${role.toLowerCase()}-user`, role, password });
  }
  const session = async (email: string, pass: string) => (await login(send, email, pass)).access;
  tokens = {
    viewer: await session("viewer@example.com", password),
    member: await session("member@example.com", password),
    admin: await session("admin@example.com", password),
    defaultAdmin: await session("admin@localhost", "admin"),
    systemKey: (await mock.createSystemApiKey()).key,
    memberKey: (await mock.createUserApiKey({ email: "member@example.com" })).key,
    adminSecret: mock.adminSecret!,
  };
});

const ONLY_ADMIN = "Only admin or system users can perform this action.";
const VIEWERS = "Viewers cannot perform this action.";
const KEYS_CANNOT = "API keys cannot create API keys";

/** [who, status, plain-text body (for refusals)] per route; the matrix of Phoenix's REST permissions. */
const matrix: { route: string; init: () => RequestInit; expect: Record<Who, number | [number, string]> }[] = [
  {
    route: "GET /v1/users",
    init: () => ({}),
    expect: { viewer: [403, ONLY_ADMIN], member: [403, ONLY_ADMIN], admin: 200, defaultAdmin: 200, systemKey: [403, ONLY_ADMIN], memberKey: [403, ONLY_ADMIN], adminSecret: 200 },
  },
  {
    route: "POST /v1/users",
    init: () => jsonInit("POST", { user: { auth_method: "LOCAL", email: `u${++counter}@example.com`, username: `u${counter}`, role: "MEMBER", password: generatePassword() } }),
    expect: { viewer: [403, VIEWERS], member: [403, ONLY_ADMIN], admin: 201, defaultAdmin: 201, systemKey: [403, ONLY_ADMIN], memberKey: [403, ONLY_ADMIN], adminSecret: 201 },
  },
  {
    route: "GET /v1/system/api_keys",
    init: () => ({}),
    expect: { viewer: [403, ONLY_ADMIN], member: [403, ONLY_ADMIN], admin: 200, defaultAdmin: 200, systemKey: [403, ONLY_ADMIN], memberKey: [403, ONLY_ADMIN], adminSecret: 200 },
  },
  {
    route: "POST /v1/system/api_keys",
    init: () => jsonInit("POST", { data: { name: "sys" } }),
    expect: { viewer: [403, ONLY_ADMIN], member: [403, ONLY_ADMIN], admin: 201, defaultAdmin: 201, systemKey: [403, ONLY_ADMIN], memberKey: [403, ONLY_ADMIN], adminSecret: 201 },
  },
  {
    route: "POST /v1/user/api_keys",
    init: () => jsonInit("POST", { data: { name: "mine" } }),
    expect: { viewer: 201, member: 201, admin: 201, defaultAdmin: 201, systemKey: [403, KEYS_CANNOT], memberKey: [403, KEYS_CANNOT], adminSecret: [403, KEYS_CANNOT] },
  },
  {
    route: "GET /v1/users/api_keys",
    init: () => ({}),
    expect: { viewer: [403, ONLY_ADMIN], member: [403, ONLY_ADMIN], admin: 200, defaultAdmin: 200, systemKey: [403, ONLY_ADMIN], memberKey: [403, ONLY_ADMIN], adminSecret: 200 },
  },
  {
    route: "POST /v1/traces",
    init: () => ({ method: "POST", headers: { "content-type": "application/x-protobuf" }, body: otlpBody([{ spanName: "s" }]) }),
    expect: { viewer: [403, VIEWERS], member: 200, admin: 200, defaultAdmin: 200, systemKey: 200, memberKey: 200, adminSecret: 200 },
  },
  {
    route: "GET /v1/projects",
    init: () => ({}),
    expect: { viewer: 200, member: 200, admin: 200, defaultAdmin: 200, systemKey: 200, memberKey: 200, adminSecret: 200 },
  },
];

describe("REST role matrix", () => {
  for (const row of matrix) {
    it(row.route, async () => {
      const [method, path] = row.route.split(" ") as [string, string];
      const actual: Record<string, unknown> = {};
      for (const who of Object.keys(row.expect) as Who[]) {
        const init = row.init();
        const response = await send(path, { ...init, method, headers: { ...(init.headers as object), ...bearer(tokens[who]) } });
        const wanted = row.expect[who];
        actual[who] = typeof wanted === "number" ? response.status : [response.status, await response.text()];
      }
      expect(actual).toEqual(row.expect);
    });
  }

  it("GET /v1/user/api_keys lists the caller's own keys; the system principals own none", async () => {
    const own = await (await send("/v1/user/api_keys", { headers: bearer(tokens.memberKey) })).json();
    expect(own).toEqual({ data: [{ id: "VXNlckFwaUtleToy", name: "mock user key", created_at: expect.stringMatching(/\+00:00$/) }] });
    for (const who of ["adminSecret", "systemKey"] as const) {
      expect(await (await send("/v1/user/api_keys", { headers: bearer(tokens[who]) })).json()).toEqual({ data: [] });
    }
  });
});

describe("token and key lifecycle", () => {
  it("deleting a key revokes it at once; others' keys read as missing", async () => {
    const id = "VXNlckFwaUtleToy";
    const byViewer = await send(`/v1/user/api_keys/${id}`, { method: "DELETE", headers: bearer(tokens.viewer) });
    expect([byViewer.status, await byViewer.text()]).toEqual([404, "API key not found"]);
    const bySystemKey = await send(`/v1/user/api_keys/${id}`, { method: "DELETE", headers: bearer(tokens.systemKey) });
    expect([bySystemKey.status, await bySystemKey.text()]).toEqual([
      403,
      "System API keys must be managed through the /system/api_keys endpoints.",
    ]);
    const badId = await send("/v1/user/api_keys/fake-id-x", { method: "DELETE", headers: bearer(tokens.member) });
    expect([badId.status, await badId.text()]).toEqual([422, "Invalid UserApiKey GlobalID format: fake-id-x"]);
    const byOwner = await send(`/v1/user/api_keys/${id}`, { method: "DELETE", headers: bearer(tokens.member) });
    expect(byOwner.status).toBe(204);
    const after = await send("/v1/projects", { headers: bearer(tokens.memberKey) });
    expect([after.status, await after.text()]).toEqual([401, "Invalid token"]);
    const systemKey = await send("/v1/system/api_keys/U3lzdGVtQXBpS2V5OjE=", { method: "DELETE", headers: bearer(tokens.adminSecret) });
    expect(systemKey.status).toBe(204);
    expect((await send("/v1/projects", { headers: bearer(tokens.systemKey) })).status).toBe(401);
    const gone = await send("/v1/system/api_keys/U3lzdGVtQXBpS2V5OjE=", { method: "DELETE", headers: bearer(tokens.adminSecret) });
    expect([gone.status, await gone.text()]).toEqual([404, "System API key not found"]);
  });

  it("deleting a user revokes their sessions and keys at once; the default admin cannot be deleted", async () => {
    const del = (id: string) => send(`/v1/users/${id}`, { method: "DELETE", headers: bearer(tokens.adminSecret) });
    const member = "VXNlcjo0"; // User:4
    const deleted = await del(member);
    expect([deleted.status, deleted.headers.get("content-type")]).toEqual([204, "application/json"]);
    for (const who of ["member", "memberKey"] as const) {
      expect((await send("/v1/projects", { headers: bearer(tokens[who]) })).status).toBe(401);
    }
    const again = await del(member);
    expect([again.status, await again.text()]).toEqual([404, "User not found"]);
    const admin = await del("VXNlcjoy");
    expect([admin.status, await admin.text()]).toEqual([403, "Cannot delete the default admin or system user"]);
    const bad = await del("nope");
    expect([bad.status, await bad.text()]).toEqual([422, "Invalid User GlobalID format: nope"]);
  });

  it("an access token answers Expired token after its expiry, then Invalid token once Phoenix sweeps it", async () => {
    clock.advance(10 * 60_000);
    const expired = await send("/v1/user", { headers: bearer(tokens.member) });
    expect([expired.status, await expired.text()]).toEqual([401, "Expired token"]);
    expect(expired.headers.get("www-authenticate")).toMatch(/^Bearer realm="Arize Phoenix"/);
    clock.advance(10_000);
    const swept = await send("/v1/user", { headers: bearer(tokens.member) });
    expect([swept.status, await swept.text()]).toEqual([401, "Invalid token"]);
    expect((await send("/v1/user", { headers: bearer(tokens.memberKey) })).status).toBe(200);
  });

  it("an API key with expires_at expires by the injected clock; a past expiry is a 422", async () => {
    const future = new Date(clock() + 60_000).toISOString();
    const created = await send("/v1/user/api_keys", jsonInit("POST", { data: { name: "short", expires_at: future } }, bearer(tokens.member)));
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { key: string; expires_at: string } };
    expect(data.expires_at).toBe(future.replace("Z", "000+00:00").replace(".000000", ""));
    expect((await send("/v1/user", { headers: bearer(data.key) })).status).toBe(200);
    clock.advance(60_000);
    expect(await (await send("/v1/user", { headers: bearer(data.key) })).text()).toBe("Expired token");
    const past = await send("/v1/user/api_keys", jsonInit("POST", { data: { name: "old", expires_at: "2000-01-01T00:00:00Z" } }, bearer(tokens.member)));
    expect(await past.json()).toEqual({
      detail: [
        {
          type: "value_error",
          loc: ["body", "data", "expires_at"],
          msg: "Value error, Expiration time must be in the future",
          input: "2000-01-01T00:00:00Z",
          ctx: { error: {} },
        },
      ],
    });
  });

  it("validates API-key bodies like FastAPI", async () => {
    const post = (body: RequestInit) => send("/v1/user/api_keys", { method: "POST", ...body, headers: { ...(body.headers as object), ...bearer(tokens.member) } });
    expect(await (await post({})).json()).toEqual({ detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] });
    expect(await (await post(jsonInit("POST", {}))).json()).toEqual({
      detail: [{ type: "missing", loc: ["body", "data"], msg: "Field required", input: {} }],
    });
    expect(await (await post(jsonInit("POST", { data: { name: "   " } }))).json()).toEqual({
      detail: [{ type: "value_error", loc: ["body", "data", "name"], msg: "Value error, Name cannot be empty", input: "   ", ctx: { error: {} } }],
    });
  });

  it("changing the password through GraphQL kills every session", async () => {
    const second = await login(send, "member@example.com", password);
    const newPassword = generatePassword();
    const response = await send(
      "/graphql",
      jsonInit(
        "POST",
        { query: `mutation { patchViewer(input: {currentPassword: "${password}", newPassword: "${newPassword}"}) { user { id } } }` },
        { cookie: second.cookie },
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).not.toHaveProperty("errors");
    expect(response.headers.getSetCookie().map((c) => c.split("=")[0])).toEqual(["phoenix-refresh-token", "phoenix-access-token"]);
    for (const token of [tokens.member, second.access]) expect((await send("/v1/user", { headers: bearer(token) })).status).toBe(401);
    expect((await send("/v1/user", { headers: bearer(tokens.memberKey) })).status).toBe(200);
    await login(send, "member@example.com", newPassword);
  });

  it("GET /graphql needs a credential like every protected route", async () => {
    expect((await send("/graphql")).status).toBe(401);
    const page = await send("/graphql", { headers: bearer(tokens.viewer) });
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
  });
});

describe("login protection", () => {
  it("locks an email out after 5 failures, even for the right password, until 300 s pass", async () => {
    const attempt = (tried: string) => send("/auth/login", jsonInit("POST", { email: "member@example.com", password: tried }));
    const wrongPassword = generatePassword();
    for (let i = 0; i < 5; i++) expect((await attempt(wrongPassword)).status).toBe(401);
    const locked = await attempt(password);
    expect([locked.status, await locked.text()]).toEqual([429, "Too many failed login attempts. Please try again later."]);
    clock.advance(300_000);
    expect((await attempt(password)).status).toBe(204);
  });

  it("rate-limits /auth/* per client address (burst 12) unless disabled", async () => {
    const limited = authMock({ clock });
    const logout = (clientAddress: string) => limited.handle(new Request(`${limited.baseUrl}/auth/logout`), { clientAddress });
    for (let i = 0; i < 12; i++) expect((await logout("10.0.0.1")).status).toBe(302);
    const refused = await logout("10.0.0.1");
    expect([refused.status, await refused.text()]).toEqual([429, "Too Many Requests"]);
    expect((await logout("10.0.0.2")).status).toBe(302);
    clock.advance(5_000);
    expect((await logout("10.0.0.1")).status).toBe(302);
  });
});
