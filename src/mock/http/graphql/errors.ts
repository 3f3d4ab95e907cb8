import { GraphQLError } from "graphql";
import { MockRejection } from "../../core/index.js";

/**
 * An expected failure whose message reaches the client verbatim (Phoenix's `CustomGraphQLError`: BadRequest,
 * NotFound, Unauthorized, Conflict). Any other exception thrown by a resolver is masked.
 */
export class PublicError extends Error {
  override readonly name = "PublicError";
}

/** Phoenix's generic text for a masked error (PHOENIX_MASK_INTERNAL_SERVER_ERRORS, default true). */
export const MASKED_MESSAGE = "an unexpected error occurred";

function publicMessage(error: GraphQLError): string | undefined {
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof PublicError || current instanceof MockRejection) return current.message;
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
