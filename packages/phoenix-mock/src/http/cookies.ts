import type { MockPhoenixConfig } from "../core/index.js";

export const ACCESS_TOKEN_COOKIE = "phoenix-access-token";
export const REFRESH_TOKEN_COOKIE = "phoenix-refresh-token";
/** The cookies `GET /auth/logout` deletes, in Phoenix's order. */
export const LOGOUT_DELETED_COOKIES = [
  ACCESS_TOKEN_COOKIE,
  REFRESH_TOKEN_COOKIE,
  "phoenix-oauth2-state",
  "phoenix-oauth2-nonce",
] as const;

/** Starlette's `cookie_parser`: `;`-separated, trimmed, the last duplicate wins, surrounding quotes removed. */
export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const chunk of header.split(";")) {
    const eq = chunk.indexOf("=");
    const key = (eq < 0 ? "" : chunk.slice(0, eq)).trim();
    const value = (eq < 0 ? chunk : chunk.slice(eq + 1)).trim();
    if (key || value) cookies.set(key, unquote(value));
  }
  return cookies;
}

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(\d{3}|.)/g, (_, esc: string) =>
    esc.length === 3 ? String.fromCharCode(parseInt(esc, 8)) : esc,
  );
}

/**
 * Phoenix's `_set_cookie` through Python's Morsel, attributes sorted by name:
 * `name=value; HttpOnly; Max-Age=<s>; Path=<path>; SameSite=strict[; Secure]`.
 */
export function sessionCookie(config: MockPhoenixConfig, name: string, value: string, expiryMinutes: number): string {
  const maxAge = Math.trunc(expiryMinutes * 60);
  const secure = config.useSecureCookies ? "; Secure" : "";
  return `${name}=${value}; HttpOnly; Max-Age=${maxAge}; Path=${config.cookiesPath}; SameSite=strict${secure}`;
}

/** Starlette's `delete_cookie` with its defaults (always `Path=/` and `SameSite=lax`, whatever PHOENIX_COOKIES_PATH says). */
export function deletedCookie(name: string, nowMs: number): string {
  return `${name}=""; expires=${new Date(nowMs).toUTCString()}; Max-Age=0; Path=/; SameSite=lax`;
}
