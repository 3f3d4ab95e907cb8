import type { CredentialSource } from "../core/index.js";
import { ACCESS_TOKEN_COOKIE } from "./cookies.js";

/**
 * The credential of a request, as Phoenix's `BearerTokenAuthBackend` finds it: a non-empty Authorization header
 * decides alone (a scheme other than Bearer, or an empty token, means none, and the cookie is not consulted; an
 * empty header counts as absent, as in Starlette); otherwise the access-token cookie.
 */
export function requestCredential(
  authorization: string | null | undefined,
  cookies: ReadonlyMap<string, string>,
): { token: string; source: CredentialSource } | undefined {
  if (authorization) {
    const space = authorization.indexOf(" ");
    const scheme = space < 0 ? authorization : authorization.slice(0, space);
    const token = space < 0 ? "" : authorization.slice(space + 1);
    return scheme.toLowerCase() === "bearer" && token ? { token, source: "bearer" } : undefined;
  }
  const cookie = cookies.get(ACCESS_TOKEN_COOKIE);
  return cookie ? { token: cookie, source: "session" } : undefined;
}
