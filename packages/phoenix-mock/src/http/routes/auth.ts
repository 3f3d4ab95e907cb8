import type { RequestContext } from "../context.js";
import { ACCESS_TOKEN_COOKIE, LOGOUT_DELETED_COOKIES, REFRESH_TOKEN_COOKIE, deletedCookie, sessionCookie } from "../cookies.js";
import { HttpError, PhoenixUnhandledError } from "../errors.js";
import type { Route } from "../router.js";
import { sendEmail } from "../../smtp/client.js";
import { passwordResetEmailMessage } from "../../smtp/messages.js";

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

/**
 * An email is required; without SMTP, 503. With it: 204 whether or not the user exists; for a user, a new one-time
 * reset token (revoking any earlier one) is emailed as a link to /reset-password-with-token on the referring origin.
 */
async function passwordResetEmail(ctx: RequestContext): Promise<Response> {
  const data = await jsonObject(ctx);
  if (!data.email) throw new HttpError(422, "Email required");
  if (typeof data.email !== "string") throw new PhoenixUnhandledError("email is not a string");
  const { smtp } = ctx.state.config;
  if (!smtp) throw new HttpError(503, "SMTP server not configured");
  const issued = await ctx.state.model.passwordResets.issue(data.email);
  if (issued) {
    const link = `${resetOrigin(ctx)}/reset-password-with-token?${new URLSearchParams({ token: issued.token })}`;
    try {
      await sendEmail(smtp, passwordResetEmailMessage(issued.user.email, link), ctx.state.log);
    } catch (error) {
      throw new PhoenixUnhandledError(error instanceof Error ? error.message : "sending the email failed");
    }
  }
  return new Response(null, { status: 204 });
}

/** The link's origin: the Referer's scheme and host (the page that asked), else the request's own origin. */
function resetOrigin(ctx: RequestContext): string {
  const referer = ctx.request.headers.get("referer");
  try {
    if (referer) return new URL(referer).origin;
  } catch {
    return "";
  }
  return ctx.url.origin;
}

/** A password is required; then the emailed token must be live; the password must meet the policy. */
async function passwordReset(ctx: RequestContext): Promise<Response> {
  const data = await jsonObject(ctx);
  if (!data.password) throw new HttpError(422, "Password required");
  const { passwordResets, users } = ctx.state.model;
  const found = typeof data.token === "string" && data.token ? await passwordResets.read(data.token) : undefined;
  if (!found) throw new HttpError(401, "Invalid token");
  if (typeof data.password !== "string") throw new PhoenixUnhandledError("password is not a string");
  // Phoenix's validate_password_format raises a ValueError the route does not catch.
  const problem = users.passwordProblem(data.password);
  if (problem) throw new PhoenixUnhandledError(problem);
  await passwordResets.complete(found, data.password);
  return new Response(null, { status: 204 });
}

/** Phoenix mounts /auth only when auth is on. Every route is behind the per-IP limiter. */
export const authRoutes: Route[] = [
  { method: "POST", path: "/auth/login", guard: "public", rateLimited: "auth", handler: login },
  { method: "GET", path: "/auth/logout", guard: "public", rateLimited: "auth", handler: logout },
  { method: "POST", path: "/auth/refresh", guard: "public", rateLimited: "auth", handler: refresh },
  { method: "POST", path: "/auth/password-reset-email", guard: "public", rateLimited: "auth", handler: passwordResetEmail },
  { method: "POST", path: "/auth/password-reset", guard: "public", rateLimited: "auth", handler: passwordReset },
];

