/** Which credentials Phoenix accepts: bearer and cookie rules, the admin secret, forged and malformed tokens. */
import { signJwt } from "../jwt.js";
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase, Credentials } from "../harness.js";


async function expect401(ctx: CaseContext, label: string, credentials: Credentials): Promise<void> {
  const res = await ctx.req(label, "GET", "/v1/user", credentials);
  expect([res.status, res.text], label).toEqual([401, "Invalid token"]);
}

function jtiOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { jti: string }).jti;
}

export const tokenCases: ConformanceCase[] = [
  {
    id: "bearer-access-token",
    title: "An access token works as Bearer (scheme case-insensitive) and as the phoenix-access-token cookie",
    covers: "§5.2, §6.1",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      expect((await ctx.req("bearer", "GET", "/v1/user", { bearer: session.access })).status).toBe(200);
      expect((await ctx.req("lower-case-scheme", "GET", "/v1/user", { authorization: `bearer ${session.access}` })).status).toBe(200);
      expect((await ctx.req("upper-case-scheme", "GET", "/v1/user", { authorization: `BEARER ${session.access}` })).status).toBe(200);
      expect((await ctx.req("cookie", "GET", "/v1/user", { cookies: { "phoenix-access-token": session.access } })).status).toBe(200);
    },
  },
  {
    id: "bearer-malformed",
    title: "Malformed Authorization (two spaces, empty token, no token) → 401",
    covers: "§5.2, §15.6 #56",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      await expect401(ctx, "two-spaces", { authorization: `Bearer  ${session.access}` });
      await expect401(ctx, "empty-token", { authorization: "Bearer " });
      await expect401(ctx, "scheme-only", { authorization: "Bearer" });
      await expect401(ctx, "token-without-scheme", { authorization: session.access });
    },
  },
  {
    id: "authorization-suppresses-cookie",
    title: "A non-Bearer or invalid Authorization header wins over a valid access cookie (→ 401)",
    covers: "§5.2, §14 #12",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const cookies = { "phoenix-access-token": session.access };
      await expect401(ctx, "basic-plus-cookie", { authorization: "Basic Zm9vOmJhcg==", cookies });
      await expect401(ctx, "bad-bearer-plus-cookie", { bearer: "garbage", cookies });
    },
  },
  {
    id: "admin-secret-bearer",
    title: "PHOENIX_ADMIN_SECRET works only as Bearer; PHOENIX_SECRET and api_key/x-api-key headers do not authenticate",
    covers: "§5.2, §11.3",
    async run(ctx) {
      expect((await ctx.req("admin-secret", "GET", "/v1/user", ctx.admin)).status).toBe(200);
      await expect401(ctx, "phoenix-secret", { bearer: ctx.target.secret });
      const apiKeyHeader = await ctx.req("api_key-header", "GET", "/v1/user", { headers: { api_key: ctx.target.adminSecret } });
      expect(apiKeyHeader.status).toBe(401);
      const xApiKey = await ctx.req("x-api-key-header", "GET", "/v1/user", { headers: { "x-api-key": ctx.target.adminSecret } });
      expect(xApiKey.status).toBe(401);
      await expect401(ctx, "admin-secret-as-cookie", { cookies: { "phoenix-access-token": ctx.target.adminSecret } });
    },
  },
  {
    id: "token-forged-with-secret",
    title: "A token signed with PHOENIX_SECRET over a live jti is accepted (same key and format); unknown jti or no jti → 401",
    covers: "§4.2, §4.3",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const sign = async (payload: Record<string, unknown>) => signJwt(payload, "HS256", ctx.target.secret);
      const forged = await sign({ jti: jtiOf(session.access) });
      expect(forged).toBe(session.access);
      expect((await ctx.req("forged-live", "GET", "/v1/user", { bearer: forged })).status).toBe(200);
      await expect401(ctx, "unknown-jti", { bearer: await sign({ jti: "AccessToken:999999999" }) });
      await expect401(ctx, "unknown-api-key-jti", { bearer: await sign({ jti: "ApiKey:999999999" }) });
      await expect401(ctx, "no-jti", { bearer: await sign({ sub: "User:2" }) });
      await expect401(ctx, "bad-kind", { bearer: await sign({ jti: "User:2" }) });
    },
  },
  {
    id: "token-bad-algorithms",
    title: "alg none, HS384, HS512 and a wrong secret → 401 Invalid token, even for a live jti",
    covers: "§4.3",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const payload = { jti: jtiOf(session.access) };
      await expect401(ctx, "alg-none", { bearer: signJwt(payload, "none", "") });
      for (const alg of ["HS384", "HS512"] as const) {
        await expect401(ctx, alg, { bearer: signJwt(payload, alg, ctx.target.secret) });
      }
      const wrong = signJwt(payload, "HS256", `${ctx.target.secret.slice(1)}x`);
      await expect401(ctx, "wrong-secret", { bearer: wrong });
    },
  },
  {
    id: "token-truncated",
    title: "Truncated tokens (signature, header or payload cut) → 401, as bearer and as cookie on GraphQL",
    covers: "§15.4 #30",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const [h = "", p = "", s = ""] = session.access.split(".");
      await expect401(ctx, "signature-cut", { bearer: `${h}.${p}.${s.slice(0, -4)}` });
      await expect401(ctx, "header-cut", { bearer: `${h.slice(4)}.${p}.${s}` });
      await expect401(ctx, "payload-cut", { bearer: `${h}.${p.slice(0, -3)}.${s}` });
      const mutation = "mutation{createUserApiKey(input:{name:\"x\"}){jwt}}";
      const cookieHeaderCut = await ctx.gql("graphql-cookie-header-cut", mutation, {}, { cookies: { "phoenix-access-token": `${h.slice(4)}.${p}.${s}` } });
      expect(cookieHeaderCut.status).toBe(401);
      const cookiePayloadCut = await ctx.gql("graphql-cookie-payload-cut", mutation, {}, { cookies: { "phoenix-access-token": `${h}.${p.slice(0, -3)}.${s}` } });
      expect(cookiePayloadCut.status).toBe(401);
    },
  },
  {
    id: "refresh-token-as-credential",
    title: "A refresh token is not a credential: as Bearer or as the access cookie → 401",
    covers: "§5.2",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      await expect401(ctx, "bearer", { bearer: session.refresh });
      await expect401(ctx, "access-cookie", { cookies: { "phoenix-access-token": session.refresh } });
      await expect401(ctx, "refresh-cookie-only", { cookies: { "phoenix-refresh-token": session.refresh } });
    },
  },
];
