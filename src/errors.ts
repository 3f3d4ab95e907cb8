/**
 * Every error this package throws on purpose is a `PhoenixOtelAuthError` with a stable `code`.
 * Messages name the option or environment variable, show the value (secrets masked) and say how to fix it.
 */
export type PhoenixOtelAuthErrorCode =
  | "ERR_PHOENIX_CONFIG"
  | "ERR_PHOENIX_MOCK_CONFIG"
  | "ERR_PHOENIX_ADMIN_REQUEST"
  | "ERR_PHOENIX_MOCK_USAGE"
  | "ERR_PHOENIX_MOCK_REJECTED";

export class PhoenixOtelAuthError extends Error {
  readonly code: PhoenixOtelAuthErrorCode;
  constructor(code: PhoenixOtelAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A register()/verifyConnection() option or environment variable has a value that cannot work. */
export class PhoenixConfigError extends PhoenixOtelAuthError {
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
