import { GraphQLError } from "graphql";
import { Rejection, type RejectionReason } from "../../core/index.js";

/**
 * An expected failure whose message reaches the client verbatim (Phoenix's `CustomGraphQLError`: BadRequest,
 * NotFound, Unauthorized, Conflict). Any other exception thrown by a resolver is masked.
 */
export class PublicError extends Error {
  override readonly name = "PublicError";
}

/**
 * The one table from the auth model's refusals to Phoenix's GraphQL messages (its BadRequest / NotFound /
 * Unauthorized / Conflict texts). REST words several differently (src/http/rest-errors.ts). A reason GraphQL
 * never produces is absent, and would be masked like any internal error.
 */
export const GRAPHQL_REJECTIONS: Readonly<Partial<Record<RejectionReason, string>>> = {
  "auth-disabled": "Authentication must be enabled to manage API keys",
  "admin-only": "Only admin can perform this action",
  "viewer-forbidden": "Viewers cannot perform this action",
  "user-not-found": "User not found",
  "users-not-found": "Some user IDs could not be found",
  "email-taken": "Email already exists",
  "username-taken": "Username already exists",
  "user-conflict": "Failed to create user",
  "protected-user": "Cannot delete the default admin user",
  "default-admin-role": "Cannot modify role for the default admin user",
  "own-role": "Cannot modify own role",
  "wrong-current-password": "Valid current password is required to modify password",
  "non-local-password": "Cannot modify password for non-local user",
  "key-minting-key": "API keys cannot create API keys",
  "system-user-personal-keys": "System API keys cannot manage personal API keys",
  "key-not-found": "API key not found",
  "not-key-owner": "API key not found",
  "system-key-not-found": "API key not found",
};

/** Phoenix's generic text for a masked error (PHOENIX_MASK_INTERNAL_SERVER_ERRORS, default true). */
export const MASKED_MESSAGE = "an unexpected error occurred";

function publicMessage(error: GraphQLError): string | undefined {
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof PublicError) return current.message;
    if (current instanceof Rejection) return GRAPHQL_REJECTIONS[current.reason];
    seen.add(current);
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return undefined;
}

/**
 * Phoenix's `PhoenixErrorMasker`: an error with a public cause gets that cause's message; syntax and validation
 * errors (no original error) pass unchanged; anything else that came from an exception is masked, unless
 * PHOENIX_MASK_INTERNAL_SERVER_ERRORS=false, which shows the exception's own message.
 */
export function rewriteError(error: GraphQLError, mask: boolean): GraphQLError {
  const message = publicMessage(error) ?? (mask ? undefined : error.originalError?.message);
  if (message === undefined && error.originalError === undefined) return error;
  return new GraphQLError(message ?? MASKED_MESSAGE, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
  });
}
