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

// ------------------------------------------------------------------ who may do what: every surface asks here

/**
 * Whether the caller may use an administrator's route or field, undefined when allowed. Phoenix has two such rules:
 * REST's `require_admin` lets anyone through while auth is off (`whileAuthOff: "allowed"`); GraphQL's `IsAdmin`
 * refuses everyone then (`"refused"`).
 */
export function adminProblem(config: MockPhoenixConfig, principal: Principal | undefined, whileAuthOff: "allowed" | "refused"): "admin-only" | undefined {
  if (!config.enableAuth) return whileAuthOff === "allowed" ? undefined : "admin-only";
  return isAdmin(principal) ? undefined : "admin-only";
}

/**
 * Whether the caller may write, undefined when allowed: with auth on, a VIEWER may not. REST's
 * `restrict_access_by_viewers` looks at non-GET requests only (`method`) and at a viewer's credential (no credential
 * is another rule's refusal); GraphQL's `IsNotViewer` (no `method`) refuses a caller without one as well.
 */
export function viewerWriteProblem(config: MockPhoenixConfig, principal: Principal | undefined, method?: string): "viewer-forbidden" | undefined {
  if (!config.enableAuth) return undefined;
  if (method !== undefined) return method !== "GET" && isViewer(principal) ? "viewer-forbidden" : undefined;
  return principal === undefined || isViewer(principal) ? "viewer-forbidden" : undefined;
}

/**
 * Phoenix's gRPC `ApiKeyInterceptor` with auth on: only the admin secret, an API key or an access token that is VALID
 * passes (an expired one is unauthenticated here, not "Expired token" as over HTTP); a VIEWER's is refused, because an
 * export is a write.
 */
export function ingestProblem(principal: Principal | undefined): "invalid-token" | "viewer-forbidden" | undefined {
  if (!principal) return "invalid-token";
  if (principal.kind === "admin-secret") return undefined;
  if (principal.status !== "VALID") return "invalid-token";
  return isViewer(principal) ? "viewer-forbidden" : undefined;
}

/** Phoenix's GraphQL `node(id:)` for a User: the caller's own row, or any row for an administrator. */
export function userNodeProblem(principal: Principal, userId: number): "admin-only" | undefined {
  return principal.user.id === userId || isAdmin(principal) ? undefined : "admin-only";
}

/**
 * Phoenix's `_resolve_non_admin_user_id` (the annotation DELETE routes): with auth on, a caller who is not an
 * administrator deletes only the rows it owns (its user id); undefined when every matching row goes.
 */
export function annotationOwnerFilter(config: MockPhoenixConfig, principal: Principal | undefined): number | undefined {
  if (!config.enableAuth || !principal || principal.kind !== "user" || isAdmin(principal)) return undefined;
  return principal.user.id;
}

/** Phoenix's `require_auth_enabled` / `IsAuthEnabled`: credential management exists only with auth on. */
export function requireAuthEnabled(config: MockPhoenixConfig): void {
  if (!config.enableAuth) reject("auth-disabled");
}
