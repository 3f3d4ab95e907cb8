/** Bootstrap users, login, logout, refresh, token format, brute-force lockout. */
import { expect } from "../expect.js";
import { generatePassword } from "../secrets.js";
import type { CaseContext, ConformanceCase } from "../harness.js";

const ACCESS_COOKIE = /^phoenix-access-token=<jwt \{"typ":"JWT","alg":"HS256"\} AccessToken>; HttpOnly; Max-Age=600; Path=\/; SameSite=strict$/;
const REFRESH_COOKIE = /^phoenix-refresh-token=<jwt \{"typ":"JWT","alg":"HS256"\} RefreshToken>; HttpOnly; Max-Age=604800; Path=\/; SameSite=strict$/;

function lastStep(ctx: CaseContext) {
  const step = ctx.observation.steps.at(-1);
  if (!step) throw new Error("no step recorded");
  return step;
}

function jti(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { jti: string };
  return payload.jti;
}

export const sessionCases: ConformanceCase[] = [
  {
    id: "bootstrap-default-admin",
    title: "The default admin admin@localhost logs in with the bootstrap password; User:2, ADMIN, password_needs_reset",
    covers: "§2, §15.2 #9",
    async run(ctx) {
      const login = await ctx.req("login", "POST", "/auth/login", { json: { email: "admin@localhost", password: ctx.target.adminPassword } });
      expect(login.status).toBe(204);
      const access = login.cookie("phoenix-access-token")!;
      // password_needs_reset and updated_at depend on whether anyone changed the password before: not recorded.
      const me = await ctx.status("me", "GET", "/v1/user", { bearer: access });
      const { id, email, username, role, auth_method } = me.json().data;
      ctx.note("me", { id, email, username, role, auth_method });
      expect({ id, email, username, role, auth_method }).toEqual({ id: "VXNlcjoy", email: "admin@localhost", username: "admin", role: "ADMIN", auth_method: "LOCAL" });
      await ctx.send("GET", "/auth/logout", { cookies: { "phoenix-access-token": access } });
    },
  },
  {
    id: "bootstrap-system-user",
    title: "The admin secret authenticates as the system user User:1 (role SYSTEM)",
    covers: "§2, §5.2",
    async run(ctx) {
      const me = await ctx.req("me", "GET", "/v1/user", ctx.admin);
      expect(me.status).toBe(200);
      expect(me.json().data).toMatchObject({ id: "VXNlcjox", email: "system@localhost", username: "system", role: "SYSTEM", password_needs_reset: false });
    },
  },
  {
    id: "login-success",
    title: "Login → 204, empty body, access and refresh cookies with Phoenix's exact attributes",
    covers: "§6.1, §15.2 #9",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const res = await ctx.req("login", "POST", "/auth/login", { json: { email: user.email, password: user.password } });
      expect(res.status).toBe(204);
      expect(res.text).toBe("");
      expect(lastStep(ctx).setCookie).toHaveLength(2);
      expect(lastStep(ctx).setCookie[0]).toMatch(ACCESS_COOKIE);
      expect(lastStep(ctx).setCookie[1]).toMatch(REFRESH_COOKIE);
    },
  },
  {
    id: "login-each-role",
    title: "VIEWER, MEMBER and ADMIN users log in; GET /v1/user shows each role",
    covers: "§15.2 #9",
    async run(ctx) {
      for (const role of ["VIEWER", "MEMBER", "ADMIN"] as const) {
        const user = await ctx.createUser(role);
        const session = await ctx.login(user);
        const me = await ctx.req(`me-${role}`, "GET", "/v1/user", { cookies: { "phoenix-access-token": session.access } });
        expect(me.json().data.role).toBe(role);
      }
    },
  },
  {
    id: "login-sessions-coexist",
    title: "Several logins of one user coexist; every access token works",
    covers: "§15.2 #10",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const sessions = [];
      for (let i = 0; i < 3; i += 1) sessions.push(await ctx.login(user));
      for (const [i, session] of sessions.entries()) {
        expect((await ctx.req(`session-${i}`, "GET", "/v1/user", { bearer: session.access })).status).toBe(200);
      }
      expect(new Set(sessions.map((s) => jti(s.access))).size).toBe(3);
    },
  },
  {
    id: "login-email-case",
    title: "Login trims and lower-cases the email",
    covers: "§15.2 #11",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const res = await ctx.req("login", "POST", "/auth/login", { json: { email: `  ${user.email.toUpperCase()} `, password: user.password } });
      expect(res.status).toBe(204);
    },
  },
  {
    id: "login-failures",
    title: "Login failures: empty password, missing fields, wrong password, unknown email → 401 with Phoenix's texts",
    covers: "§6.1, §15.2 #12-#13",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const empty = await ctx.req("empty-password", "POST", "/auth/login", { json: { email: user.email, password: "" } });
      expect([empty.status, empty.text]).toEqual([401, "Email and password required"]);
      const missing = await ctx.req("missing-fields", "POST", "/auth/login", { json: {} });
      expect([missing.status, missing.text]).toEqual([401, "Email and password required"]);
      const wrong = await ctx.req("wrong-password", "POST", "/auth/login", { json: { email: user.email, password: generatePassword("pw-") } });
      expect([wrong.status, wrong.text]).toEqual([401, "Invalid email and/or password"]);
      const unknown = await ctx.req("unknown-email", "POST", "/auth/login", { json: { email: ctx.unique("ghost") + "@example.com", password: generatePassword("pw-") } });
      expect([unknown.status, unknown.text]).toEqual([401, "Invalid email and/or password"]);
    },
  },
  {
    id: "login-deleted-user",
    title: "A user deleted with GraphQL deleteUsers can no longer log in; their session and refresh token die",
    covers: "§15.2 #14, §15.5 #48",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const session = await ctx.login(user);
      const del = await ctx.gql("delete", "mutation($ids:[ID!]!){deleteUsers(input:{userIds:$ids}){userIds}}", { ids: [user.id] }, ctx.admin);
      expect(del.json().data.deleteUsers.userIds).toEqual([user.id]);
      expect((await ctx.req("login", "POST", "/auth/login", { json: { email: user.email, password: user.password } })).status).toBe(401);
      expect((await ctx.req("session", "GET", "/v1/user", { bearer: session.access })).status).toBe(401);
      expect((await ctx.req("refresh", "POST", "/auth/refresh", { cookies: { "phoenix-refresh-token": session.refresh } })).status).toBe(401);
    },
  },
  {
    id: "logout-all-sessions",
    title: "GET /auth/logout → 302 /login, deletes the four cookies, and ends every session of the user",
    covers: "§6.2, §15.4 #26",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const first = await ctx.login(user);
      const second = await ctx.login(user);
      const out = await ctx.req("logout", "GET", "/auth/logout", { cookies: first.cookies });
      expect(out.status).toBe(302);
      expect(out.headers.get("location")).toBe("/login");
      expect(lastStep(ctx).setCookie).toEqual([
        'phoenix-access-token=""; expires=<http-date>; Max-Age=0; Path=/; SameSite=lax',
        'phoenix-refresh-token=""; expires=<http-date>; Max-Age=0; Path=/; SameSite=lax',
        'phoenix-oauth2-state=""; expires=<http-date>; Max-Age=0; Path=/; SameSite=lax',
        'phoenix-oauth2-nonce=""; expires=<http-date>; Max-Age=0; Path=/; SameSite=lax',
      ]);
      expect((await ctx.req("first", "GET", "/v1/user", { cookies: { "phoenix-access-token": first.access } })).status).toBe(401);
      expect((await ctx.req("second", "GET", "/v1/user", { bearer: second.access })).status).toBe(401);
      expect((await ctx.req("second-refresh", "POST", "/auth/refresh", { cookies: { "phoenix-refresh-token": second.refresh } })).status).toBe(401);
    },
  },
  {
    id: "logout-refresh-cookie-only",
    title: "Logout with only the refresh cookie → 302 and the user's sessions end",
    covers: "§6.2, §15.4 #27",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const session = await ctx.login(user);
      const out = await ctx.req("logout", "GET", "/auth/logout", { cookies: { "phoenix-refresh-token": session.refresh } });
      expect(out.status).toBe(302);
      expect((await ctx.req("access", "GET", "/v1/user", { bearer: session.access })).status).toBe(401);
    },
  },
  {
    id: "logout-anonymous",
    title: "Anonymous GET /auth/logout → 302 with the four cookie deletions",
    covers: "§15.4 #28",
    async run(ctx) {
      const out = await ctx.req("logout", "GET", "/auth/logout");
      expect(out.status).toBe(302);
      expect(out.setCookies).toHaveLength(4);
    },
  },
  {
    id: "refresh-rotation",
    title: "POST /auth/refresh → 204 with a new pair; the old access and refresh tokens are dead, the new ones work",
    covers: "§6.3, §15.4 #31",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const old = await ctx.login(user);
      const res = await ctx.req("refresh", "POST", "/auth/refresh", { cookies: old.cookies });
      expect(res.status).toBe(204);
      expect(lastStep(ctx).setCookie[0]).toMatch(ACCESS_COOKIE);
      expect(lastStep(ctx).setCookie[1]).toMatch(REFRESH_COOKIE);
      const access = res.cookie("phoenix-access-token")!;
      const refresh = res.cookie("phoenix-refresh-token")!;
      expect(access).not.toBe(old.access);
      expect((await ctx.req("new-access", "GET", "/v1/user", { cookies: { "phoenix-access-token": access } })).status).toBe(200);
      expect((await ctx.req("old-access", "GET", "/v1/user", { bearer: old.access })).status).toBe(401);
      const replay = await ctx.req("replay-old-refresh", "POST", "/auth/refresh", { cookies: { "phoenix-refresh-token": old.refresh } });
      expect([replay.status, replay.text]).toEqual([401, "Invalid refresh token"]);
      const again = await ctx.req("new-refresh", "POST", "/auth/refresh", { cookies: { "phoenix-refresh-token": refresh } });
      expect(again.status).toBe(204);
    },
  },
  {
    id: "refresh-errors",
    title: "Refresh without the cookie → Missing refresh token; with an access token or garbage → Invalid refresh token",
    covers: "§6.3",
    async run(ctx) {
      const missing = await ctx.req("missing", "POST", "/auth/refresh");
      expect([missing.status, missing.text]).toEqual([401, "Missing refresh token"]);
      const user = await ctx.createUser("MEMBER");
      const session = await ctx.login(user);
      const wrongKind = await ctx.req("access-as-refresh", "POST", "/auth/refresh", { cookies: { "phoenix-refresh-token": session.access } });
      expect([wrongKind.status, wrongKind.text]).toEqual([401, "Invalid refresh token"]);
      const garbage = await ctx.req("garbage", "POST", "/auth/refresh", { cookies: { "phoenix-refresh-token": "garbage" } });
      expect([garbage.status, garbage.text]).toEqual([401, "Invalid refresh token"]);
    },
  },
  {
    id: "refresh-two-browsers",
    title: "Two browsers: refresh in one, log in again in another; logout in the first ends both",
    covers: "§15.4 #31",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const first = await ctx.login(user);
      const refreshed = await ctx.req("refresh", "POST", "/auth/refresh", { cookies: first.cookies });
      const access = refreshed.cookie("phoenix-access-token")!;
      const second = await ctx.login(user);
      expect((await ctx.req("second-works", "GET", "/graphql", { bearer: second.access })).status).toBe(200);
      await ctx.req("logout-first", "GET", "/auth/logout", { cookies: { "phoenix-access-token": access } });
      expect((await ctx.req("first-after", "POST", "/graphql", { bearer: access, json: { query: "{viewer{id}}" } })).status).toBe(401);
      expect((await ctx.req("second-after", "POST", "/graphql", { bearer: second.access, json: { query: "{viewer{id}}" } })).status).toBe(401);
    },
  },
  {
    id: "token-format",
    title: "Tokens are HS256 JWTs whose payload is only a jti; jtis never repeat across logins and users",
    covers: "§4.2, §15.4 #29",
    async run(ctx) {
      const a = await ctx.createUser("MEMBER");
      const b = await ctx.createUser("VIEWER");
      const jtis: string[] = [];
      for (const user of [a, b, a]) {
        const session = await ctx.login(user);
        for (const token of [session.access, session.refresh]) {
          const [header, payload] = token.split(".").slice(0, 2).map((s) => Buffer.from(s ?? "", "base64url").toString("utf8"));
          expect(header).toBe('{"typ":"JWT","alg":"HS256"}');
          expect(Object.keys(JSON.parse(payload ?? "{}"))).toEqual(["jti"]);
          jtis.push(jti(token));
        }
        await ctx.send("GET", "/auth/logout", { cookies: session.cookies });
      }
      expect(new Set(jtis).size).toBe(jtis.length);
      ctx.note("jti kinds", jtis.map((id) => id.split(":")[0]));
    },
  },
  {
    id: "brute-force-lockout",
    title: "5 wrong passwords → 401 each; then even the right password → 429",
    covers: "§6.6, §15.8 #62, #64",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const wrongPassword = generatePassword("pw-");
      for (let i = 1; i <= 5; i += 1) {
        expect((await ctx.req(`wrong-${i}`, "POST", "/auth/login", { json: { email: user.email, password: wrongPassword } })).status).toBe(401);
      }
      const locked = await ctx.req("correct-while-locked", "POST", "/auth/login", { json: { email: user.email, password: user.password } });
      expect([locked.status, locked.text]).toEqual([429, "Too many failed login attempts. Please try again later."]);
      const cased = await ctx.req("other-case-while-locked", "POST", "/auth/login", { json: { email: user.email.toUpperCase(), password: wrongPassword } });
      expect(cased.status).toBe(429);
    },
  },
  {
    id: "brute-force-reset-on-success",
    title: "4 wrong, the right password (204), 4 wrong again → all 401, no lockout; empty passwords do not count",
    covers: "§6.6, §15.8 #63",
    async run(ctx) {
      const user = await ctx.createUser("MEMBER");
      const attempt = (label: string, password: string) => ctx.req(label, "POST", "/auth/login", { json: { email: user.email, password } });
      const wrongPassword = generatePassword("pw-");
      for (let i = 1; i <= 4; i += 1) expect((await attempt(`wrong-${i}`, wrongPassword)).status).toBe(401);
      expect((await attempt("correct", user.password)).status).toBe(204);
      for (let i = 5; i <= 8; i += 1) expect((await attempt(`wrong-${i}`, wrongPassword)).status).toBe(401);
      for (let i = 1; i <= 3; i += 1) expect((await attempt(`empty-${i}`, "")).status).toBe(401);
      expect((await attempt("correct-again", user.password)).status).toBe(204);
    },
  },
  {
    id: "brute-force-unknown-email",
    title: "Unknown emails are counted too: the 6th attempt → 429",
    covers: "§6.6",
    async run(ctx) {
      const email = `${ctx.unique("ghost")}@example.com`;
      const password = generatePassword("pw-");
      for (let i = 1; i <= 5; i += 1) {
        expect((await ctx.req(`attempt-${i}`, "POST", "/auth/login", { json: { email, password } })).status).toBe(401);
      }
      expect((await ctx.req("attempt-6", "POST", "/auth/login", { json: { email, password } })).status).toBe(429);
    },
  },
];
