/** Agent-auth discovery: /auth.md, and the wildcard CORS of Phoenix's anonymous surfaces (/.well-known/*, /oauth2/token, …). */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase, Exchange, RequestOptions } from "../harness.js";

const CROSS_ORIGIN = "http://client.example";

/** The CORS headers of an answer, and Phoenix's two own headers (its preflight answer has neither): not in RECORDED_HEADERS. */
function corsHeaders(res: Exchange): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of res.headers) if (name.startsWith("access-control-")) out[name] = value;
  out.vary = res.headers.get("vary");
  out["x-colab-notebook-cache-control"] = res.headers.get("x-colab-notebook-cache-control");
  return out;
}

/** A recorded request whose CORS headers are noted too. */
async function withCors(ctx: CaseContext, label: string, method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
  const res = await ctx.req(label, method, path, options);
  ctx.note(`${label}: cors`, corsHeaders(res));
  return res;
}

function preflight(method: string, requestedHeaders?: string): Record<string, string> {
  return {
    origin: CROSS_ORIGIN,
    "access-control-request-method": method,
    ...(requestedHeaders ? { "access-control-request-headers": requestedHeaders } : {}),
  };
}

export const discoveryCases: ConformanceCase[] = [
  {
    id: "auth-md",
    title: "GET /auth.md (auth on, the authorization server on by default) → Phoenix's markdown guide; HEAD too; POST → 405",
    covers: "issue #25 (2)",
    async run(ctx) {
      const res = await ctx.req("get", "GET", "/auth.md");
      expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/markdown; charset=utf-8"]);
      expect(res.text).toContain(`**Resource:** ${ctx.target.baseUrl}\n`);
      expect(res.text).toContain("## OAuth2 authorization code flow");
      const head = await ctx.req("head", "HEAD", "/auth.md");
      expect([head.status, head.text]).toEqual([200, ""]);
      expect((await ctx.req("post", "POST", "/auth.md")).status).toBe(405);
    },
  },
  {
    id: "noauth-auth-md",
    title: "Auth off: GET /auth.md → the guide that says no credentials are needed",
    covers: "issue #25 (2)",
    noAuth: true,
    async run(ctx) {
      const res = await ctx.req("get", "GET", "/auth.md", { noAuth: true });
      expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/markdown; charset=utf-8"]);
      expect(res.text).toContain("running **without authentication**");
    },
  },
  {
    id: "well-known-cors",
    title: "Anonymous surfaces (/.well-known/*, /oauth2/token): wildcard CORS on answers to an Origin, preflights answered first; other paths get none",
    covers: "issue #25 (2)",
    async run(ctx) {
      const metadata = await withCors(ctx, "metadata-cross-origin", "GET", "/.well-known/oauth-protected-resource", { headers: { origin: CROSS_ORIGIN } });
      expect([metadata.status, metadata.headers.get("access-control-allow-origin")]).toEqual([200, "*"]);
      const plain = await withCors(ctx, "metadata-no-origin", "GET", "/.well-known/oauth-protected-resource");
      expect(plain.headers.get("access-control-allow-origin")).toBeNull();
      const pre = await withCors(ctx, "preflight-metadata", "OPTIONS", "/.well-known/oauth-protected-resource", {
        headers: preflight("GET", "authorization, content-type"),
      });
      expect([pre.status, pre.text, pre.headers.get("access-control-allow-headers")]).toEqual([200, "OK", "authorization, content-type"]);
      await withCors(ctx, "preflight-discovery", "OPTIONS", "/.well-known/oauth-authorization-server", { headers: preflight("GET") });
      await withCors(ctx, "preflight-token", "OPTIONS", "/oauth2/token", { headers: preflight("POST", "content-type") });
      const options = await withCors(ctx, "options-without-request-method", "OPTIONS", "/.well-known/oauth-protected-resource", {
        headers: { origin: CROSS_ORIGIN },
      });
      expect(options.status).toBe(405);
      expect((await withCors(ctx, "unknown-cross-origin", "GET", "/.well-known/nope", { headers: { origin: CROSS_ORIGIN } })).status).toBe(404);
      // Outside the anonymous surfaces: no CORS layer; the CSRF check sees a foreign origin.
      const trusted = await withCors(ctx, "preflight-v1-trusted-origin", "OPTIONS", "/v1/projects", {
        headers: { ...preflight("GET"), origin: "http://localhost" },
      });
      expect([trusted.status, trusted.headers.get("access-control-allow-origin")]).toEqual([405, null]);
      const foreign = await withCors(ctx, "preflight-v1-foreign-origin", "OPTIONS", "/v1/projects", { headers: preflight("GET") });
      expect([foreign.status, foreign.text]).toEqual([401, "untrusted origin"]);
      await withCors(ctx, "auth-md-trusted-origin", "GET", "/auth.md", { headers: { origin: "http://localhost" } });
    },
  },
  {
    id: "noauth-well-known-cors",
    title: "Auth off: the same wildcard CORS and preflight on /.well-known/*",
    covers: "issue #25 (2)",
    noAuth: true,
    async run(ctx) {
      const metadata = await withCors(ctx, "metadata-cross-origin", "GET", "/.well-known/oauth-protected-resource", {
        noAuth: true,
        headers: { origin: CROSS_ORIGIN },
      });
      expect(metadata.headers.get("access-control-allow-origin")).toBe("*");
      const pre = await withCors(ctx, "preflight-metadata", "OPTIONS", "/.well-known/oauth-protected-resource", {
        noAuth: true,
        headers: preflight("GET", "authorization"),
      });
      expect([pre.status, pre.text]).toEqual([200, "OK"]);
      await withCors(ctx, "discovery-cross-origin", "GET", "/.well-known/oauth-authorization-server", { noAuth: true, headers: { origin: CROSS_ORIGIN } });
    },
  },
];
