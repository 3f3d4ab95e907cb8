/**
 * A Phoenix the contract cases run against: its URL (auth on), the secrets they need to set up users and keys and to
 * forge tokens, and optionally a second server with auth off and the OTLP/gRPC ports. `phoenix-mock check` makes one
 * from its flags and variables (urlTarget); the repository's test suite adds the in-process and CLI mocks.
 */
export type TargetName = "mock-msw" | "mock-server" | "real";

export interface Target {
  readonly name: TargetName;
  /** Base URL of the server with auth on (set by `start()`). */
  baseUrl: string;
  /** Its PHOENIX_SECRET (to forge tokens) and PHOENIX_ADMIN_SECRET (to create users and keys). */
  secret: string;
  adminSecret: string;
  /** The default admin's current password (`admin` on a fresh server). */
  adminPassword: string;
  /** A second server of the same kind with auth off, for the auth-off cases; undefined when there is none. */
  noAuthUrl: string | undefined;
  /** The OTLP/gRPC ports of the two servers (on the host of their base URLs), once started; undefined: no gRPC. */
  grpcPort?: number;
  noAuthGrpcPort?: number;
  /** The auth-off server's PHOENIX_MAX_SPANS_QUEUE_SIZE, when known (the capacity case needs it); see phoenixEnv. */
  noAuthMaxSpansQueueSize?: number;
  /**
   * Holds (true) or lets go (false) the auth-off server's span inserts, where the server can (the mock's
   * pauseInserts); a real Phoenix gets its backlog from a large export instead. Undefined: nothing to do.
   */
  holdInserts?(hold: boolean): Promise<void>;
  /** Why there is no auth-off server (printed when its cases are skipped). */
  noAuthSkipReason?: string;
  /** The Phoenix version the target claims (x-phoenix-server-version), filled in by the suite. */
  phoenixVersion?: string;
  /** The fetch every request goes through (MSW intercepts the global one in process). */
  fetch: typeof fetch;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The auth-off server's span queue bound in the suite (scripts/real-phoenix.sh sets the same): small enough that one
 * export of three times as many spans keeps a real Phoenix at capacity for seconds, large enough for every other case.
 */
export const NOAUTH_MAX_SPANS_QUEUE_SIZE = 200;

/** The `phoenix serve` variables the suite's Phoenix servers run with (as Phoenix's own integration tests do). */
export function phoenixEnv(auth: boolean, secret: string, adminSecret: string): Record<string, string> {
  return {
    PHOENIX_ENABLE_AUTH: auth ? "true" : "false",
    ...(auth ? { PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: adminSecret } : { PHOENIX_MAX_SPANS_QUEUE_SIZE: String(NOAUTH_MAX_SPANS_QUEUE_SIZE) }),
    PHOENIX_DISABLE_RATE_LIMIT: "true",
    PHOENIX_CSRF_TRUSTED_ORIGINS: ",http://localhost,http://127.0.0.1,",
  };
}

export interface UrlTargetOptions {
  /** "mock-server" when the server is phoenix-mock (real-only cases are then skipped); default "real". */
  name?: TargetName;
  url: string;
  secret: string;
  adminSecret: string;
  adminPassword?: string;
  noAuthUrl?: string;
  grpcPort?: number;
  noAuthGrpcPort?: number;
  noAuthMaxSpansQueueSize?: number;
}

/** A Phoenix that is already running (a real one, or `phoenix-mock` started by someone else). */
export function urlTarget(options: UrlTargetOptions): Target {
  const noAuthUrl = options.noAuthUrl?.trim() || undefined;
  return {
    name: options.name ?? "real",
    baseUrl: options.url.trim().replace(/\/+$/, ""),
    secret: options.secret,
    adminSecret: options.adminSecret,
    adminPassword: options.adminPassword ?? "admin",
    noAuthUrl: noAuthUrl?.replace(/\/+$/, ""),
    ...(noAuthUrl ? {} : { noAuthSkipReason: "no Phoenix with auth off was given (--no-auth-url, PHOENIX_CONFORMANCE_NOAUTH_URL)" }),
    grpcPort: options.grpcPort,
    noAuthGrpcPort: options.noAuthGrpcPort,
    noAuthMaxSpansQueueSize: options.noAuthMaxSpansQueueSize,
    fetch: (input, init) => fetch(input, init),
    async start() {},
    async stop() {},
  };
}
