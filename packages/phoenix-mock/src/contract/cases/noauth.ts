/** A Phoenix with PHOENIX_ENABLE_AUTH=false: open routes, but API-key management refused. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";
import { exportRequest } from "../otlp.js";

const REQUIRES_AUTH = "This action requires authentication to be enabled. Set the PHOENIX_ENABLE_AUTH environment variable to true.";

export const noAuthCases: ConformanceCase[] = [
  {
    id: "noauth-open-routes",
    title: "Auth off: /v1 is open, Authorization is ignored, GET /v1/user → ANONYMOUS",
    covers: "§12, §15.7 #61",
    noAuth: true,
    async run(ctx) {
      const me = await ctx.req("user", "GET", "/v1/user", { noAuth: true });
      expect(me.json()).toEqual({ data: { auth_method: "ANONYMOUS" } });
      expect((await ctx.req("user-garbage-bearer", "GET", "/v1/user", { noAuth: true, bearer: "garbage" })).status).toBe(200);
      expect((await ctx.status("projects", "GET", "/v1/projects?limit=1", { noAuth: true })).status).toBe(200);
      expect((await ctx.status("users", "GET", "/v1/users?limit=1", { noAuth: true })).status).toBe(200);
      const meta = await ctx.req("metadata", "GET", "/.well-known/oauth-protected-resource", { noAuth: true });
      expect(meta.json().authorization_servers).toEqual([]);
    },
  },
  {
    id: "noauth-traces",
    title: "Auth off: POST /v1/traces accepts spans with no or a garbage key; content type still checked",
    covers: "§11.1, §12",
    noAuth: true,
    async run(ctx) {
      const project = ctx.unique("proj");
      const first = await exportRequest({ names: ["open-1"], project });
      const second = await exportRequest({ names: ["open-2"], project });
      const headers = { "content-type": "application/x-protobuf" };
      expect((await ctx.req("no-key", "POST", "/v1/traces", { noAuth: true, headers, body: first.body })).status).toBe(200);
      expect((await ctx.req("garbage-key", "POST", "/v1/traces", { noAuth: true, headers, bearer: "garbage", body: second.body })).status).toBe(200);
      const json = await ctx.req("json", "POST", "/v1/traces", { noAuth: true, headers: { "content-type": "application/json" }, body: "{}" });
      expect([json.status, json.text]).toEqual([415, "Unsupported content type: application/json"]);
      const deadline = Date.now() + 15_000;
      let count = 0;
      while (count < 2 && Date.now() < deadline) {
        const res = await ctx.send("GET", `/v1/projects/${project}/spans`, { noAuth: true });
        count = res.status === 200 ? res.json().data.length : 0;
        if (count < 2) await new Promise((r) => setTimeout(r, 250));
      }
      ctx.note("spans stored", count);
      expect(count).toBe(2);
    },
  },
  {
    id: "noauth-api-key-routes",
    title: "Auth off: the seven REST API-key routes → 403 with the requires-authentication message",
    covers: "§15.7 #61, §15.11 #91",
    noAuth: true,
    async run(ctx) {
      const routes: Array<[string, string, unknown?]> = [
        ["GET", "/v1/user/api_keys"],
        ["POST", "/v1/user/api_keys", { data: { name: "k" } }],
        ["DELETE", "/v1/user/api_keys/fake-id-x"],
        ["GET", "/v1/users/api_keys"],
        ["GET", "/v1/system/api_keys"],
        ["POST", "/v1/system/api_keys", { data: { name: "k" } }],
        ["DELETE", "/v1/system/api_keys/fake-id-x"],
      ];
      for (const [method, path, json] of routes) {
        const res = await ctx.req(`${method} ${path}`, method, path, { noAuth: true, ...(json ? { json } : {}) });
        expect([res.status, res.text]).toEqual([403, REQUIRES_AUTH]);
      }
    },
  },
  {
    id: "noauth-graphql-keys",
    title: "Auth off: GraphQL key mutations refused with Phoenix's messages; viewer is null",
    covers: "§15.11 #91",
    noAuth: true,
    async run(ctx) {
      const gql = (label: string, query: string) => ctx.gql(label, query, {}, { noAuth: true });
      expect((await gql("create-user-key", 'mutation{createUserApiKey(input:{name:"x"}){jwt}}')).json().errors[0].message).toBe("Authentication must be enabled to manage API keys");
      expect((await gql("delete-user-key", 'mutation{deleteUserApiKey(input:{id:"VXNlckFwaUtleTox"}){apiKeyId}}')).json().errors[0].message).toBe("Authentication must be enabled to manage API keys");
      expect((await gql("create-system-key", 'mutation{createSystemApiKey(input:{name:"x"}){jwt}}')).json().errors[0].message).toBe("Only admin can perform this action");
      expect((await gql("delete-system-key", 'mutation{deleteSystemApiKey(input:{id:"U3lzdGVtQXBpS2V5OjE="}){apiKeyId}}')).json().errors[0].message).toBe("Only admin can perform this action");
      expect((await gql("viewer", "{viewer{id}}")).json()).toEqual({ data: { viewer: null } });
    },
  },
  {
    id: "noauth-auth-routes-absent",
    title: "Auth off: /auth/* does not exist (POST → 405)",
    covers: "§6, §12",
    noAuth: true,
    async run(ctx) {
      expect((await ctx.req("login", "POST", "/auth/login", { noAuth: true, json: { email: "admin@localhost", password: "admin" } })).status).toBe(405);
      expect((await ctx.req("refresh", "POST", "/auth/refresh", { noAuth: true })).status).toBe(405);
    },
  },
];
