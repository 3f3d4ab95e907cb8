/**
 * Every error this package throws on purpose. Each is a `PhoenixOtelAuthError` with a stable `code` you can `switch` on:
 *
 * ```ts
 * import { asPhoenixOtelAuthError } from "phoenix-otel-auth";
 * try { ... } catch (caught) {
 *   const error = asPhoenixOtelAuthError(caught);
 *   switch (error?.code) {
 *     case "ERR_PHOENIX_CONFIG": // a register()/verifyConnection() option or variable: error.source, error.value
 *     default: throw caught;
 *   }
 * }
 * ```
 *
 * Messages name the option or environment variable, show the value (secrets masked) and say how to fix it.
 * The mock Phoenix (`phoenix-mock`) has errors of its own.
 */
export type PhoenixOtelAuthErrorCode = "ERR_PHOENIX_CONFIG";

/** The base class of every error `phoenix-otel-auth` throws on purpose; `code` tells which one (`catch (e) { if (e instanceof PhoenixOtelAuthError) … }`). */
export class PhoenixOtelAuthError extends Error {
  /** A stable code for the kind of error, e.g. `ERR_PHOENIX_CONFIG`. */
  readonly code: PhoenixOtelAuthErrorCode;
  constructor(code: PhoenixOtelAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A register()/verifyConnection() option or environment variable has a value that cannot work. */
export class PhoenixConfigError extends PhoenixOtelAuthError {
  declare readonly code: "ERR_PHOENIX_CONFIG";
  /** The option (`url`) or environment variable (`PHOENIX_COLLECTOR_ENDPOINT`) that holds the bad value. */
  readonly source: string;
  /** The offending value, already masked when it is a secret. */
  readonly value: string | undefined;
  constructor(source: string, value: string | undefined, message: string) {
    super("ERR_PHOENIX_CONFIG", message);
    this.source = source;
    this.value = value;
  }
}

/** The union of every public error class: `switch (error.code)` narrows it to one class. */
export type AnyPhoenixOtelAuthError = PhoenixConfigError;

/** `error` as the union of the package's errors, or undefined when it is not one of them. */
export function asPhoenixOtelAuthError(error: unknown): AnyPhoenixOtelAuthError | undefined {
  return error instanceof PhoenixOtelAuthError ? (error as AnyPhoenixOtelAuthError) : undefined;
}
