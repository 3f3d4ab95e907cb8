/**
 * Every error phoenix-mock throws on purpose. Each is a `PhoenixMockError` with a stable `code` you can `switch` on
 * (TypeScript narrows the class by it):
 *
 * ```ts
 * import { asPhoenixMockError } from "phoenix-mock";
 * try { ... } catch (caught) {
 *   const error = asPhoenixMockError(caught);
 *   switch (error?.code) {
 *     case "ERR_PHOENIX_MOCK_CONFIG": // a mock setting Phoenix would refuse at startup: error.variable
 *     case "ERR_PHOENIX_MOCK_USAGE": // a call on the mock's test API that cannot work as made
 *     case "ERR_PHOENIX_ADMIN_CONFIG": // a PhoenixAdmin option or argument: error.source, error.value
 *     case "ERR_PHOENIX_ADMIN_REQUEST": // a PhoenixAdmin request failed: error.operation, error.status
 *     default: throw caught;
 *   }
 * }
 * ```
 *
 * Messages name the option, argument or variable, show the value (secrets masked) and say how to fix it.
 * The mock's internal control flow (refusals of its auth core, HTTP errors) is not part of this API.
 */
export type PhoenixMockErrorCode = "ERR_PHOENIX_MOCK_CONFIG" | "ERR_PHOENIX_MOCK_USAGE" | "ERR_PHOENIX_ADMIN_CONFIG" | "ERR_PHOENIX_ADMIN_REQUEST";

/** The base class of every error `phoenix-mock` throws on purpose; `code` tells which one. */
export class PhoenixMockError extends Error {
  /** A stable code for the kind of error, e.g. `ERR_PHOENIX_MOCK_USAGE`. */
  readonly code: PhoenixMockErrorCode;
  constructor(code: PhoenixMockErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * A `phoenix serve`-equivalent setting of the mock has a value Phoenix would refuse at startup.
 * `message` is Phoenix's own startup error text, so a test can compare it with the real server's.
 */
export class MockConfigError extends PhoenixMockError {
  declare readonly code: "ERR_PHOENIX_MOCK_CONFIG";
  /** The environment variable (or its option's variable) that holds the bad value. */
  readonly variable: string;
  constructor(variable: string, message: string) {
    super("ERR_PHOENIX_MOCK_CONFIG", message);
    this.variable = variable;
  }
}

/** A call on the mock's test API that cannot work as made (the message says how to fix it). */
export class MockUsageError extends PhoenixMockError {
  declare readonly code: "ERR_PHOENIX_MOCK_USAGE";
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_PHOENIX_MOCK_USAGE", message, options);
  }
}

/** A `PhoenixAdmin` option or method argument has a value that cannot work (checked before any request). */
export class PhoenixAdminConfigError extends PhoenixMockError {
  declare readonly code: "ERR_PHOENIX_ADMIN_CONFIG";
  /** The option or argument (`baseUrl`, `role`, …) that holds the bad value. */
  readonly source: string;
  /** The offending value, already masked when it is a credential. */
  readonly value: string | undefined;
  constructor(source: string, value: string | undefined, message: string) {
    super("ERR_PHOENIX_ADMIN_CONFIG", message);
    this.source = source;
    this.value = value;
  }
}

/**
 * A Phoenix request of `PhoenixAdmin` failed: a non-2xx HTTP status, a GraphQL `errors` array, or no answer at all.
 * The message names the operation, the status and the server's own message; credentials never appear in it.
 */
export class PhoenixAdminError extends PhoenixMockError {
  declare readonly code: "ERR_PHOENIX_ADMIN_REQUEST";
  /** The PhoenixAdmin method that failed, e.g. `createSystemApiKey`. */
  readonly operation: string;
  /** The HTTP status (GraphQL errors arrive with 200), or `undefined` when the server could not be reached. */
  readonly status: number | undefined;
  /** What the server said (plain-text body or the GraphQL error messages), credentials masked. */
  readonly serverMessage: string;
  constructor(operation: string, status: number | undefined, serverMessage: string, message: string) {
    super("ERR_PHOENIX_ADMIN_REQUEST", message);
    this.operation = operation;
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

/** The union of every public error class: `switch (error.code)` narrows it to one class. */
export type AnyPhoenixMockError = MockConfigError | MockUsageError | PhoenixAdminConfigError | PhoenixAdminError;

/** `error` as the union of the package's errors, or undefined when it is not one of them. */
export function asPhoenixMockError(error: unknown): AnyPhoenixMockError | undefined {
  return error instanceof PhoenixMockError ? (error as AnyPhoenixMockError) : undefined;
}
