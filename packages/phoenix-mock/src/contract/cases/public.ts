/** Endpoints open without credentials, CSRF origin checks, the 401 challenge, unknown routes. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";

const CHALLENGE = /^Bearer realm="Arize Phoenix", resource_metadata="<origin>\/\.well-known\/oauth-protected-resource"$/;

export const publicCases: ConformanceCase[] = [
  {
    id: "healthz",
    title: "GET /healthz is open with auth on and has no challenge",
    covers: "§15.1 #2, #88",
    async run(ctx) {
      const res = await ctx.req("healthz", "GET", "/healthz");
      expect(res.status).toBe(200);
      expect(res.text).toBe("OK");
      expect(res.headers.get("www-authenticate")).toBeNull();
    },
  },
  {
    id: "readyz",
    title: "GET /readyz answers 200 {}",
    covers: "§12",
    async run(ctx) {
      const res = await ctx.req("readyz", "GET", "/readyz");
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({});
    },
  },
  {
    id: "version-endpoint",
    title: "GET /arize_phoenix_version names the version, as does x-phoenix-server-version",
    covers: "§12",
    async run(ctx) {
      const res = await ctx.req("version", "GET", "/arize_phoenix_version");
      expect(res.status).toBe(200);
      expect(res.text).toBe(res.headers.get("x-phoenix-server-version"));
    },
  },
  {
    id: "oauth-protected-resource",
    title: "GET /.well-known/oauth-protected-resource describes the resource (auth on)",
    covers: "§12",
    async run(ctx) {
      const res = await ctx.req("metadata", "GET", "/.well-known/oauth-protected-resource");
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ resource_name: "Arize Phoenix", bearer_methods_supported: ["header"] });
    },
  },
  {
    id: "unauthenticated-401",
    title: "No credentials on /v1 → 401 Invalid token with the WWW-Authenticate challenge",
    covers: "§15.11 #88",
    async run(ctx) {
      const res = await ctx.req("projects", "GET", "/v1/projects");
      expect(res.status).toBe(401);
      expect(res.text).toBe("Invalid token");
      expect(ctx.observation.steps[0]?.headers["www-authenticate"]).toMatch(CHALLENGE);
      const user = await ctx.req("user", "GET", "/v1/user");
      expect(user.status).toBe(401);
    },
  },
  {
    id: "csrf-healthz",
    title: "CSRF: Origin/Referer hostnames outside PHOENIX_CSRF_TRUSTED_ORIGINS → 401 untrusted origin/referer",
    covers: "§15.1 #3-#8",
    async run(ctx) {
      expect((await ctx.req("origin-localhost", "GET", "/healthz", { headers: { origin: "http://localhost" } })).status).toBe(200);
      expect((await ctx.req("referer-localhost", "GET", "/healthz", { headers: { referer: "http://localhost/xyz" } })).status).toBe(200);
      expect((await ctx.req("origin-other-port", "GET", "/healthz", { headers: { origin: "http://localhost:9999" } })).status).toBe(200);
      const origin = await ctx.req("origin-xyz", "GET", "/healthz", { headers: { origin: "http://xyz.com" } });
      expect([origin.status, origin.text]).toEqual([401, "untrusted origin"]);
      const referer = await ctx.req("referer-xyz", "GET", "/healthz", { headers: { referer: "http://xyz.com/xyz" } });
      expect([referer.status, referer.text]).toEqual([401, "untrusted referer"]);
      const both1 = await ctx.req("origin-xyz-referer-localhost", "GET", "/healthz", { headers: { origin: "http://xyz.com", referer: "http://localhost/" } });
      expect(both1.status).toBe(401);
      const both2 = await ctx.req("origin-localhost-referer-xyz", "GET", "/healthz", { headers: { origin: "http://localhost", referer: "http://xyz.com/" } });
      expect(both2.status).toBe(401);
    },
  },
  {
    id: "csrf-before-auth",
    title: "CSRF is checked before credentials (bad Origin without credentials → untrusted origin, also on /v1/traces)",
    covers: "§5.1, §11.1",
    async run(ctx) {
      const res = await ctx.req("user", "GET", "/v1/user", { headers: { origin: "http://xyz.com" } });
      expect([res.status, res.text]).toEqual([401, "untrusted origin"]);
      const traces = await ctx.req("traces", "POST", "/v1/traces", {
        ...ctx.admin,
        headers: { origin: "http://evil.example", "content-type": "application/x-protobuf" },
        body: new Uint8Array(),
      });
      expect([traces.status, traces.text]).toEqual([401, "untrusted origin"]);
    },
  },
  {
    id: "method-not-allowed",
    title: "A method a path does not serve → 405 Method Not Allowed, before any auth check",
    covers: "§12",
    async run(ctx) {
      const post = await ctx.req("post-unknown", "POST", "/v1/nope");
      expect([post.status, post.text]).toEqual([405, "Method Not Allowed"]);
      expect((await ctx.req("post-unknown-admin", "POST", "/v1/nope", ctx.admin)).status).toBe(405);
      expect((await ctx.req("delete-user", "DELETE", "/v1/user", ctx.admin)).status).toBe(405);
      expect((await ctx.req("put-traces", "PUT", "/v1/traces", ctx.admin)).status).toBe(405);
      expect((await ctx.req("post-logout", "POST", "/auth/logout")).status).toBe(405);
    },
  },
  {
    id: "unknown-get",
    title: "An unknown GET path outside /.well-known/: Phoenix serves its web UI (200 HTML)",
    covers: "§12",
    async run(ctx) {
      const res = await ctx.req("get-unknown-v1", "GET", "/v1/nope", ctx.admin);
      expect(res.status).toBe(200);
    },
  },
  {
    id: "unknown-well-known",
    title: "An unknown path under /.well-known/ → 404 Not Found",
    covers: "§12",
    async run(ctx) {
      const wk = await ctx.req("get-unknown-well-known", "GET", "/.well-known/nope");
      expect([wk.status, wk.text]).toEqual([404, "Not Found"]);
    },
  },
];
