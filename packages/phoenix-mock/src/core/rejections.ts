/**
 * Every refusal of the auth model, by a stable reason code. The core decides; each surface words the decision in its
 * own table (REST: src/http/rest-errors.ts, GraphQL: src/http/graphql/errors.ts), because Phoenix words some
 * refusals differently on the two surfaces.
 */
export type RejectionReason =
  // authentication and permissions (auth.ts)
  | "invalid-token"
  | "expired-token"
  | "auth-disabled"
  | "admin-only"
  | "viewer-forbidden"
  // sessions (sessions.ts)
  | "credentials-required"
  | "wrong-credentials"
  | "locked-out"
  | "rate-limited"
  | "invalid-refresh-token"
  | "expired-refresh-token"
  | "signing-disabled"
  // users (users.ts)
  | "user-not-found"
  | "users-not-found"
  | "email-taken"
  | "username-taken"
  | "user-conflict"
  | "system-role"
  | "protected-user"
  | "default-admin-role"
  | "own-role"
  | "wrong-current-password"
  | "non-local-password"
  // API keys (api-keys.ts)
  | "key-minting-key"
  | "system-user-personal-keys"
  | "key-not-found"
  | "not-key-owner"
  | "system-key-not-found";

/** The auth model refused an operation. Internal control flow: the surfaces turn it into Phoenix's answer. */
export class Rejection extends Error {
  override readonly name = "Rejection";
  constructor(readonly reason: RejectionReason) {
    super(`rejected: ${reason}`);
  }
}

export function reject(reason: RejectionReason): never {
  throw new Rejection(reason);
}

/** Refuses when the core's `…Problem` function found a reason; the surfaces call it with that answer. */
export function rejectIf(reason: RejectionReason | undefined): void {
  if (reason) throw new Rejection(reason);
}
