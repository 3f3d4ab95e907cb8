/**
 * The HTTP layer's internal control flow. None of these is public: the one owner, `errorResponse` in handler.ts,
 * turns each into Phoenix's answer.
 */

/** A refusal with Phoenix's status and plain-text detail (Starlette's HTTPException, through Phoenix's handler). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "HttpError";
  }
}

/** FastAPI's RequestValidationError: 422 with `{"detail":[...]}`. */
export class ValidationFailed extends Error {
  constructor(readonly detail: ValidationIssue[]) {
    super("Request validation failed");
    this.name = "ValidationFailed";
  }
}

export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/**
 * A deliberate copy of an exception Phoenix does not handle: Phoenix answers a bare 500 here (REST), or a masked
 * "an unexpected error occurred" (GraphQL resolvers), and so does the mock. `message` says what Phoenix trips over
 * (never a secret); it reaches the server log, and GraphQL with PHOENIX_MASK_INTERNAL_SERVER_ERRORS=false.
 * Anything else that escapes a route is a bug of the mock, answered the same way but logged as one.
 */
export class PhoenixUnhandledError extends Error {
  override readonly name = "PhoenixUnhandledError";
}
