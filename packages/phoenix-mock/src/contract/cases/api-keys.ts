/** System and user API keys over REST and GraphQL: who may create, list, delete, and what a key may do. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";

const CREATE_USER_KEY = "mutation($input:CreateUserApiKeyInput!){createUserApiKey(input:$input){jwt apiKey{id name description expiresAt user{id}}}}";
const CREATE_SYSTEM_KEY = "mutation($input:CreateApiKeyInput!){createSystemApiKey(input:$input){jwt apiKey{id name description expiresAt}}}";
const DELETE_USER_KEY = "mutation($id:ID!){deleteUserApiKey(input:{id:$id}){apiKeyId}}";
const DELETE_SYSTEM_KEY = "mutation($id:ID!){deleteSystemApiKey(input:{id:$id}){apiKeyId}}";

const relabel = (gid: string, type: string) => Buffer.from(`${type}:${Buffer.from(gid, "base64").toString("utf8").split(":")[1]}`).toString("base64");

function errorMessage(res: { json(): any }): string | undefined {
  return res.json().errors?.[0]?.message;
}

export const apiKeyCases: ConformanceCase[] = [
  {
    id: "rest-user-key-lifecycle",
    title: "Member creates a key (201, key once), lists it (no key), uses it, deletes it (204) → the key is dead",
    covers: "§9.2, §15.10 #73",
    async run(ctx) {
      const { user, session } = await ctx.userWithSession("MEMBER");
      const auth = { cookies: session.cookies };
      const created = await ctx.req("create", "POST", "/v1/user/api_keys", { ...auth, json: { data: { name: "k1", description: "d1" } } });
      expect(created.status).toBe(201);
      const { id, key } = created.json().data;
      expect(created.json().data).toMatchObject({ name: "k1", description: "d1" });
      const withExpiry = await ctx.req("create-with-expiry", "POST", "/v1/user/api_keys", { ...auth, json: { data: { name: "k2", expires_at: "2099-01-01T00:00:00Z" } } });
      expect(withExpiry.json().data.expires_at).toBe("2099-01-01T00:00:00+00:00");
      const list = await ctx.req("list", "GET", "/v1/user/api_keys", auth);
      expect(list.json().data.map((k: any) => k.name)).toEqual(["k2", "k1"]);
      expect(list.json().data.every((k: any) => !("key" in k))).toBe(true);
      expect((await ctx.req("use", "GET", "/v1/user", { bearer: key })).json().data.email).toBe(user.email);
      expect((await ctx.req("delete", "DELETE", `/v1/user/api_keys/${id}`, auth)).status).toBe(204);
      expect((await ctx.req("list-after", "GET", "/v1/user/api_keys", auth)).json().data).toHaveLength(1);
      const dead = await ctx.req("use-after", "GET", "/v1/user", { bearer: key });
      expect([dead.status, dead.text]).toEqual([401, "Invalid token"]);
    },
  },
  {
    id: "rest-user-key-validation",
    title: "POST /v1/user/api_keys validation → 422 FastAPI detail (no body, {}, blank name, past expiry)",
    covers: "§9.2, §15.10 #80, §15.7 #60",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const auth = { bearer: session.access };
      expect((await ctx.req("no-body", "POST", "/v1/user/api_keys", auth)).status).toBe(422);
      expect((await ctx.req("empty-object", "POST", "/v1/user/api_keys", { ...auth, json: {} })).status).toBe(422);
      expect((await ctx.req("blank-name", "POST", "/v1/user/api_keys", { ...auth, json: { data: { name: "   " } } })).status).toBe(422);
      expect((await ctx.req("past-expiry", "POST", "/v1/user/api_keys", { ...auth, json: { data: { name: "k", expires_at: "2000-01-01T00:00:00Z" } } })).status).toBe(422);
      const bad = await ctx.req("bad-id", "DELETE", "/v1/user/api_keys/fake-id-x", auth);
      expect([bad.status, bad.text]).toEqual([422, "Invalid UserApiKey GlobalID format: fake-id-x"]);
    },
  },
  {
    id: "rest-user-key-ownership",
    title: "Another member cannot see or delete a key (404); an admin can delete it; the admin secret can too",
    covers: "§15.10 #74, #82",
    async run(ctx) {
      const owner = await ctx.userWithSession("MEMBER");
      const other = await ctx.userWithSession("MEMBER");
      const admin = await ctx.userWithSession("ADMIN");
      const k1 = await ctx.createUserKey(owner.session, "k1");
      const k2 = await ctx.createUserKey(owner.session, "k2");
      expect((await ctx.req("other-list", "GET", "/v1/user/api_keys", { bearer: other.session.access })).json().data).toEqual([]);
      const del = await ctx.req("other-delete", "DELETE", `/v1/user/api_keys/${k1.id}`, { bearer: other.session.access });
      expect([del.status, del.text]).toEqual([404, "API key not found"]);
      expect((await ctx.req("admin-delete", "DELETE", `/v1/user/api_keys/${k1.id}`, { bearer: admin.session.access })).status).toBe(204);
      expect((await ctx.req("admin-secret-delete", "DELETE", `/v1/user/api_keys/${k2.id}`, ctx.admin)).status).toBe(204);
      expect((await ctx.req("unknown", "DELETE", `/v1/user/api_keys/${Buffer.from("UserApiKey:999999999").toString("base64")}`, ctx.admin)).status).toBe(404);
    },
  },
  {
    id: "rest-keys-cannot-mint-keys",
    title: "API keys and the admin secret cannot create user keys (403); user keys cannot create system keys (403)",
    covers: "§9.2, §15.10 #77, #82, #83",
    async run(ctx) {
      for (const role of ["VIEWER", "MEMBER", "ADMIN"] as const) {
        const { session } = await ctx.userWithSession(role);
        const key = await ctx.createUserKey(session);
        const res = await ctx.req(`${role}-key-creates-user-key`, "POST", "/v1/user/api_keys", { bearer: key.key, json: { data: { name: "x" } } });
        expect([res.status, res.text]).toEqual([403, "API keys cannot create API keys"]);
        const noBody = await ctx.req(`${role}-key-no-body`, "POST", "/v1/user/api_keys", { bearer: key.key });
        expect(noBody.status).toBe(403);
        if (role === "ADMIN") {
          const sys = await ctx.req("admin-key-creates-system-key", "POST", "/v1/system/api_keys", { bearer: key.key, json: { data: { name: "x" } } });
          expect(sys.status).toBe(403);
        }
      }
      const secret = await ctx.req("admin-secret-creates-user-key", "POST", "/v1/user/api_keys", { ...ctx.admin, json: { data: { name: "x" } } });
      expect([secret.status, secret.text]).toEqual([403, "API keys cannot create API keys"]);
      expect((await ctx.req("admin-secret-lists-own", "GET", "/v1/user/api_keys", ctx.admin)).json()).toEqual({ data: [] });
    },
  },
  {
    id: "rest-system-key-lifecycle",
    title: "Admin session creates a system key (201); it reads projects but not users; listed without key; deleted → 401",
    covers: "§9.2, §15.10 #81",
    async run(ctx) {
      const admin = await ctx.userWithSession("ADMIN");
      const auth = { cookies: admin.session.cookies };
      const created = await ctx.req("create", "POST", "/v1/system/api_keys", { ...auth, json: { data: { name: "sys", description: "d" } } });
      expect(created.status).toBe(201);
      const { id, key } = created.json().data;
      expect((await ctx.status("projects", "GET", "/v1/projects?limit=1", { bearer: key })).status).toBe(200);
      const users = await ctx.req("users", "GET", "/v1/users", { bearer: key });
      expect([users.status, users.text]).toEqual([403, "Only admin or system users can perform this action."]);
      const me = await ctx.req("me", "GET", "/v1/user", { bearer: key });
      expect(me.json().data).toMatchObject({ id: "VXNlcjox", role: "SYSTEM" });
      const list = await ctx.status("system-list", "GET", "/v1/system/api_keys", auth);
      const listed = list.json().data.find((k: any) => k.id === id);
      ctx.note("system-list entry", normalizeJson(listed, ctx.normalizeContext));
      expect(listed).toMatchObject({ name: "sys", description: "d" });
      expect("key" in listed).toBe(false);
      expect((await ctx.req("personal-list", "GET", "/v1/user/api_keys", auth)).json().data).toEqual([]);
      expect((await ctx.req("delete", "DELETE", `/v1/system/api_keys/${id}`, auth)).status).toBe(204);
      expect((await ctx.req("use-after", "GET", "/v1/user", { bearer: key })).status).toBe(401);
      const again = await ctx.req("delete-again", "DELETE", `/v1/system/api_keys/${id}`, auth);
      expect([again.status, again.text]).toEqual([404, "System API key not found"]);
    },
  },
  {
    id: "rest-system-key-admin-only",
    title: "Member and viewer sessions → 403 on every /v1/system/api_keys route; a system key cannot make system keys",
    covers: "§15.10 #83, #84",
    async run(ctx) {
      for (const role of ["MEMBER", "VIEWER"] as const) {
        const { session } = await ctx.userWithSession(role);
        const auth = { bearer: session.access };
        const list = await ctx.req(`${role}-list`, "GET", "/v1/system/api_keys", auth);
        expect([list.status, list.text]).toEqual([403, "Only admin or system users can perform this action."]);
        expect((await ctx.req(`${role}-create`, "POST", "/v1/system/api_keys", { ...auth, json: { data: { name: "x" } } })).status).toBe(403);
        expect((await ctx.req(`${role}-delete`, "DELETE", "/v1/system/api_keys/fake-id", auth)).status).toBe(403);
      }
      const sys = await ctx.createSystemKey();
      expect((await ctx.req("system-key-create", "POST", "/v1/system/api_keys", { bearer: sys.key, json: { data: { name: "x" } } })).status).toBe(403);
      const bad = await ctx.req("bad-id", "DELETE", "/v1/system/api_keys/fake-id-x", ctx.admin);
      expect([bad.status, bad.text]).toEqual([422, "Invalid SystemApiKey GlobalID format: fake-id-x"]);
    },
  },
  {
    id: "rest-system-key-on-personal-routes",
    title: "A system key on /v1/user/api_keys: list [] ; create 403; delete of its own id → 403; it still works",
    covers: "§15.10 #85",
    async run(ctx) {
      const sys = await ctx.createSystemKey();
      const auth = { bearer: sys.key };
      expect((await ctx.req("list", "GET", "/v1/user/api_keys", auth)).json()).toEqual({ data: [] });
      expect((await ctx.req("create", "POST", "/v1/user/api_keys", { ...auth, json: { data: { name: "x" } } })).status).toBe(403);
      const del = await ctx.req("delete-own", "DELETE", `/v1/user/api_keys/${relabel(sys.id, "UserApiKey")}`, auth);
      expect([del.status, del.text]).toEqual([403, "System API keys must be managed through the /system/api_keys endpoints."]);
      expect((await ctx.req("still-works", "GET", "/v1/user", auth)).status).toBe(200);
    },
  },
  {
    id: "rest-users-api-keys",
    title: "GET /v1/users/api_keys: member 403; limit 1001 → 422; paging with next_cursor; only user keys with their owner",
    covers: "§15.10 #78",
    async run(ctx) {
      const owner = await ctx.userWithSession("MEMBER");
      const k1 = await ctx.createUserKey(owner.session, "first");
      const k2 = await ctx.createUserKey(owner.session, "second");
      const sys = await ctx.createSystemKey();
      expect((await ctx.req("member", "GET", "/v1/users/api_keys", { bearer: owner.session.access })).status).toBe(403);
      expect((await ctx.req("limit-1001", "GET", "/v1/users/api_keys?limit=1001", ctx.admin)).status).toBe(422);
      const page = await ctx.req("limit-1", "GET", "/v1/users/api_keys?limit=1", ctx.admin);
      expect(page.json().data).toHaveLength(1);
      expect(page.json().data[0]).toMatchObject({ id: k2.id, user: { id: owner.user.id, username: owner.user.username, email: owner.user.email } });
      // The page after that depends on the server's other keys: record the status only.
      const next = await ctx.status("next-page", "GET", `/v1/users/api_keys?limit=1&cursor=${encodeURIComponent(page.json().next_cursor)}`, ctx.admin);
      expect(next.json().data[0].id).toBe(k1.id);
      ctx.note("all-pages-contain-system-key", (await ctx.send("GET", "/v1/users/api_keys?limit=1000", ctx.admin)).json().data.some((k: any) => k.id === relabel(sys.id, "UserApiKey")));
    },
  },
  {
    id: "rest-key-relabeling",
    title: "Cross-type ids: a UserApiKey id on the system route → 422; relabeled ids → 404; the keys survive",
    covers: "§15.10 #87",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const user = await ctx.createUserKey(session);
      const sys = await ctx.createSystemKey();
      const asSystem = await ctx.req("user-id-on-system-route", "DELETE", `/v1/system/api_keys/${user.id}`, ctx.admin);
      expect(asSystem.status).toBe(422);
      expect((await ctx.req("relabeled-user-as-system", "DELETE", `/v1/system/api_keys/${relabel(user.id, "SystemApiKey")}`, ctx.admin)).status).toBe(404);
      expect((await ctx.req("relabeled-system-as-user", "DELETE", `/v1/user/api_keys/${relabel(sys.id, "UserApiKey")}`, ctx.admin)).status).toBe(404);
      const gql = await ctx.gql("graphql-relabeled-system", DELETE_SYSTEM_KEY, { id: relabel(user.id, "SystemApiKey") }, ctx.admin);
      expect(errorMessage(gql)).toBe("API key not found");
      expect((await ctx.req("user-key-alive", "GET", "/v1/user", { bearer: user.key })).status).toBe(200);
      expect((await ctx.req("system-key-alive", "GET", "/v1/user", { bearer: sys.key })).status).toBe(200);
      expect((await ctx.req("delete-user-key", "DELETE", `/v1/user/api_keys/${user.id}`, ctx.admin)).status).toBe(204);
      expect((await ctx.req("delete-system-key", "DELETE", `/v1/system/api_keys/${sys.id}`, ctx.admin)).status).toBe(204);
    },
  },
  {
    id: "graphql-user-key-each-role",
    title: "createUserApiKey then deleteUserApiKey (own) works for viewer, member and admin sessions; no Set-Cookie",
    covers: "§15.9 #65",
    async run(ctx) {
      for (const role of ["VIEWER", "MEMBER", "ADMIN"] as const) {
        const { user, session } = await ctx.userWithSession(role);
        const created = await ctx.gql(`${role}-create`, CREATE_USER_KEY, { input: { name: `k-${role}`, description: "d", expiresAt: "2099-01-01T00:00:00+00:00" } }, { cookies: session.cookies });
        const payload = created.json().data.createUserApiKey;
        expect(payload.apiKey).toMatchObject({ name: `k-${role}`, description: "d", expiresAt: "2099-01-01T00:00:00+00:00", user: { id: user.id } });
        expect(created.setCookies).toEqual([]);
        const deleted = await ctx.gql(`${role}-delete`, DELETE_USER_KEY, { id: payload.apiKey.id }, { cookies: session.cookies });
        expect(deleted.json().data.deleteUserApiKey.apiKeyId).toBe(payload.apiKey.id);
      }
    },
  },
  {
    id: "graphql-system-key-roles",
    title: "createSystemApiKey: viewer/member denied; admin session and admin secret OK; deleteSystemApiKey likewise",
    covers: "§15.9 #66, #68, #71",
    async run(ctx) {
      const viewer = await ctx.userWithSession("VIEWER");
      const member = await ctx.userWithSession("MEMBER");
      const admin = await ctx.userWithSession("ADMIN");
      expect(errorMessage(await ctx.gql("viewer-create", CREATE_SYSTEM_KEY, { input: { name: "x" } }, { bearer: viewer.session.access }))).toBe("Viewers cannot perform this action");
      expect(errorMessage(await ctx.gql("member-create", CREATE_SYSTEM_KEY, { input: { name: "x" } }, { bearer: member.session.access }))).toBe("Only admin can perform this action");
      const byAdmin = await ctx.gql("admin-create", CREATE_SYSTEM_KEY, { input: { name: "by-admin", description: "d" } }, { bearer: admin.session.access });
      const key1 = byAdmin.json().data.createSystemApiKey.apiKey;
      expect(key1).toMatchObject({ name: "by-admin", description: "d", expiresAt: null });
      const bySecret = await ctx.gql("admin-secret-create", CREATE_SYSTEM_KEY, { input: { name: "by-secret" } }, ctx.admin);
      const key2 = bySecret.json().data.createSystemApiKey.apiKey;
      expect(errorMessage(await ctx.gql("viewer-delete", DELETE_SYSTEM_KEY, { id: key1.id }, { bearer: viewer.session.access }))).toBe("Viewers cannot perform this action");
      expect(errorMessage(await ctx.gql("member-delete", DELETE_SYSTEM_KEY, { id: key1.id }, { bearer: member.session.access }))).toBe("Only admin can perform this action");
      expect((await ctx.gql("admin-delete", DELETE_SYSTEM_KEY, { id: key1.id }, { bearer: admin.session.access })).json().data.deleteSystemApiKey.apiKeyId).toBe(key1.id);
      expect((await ctx.gql("admin-secret-delete", DELETE_SYSTEM_KEY, { id: key2.id }, ctx.admin)).json().data.deleteSystemApiKey.apiKeyId).toBe(key2.id);
    },
  },
  {
    id: "graphql-keys-cannot-mint-keys",
    title: "A user key or system key calling createUserApiKey → API keys cannot create API keys; the admin secret → System API keys cannot manage personal API keys",
    covers: "§15.9 #69-#71, #86",
    async run(ctx) {
      for (const role of ["VIEWER", "MEMBER", "ADMIN"] as const) {
        const { session } = await ctx.userWithSession(role);
        const key = await ctx.createUserKey(session);
        const res = await ctx.gql(`${role}-key`, CREATE_USER_KEY, { input: { name: "x" } }, { bearer: key.key });
        expect(res.json()).toMatchObject({ data: null, errors: [{ message: "API keys cannot create API keys" }] });
        if (role === "ADMIN") {
          expect(errorMessage(await ctx.gql("admin-key-system", CREATE_SYSTEM_KEY, { input: { name: "x" } }, { bearer: key.key }))).toBe("API keys cannot create API keys");
        }
      }
      const sys = await ctx.createSystemKey();
      expect(errorMessage(await ctx.gql("system-key", CREATE_USER_KEY, { input: { name: "x" } }, { bearer: sys.key }))).toBe("API keys cannot create API keys");
      expect((await ctx.gql("system-key-viewer", "{viewer{apiKeys{id}}}", {}, { bearer: sys.key })).json()).toEqual({ data: { viewer: { apiKeys: [] } } });
      expect(errorMessage(await ctx.gql("system-key-deletes-self", DELETE_USER_KEY, { id: relabel(sys.id, "UserApiKey") }, { bearer: sys.key }))).toBe("API key not found");
      expect(errorMessage(await ctx.gql("admin-secret", CREATE_USER_KEY, { input: { name: "x" } }, ctx.admin))).toBe("System API keys cannot manage personal API keys");
    },
  },
  {
    id: "graphql-delete-others-user-key",
    title: "deleteUserApiKey of someone else's key: viewer/member → API key not found; admin and admin secret → OK",
    covers: "§15.9 #67, #79, §15.10 #82",
    async run(ctx) {
      const owner = await ctx.userWithSession("MEMBER");
      const viewer = await ctx.userWithSession("VIEWER");
      const member = await ctx.userWithSession("MEMBER");
      const admin = await ctx.userWithSession("ADMIN");
      const k1 = await ctx.createUserKey(owner.session, "k1");
      const k2 = await ctx.createUserKey(owner.session, "k2");
      expect(errorMessage(await ctx.gql("viewer", DELETE_USER_KEY, { id: k1.id }, { bearer: viewer.session.access }))).toBe("API key not found");
      expect(errorMessage(await ctx.gql("member", DELETE_USER_KEY, { id: k1.id }, { bearer: member.session.access }))).toBe("API key not found");
      expect(errorMessage(await ctx.gql("member-nonexistent", DELETE_USER_KEY, { id: Buffer.from("UserApiKey:999999999").toString("base64") }, { bearer: member.session.access }))).toBe("API key not found");
      expect((await ctx.gql("admin", DELETE_USER_KEY, { id: k1.id }, { bearer: admin.session.access })).json().data.deleteUserApiKey.apiKeyId).toBe(k1.id);
      expect((await ctx.gql("admin-secret", DELETE_USER_KEY, { id: k2.id }, ctx.admin)).json().data.deleteUserApiKey.apiKeyId).toBe(k2.id);
    },
  },
  {
    id: "graphql-key-queries",
    title: "userApiKeys / systemApiKeys queries: viewer and member denied; admin OK",
    covers: "§15.9 #72",
    async run(ctx) {
      const viewer = await ctx.userWithSession("VIEWER");
      const member = await ctx.userWithSession("MEMBER");
      const admin = await ctx.userWithSession("ADMIN");
      for (const field of ["userApiKeys", "systemApiKeys"]) {
        const query = `{${field}{id name}}`;
        expect(errorMessage(await ctx.gql(`${field}-viewer`, query, {}, { bearer: viewer.session.access }))).toBe("Only admin can perform this action");
        expect(errorMessage(await ctx.gql(`${field}-member`, query, {}, { bearer: member.session.access }))).toBe("Only admin can perform this action");
        const ok = await ctx.send("POST", "/graphql", { bearer: admin.session.access, json: { query } });
        expect(ok.json().errors).toBeUndefined();
      }
    },
  },
  {
    id: "user-key-dies-with-user",
    title: "A user's API key stops working when the user is deleted (GraphQL deleteUsers)",
    covers: "§15.10 #75",
    async run(ctx) {
      const { user, session } = await ctx.userWithSession("MEMBER");
      const key = await ctx.createUserKey(session);
      expect((await ctx.req("before", "GET", "/v1/user", { bearer: key.key })).status).toBe(200);
      await ctx.deleteUsers([user.id]);
      expect((await ctx.req("after", "GET", "/v1/user", { bearer: key.key })).status).toBe(401);
    },
  },
];
