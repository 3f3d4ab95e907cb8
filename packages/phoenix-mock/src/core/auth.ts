import type { MockPhoenixConfig } from "./config.js";
import { safeEqual } from "./passwords.js";
import { reject, type RejectionReason } from "./rejections.js";
import type { ApiKeyRow, Role, Store, User } from "./store.js";
import type { TokenId } from "./tokens.js";
import { SYSTEM_USER_ID } from "./users.js";

/** Who a request authenticated as. */
export type Principal =
  | {
      readonly kind: "user";
      readonly user: User;
      readonly via: "access-token" | "api-key";
      readonly tokenId: TokenId;
      /** The role in the token's cached claims (an API key's lags a role change until the next cache reload). */
      readonly role: Role;
      /** Computed when the request was read; EXPIRED rows are still found until the store sweeps them. */
      readonly status: "VALID" | "EXPIRED";
    }
  | { readonly kind: "admin-secret"; readonly user: User };

/**
 * How the token was presented: as a bearer credential (which may be the admin secret) or as the browser session's
 * stored token (which may not). The HTTP layer finds it in the request (src/http/credentials.ts).
 */
export type CredentialSource = "bearer" | "session";

/**
 * Phoenix's `BearerTokenAuthBackend.authenticate`, given the token: the admin secret (bearer only) acts as the
 * system user; an access token or API key with a live row is a user principal. Refresh and password-reset tokens
 * are never credentials.
 */
export async function authenticate(store: Store, token: string, source: CredentialSource): Promise<Principal | undefined> {
  if (!token) return undefined;
  const systemUser = store.users.get(SYSTEM_USER_ID);
  if (source === "bearer" && store.config.adminSecret && safeEqual(token, store.config.adminSecret) && systemUser) {
    return { kind: "admin-secret", user: systemUser };
  }
  const found = await store.readToken(token);
  if (!found || (found.kind !== "AccessToken" && found.kind !== "ApiKey")) return undefined;
  return {
    kind: "user",
    user: found.user,
    via: found.kind === "ApiKey" ? "api-key" : "access-token",
    tokenId: { kind: found.kind, id: found.row.id },
    role: found.kind === "ApiKey" ? (found.row as ApiKeyRow).claimsRole : found.user.role,
    status: store.isExpired(found.row) ? "EXPIRED" : "VALID",
  };
}

/** Phoenix's `is_authenticated`: undefined when allowed, else why not. */
export function authenticationProblem(principal: Principal | undefined): Extract<RejectionReason, "invalid-token" | "expired-token"> | undefined {
  if (!principal) return "invalid-token";
  if (principal.kind === "admin-secret") return undefined;
  return principal.status === "EXPIRED" ? "expired-token" : undefined;
}

/** Phoenix's `is_admin`: the admin-secret principal, or a valid credential of an ADMIN. A SYSTEM key is not admin. */
export function isAdmin(principal: Principal | undefined): boolean {
  if (!principal) return false;
  return principal.kind === "admin-secret" || (principal.status === "VALID" && principal.role === "ADMIN");
}

/** Phoenix's `is_viewer`: a valid credential of a VIEWER. */
export function isViewer(principal: Principal | undefined): boolean {
  return principal?.kind === "user" && principal.status === "VALID" && principal.role === "VIEWER";
}

/** Phoenix's `require_auth_enabled` / `IsAuthEnabled`: credential management exists only with auth on. */
export function requireAuthEnabled(config: MockPhoenixConfig): void {
  if (!config.enableAuth) reject("auth-disabled");
}
