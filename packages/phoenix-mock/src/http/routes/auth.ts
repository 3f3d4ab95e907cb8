import type { RequestContext } from "../context.js";
import { ACCESS_TOKEN_COOKIE, LOGOUT_DELETED_COOKIES, REFRESH_TOKEN_COOKIE, deletedCookie, sessionCookie } from "../cookies.js";
import { HttpError, PhoenixUnhandledError } from "../errors.js";
import type { Route } from "../router.js";

/**
 * `request.json()` followed by `data.get(...)`, as Phoenix's /auth handlers do: a body that is not a JSON object
 * is an unhandled exception there (a bare 500).
 */
async function jsonObject(ctx: RequestContext): Promise<Record<string, unknown>> {
  let data: unknown;
  try {
    data = JSON.parse(await ctx.request.text());
  } catch {
    throw new PhoenixUnhandledError("the request body is not JSON");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new PhoenixUnhandledError("the JSON body is not an object");
  return data as Record<string, unknown>;
}

/** 204 with the two session cookies (`_create_auth_response`). */
function sessionResponse(ctx: RequestContext, tokens: { accessToken: string; refreshToken: string }): Response {
  const { config } = ctx.state;
  const headers = new Headers();
  headers.append("set-cookie", sessionCookie(config, ACCESS_TOKEN_COOKIE, tokens.accessToken, config.accessTokenExpiryMinutes));
  headers.append("set-cookie", sessionCookie(config, REFRESH_TOKEN_COOKIE, tokens.refreshToken, config.refreshTokenExpiryMinutes));
  return new Response(null, { status: 204, headers });
}

async function login(ctx: RequestContext): Promise<Response> {
  const data = await jsonObject(ctx);
  const { email, password } = data;
  // A truthy non-string reaches Python string methods in Phoenix and fails there.
  if (email && password && (typeof email !== "string" || typeof password !== "string")) {
    throw new PhoenixUnhandledError("email or password is not a string");
  }
  return sessionResponse(ctx, await ctx.state.model.sessions.login(email, password));
}

async function refresh(ctx: RequestContext): Promise<Response> {
  const refreshToken = ctx.cookies.get(REFRESH_TOKEN_COOKIE);
  if (refreshToken === undefined) throw new HttpError(401, "Missing refresh token");
  return sessionResponse(ctx, await ctx.state.model.sessions.refresh(refreshToken, ctx.cookies.get(ACCESS_TOKEN_COOKIE)));
}

/** Logs the caller out everywhere (by credential, else by refresh cookie) and deletes Phoenix's four cookies. */
async function logout(ctx: RequestContext): Promise<Response> {
  const { model } = ctx.state;
  await model.sessions.logOut(ctx.principal?.user.id, ctx.cookies.get(REFRESH_TOKEN_COOKIE));
  const headers = new Headers({ location: "/login", "content-length": "0" });
  for (const name of LOGOUT_DELETED_COOKIES) headers.append("set-cookie", deletedCookie(name, model.now()));
  return new Response(null, { status: 302, headers });
}

/** Phoenix without SMTP: an email is required, then 503. */
async function passwordResetEmail(ctx: RequestContext): Promise<Response> {
  const data = await jsonObject(ctx);
  if (!data.email) throw new HttpError(422, "Email required");
  throw new HttpError(503, "SMTP server not configured");
}

/** Without SMTP no reset token is ever issued, so every token is invalid once a password is given. */
async function passwordReset(ctx: RequestContext): Promise<Response> {
  const data = await jsonObject(ctx);
  if (!data.password) throw new HttpError(422, "Password required");
  throw new HttpError(401, "Invalid token");
}

/** Phoenix mounts /auth only when auth is on. Every route is behind the per-IP limiter. */
export const authRoutes: Route[] = [
  { method: "POST", path: "/auth/login", guard: "public", rateLimited: "auth", handler: login },
  { method: "GET", path: "/auth/logout", guard: "public", rateLimited: "auth", handler: logout },
  { method: "POST", path: "/auth/refresh", guard: "public", rateLimited: "auth", handler: refresh },
  { method: "POST", path: "/auth/password-reset-email", guard: "public", rateLimited: "auth", handler: passwordResetEmail },
  { method: "POST", path: "/auth/password-reset", guard: "public", rateLimited: "auth", handler: passwordReset },
];

