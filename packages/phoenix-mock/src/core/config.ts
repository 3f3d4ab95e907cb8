import { MockConfigError } from "../errors.js";
import { boolVal, csrfOrigins, floatVal, getenv, grpcPortVal, intVal, portVal, positiveIntVal, secretVal, type Env } from "./config-values.js";
import { resolveSmtpConfig, SMTP_ENV_VARS, type SmtpConfig, type SmtpOptions } from "./smtp-config.js";

export { MockConfigError };

/** Programmatic equivalents of the `phoenix serve` environment variables. An option beats its variable. */
export interface MockPhoenixOptions {
  /** PHOENIX_ENABLE_AUTH (default false). */
  enableAuth?: boolean;
  /** PHOENIX_SECRET: ≥32 chars, a digit, a lowercase letter, ASCII, no whitespace. Required when auth is on. */
  secret?: string;
  /** PHOENIX_ADMIN_SECRET: same rules, must differ from the secret, needs the secret. */
  adminSecret?: string;
  /** PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD (default "admin"). */
  defaultAdminInitialPassword?: string;
  /** PHOENIX_HOST. The mock defaults to 127.0.0.1 (Phoenix: 0.0.0.0); see the divergence list. */
  host?: string;
  /** PHOENIX_PORT (default 6006). */
  port?: number;
  /** PHOENIX_GRPC_PORT (default 4317): where the `phoenix-mock` CLI serves OTLP over gRPC. */
  grpcPort?: number;
  /** PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES (default 10). */
  accessTokenExpiryMinutes?: number;
  /** PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES (default 10080). */
  refreshTokenExpiryMinutes?: number;
  /** PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES (default 15): how long an emailed reset link works. */
  passwordResetTokenExpiryMinutes?: number;
  /** PHOENIX_SMTP_*: where password-reset emails go (docs/routes-and-pages.md). Without it they answer 503. */
  smtp?: SmtpOptions;
  /** PHOENIX_DISABLE_RATE_LIMIT (default false): turns off the per-IP limiter on /auth/*. */
  disableRateLimit?: boolean;
  /** PHOENIX_DISABLE_BRUTE_FORCE_LOGIN_PROTECTION (default false). */
  disableBruteForceLoginProtection?: boolean;
  /** PHOENIX_BRUTE_FORCE_LOGIN_PROTECTION_MAX_ATTEMPTS (default 5). */
  bruteForceLoginProtectionMaxAttempts?: number;
  /** PHOENIX_ENABLE_STRONG_PASSWORD_POLICY (default false). */
  enableStrongPasswordPolicy?: boolean;
  /** PHOENIX_CSRF_TRUSTED_ORIGINS (default: CSRF check off). */
  csrfTrustedOrigins?: string[];
  /** PHOENIX_USE_SECURE_COOKIES (default false). */
  useSecureCookies?: boolean;
  /** PHOENIX_COOKIES_PATH (default "/"). */
  cookiesPath?: string;
  /** PHOENIX_ROOT_URL: the public origin (the HTTP surface puts it in its auth challenge and discovery documents). */
  rootUrl?: string;
  /** PHOENIX_MASK_INTERNAL_SERVER_ERRORS (default true): unexpected GraphQL errors read "an unexpected error occurred". */
  maskInternalServerErrors?: boolean;
  /**
   * PHOENIX_MAX_SPANS_QUEUE_SIZE (default 20000): ingest is refused (HTTP 503, gRPC UNAVAILABLE) while this many
   * accepted spans wait to be stored. The mock's spans wait only while `mock.pauseInserts()` holds them.
   */
  maxSpansQueueSize?: number;
  /**
   * PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER (default true; read only with auth on): whether Phoenix serves its own
   * OAuth2 server (discovery, /oauth2/*). Off, the discovery document names none, /auth.md says so and those routes
   * answer 404; on, the mock, which implements no OAuth2 server, answers them 501 (see docs/divergences.md).
   */
  enableOauth2AuthorizationServer?: boolean;
}

/** The mock's resolved `phoenix serve` settings (`mock.config`); `secret` and `adminSecret` are hidden from `console.log` and JSON. */
export interface MockPhoenixConfig {
  enableAuth: boolean;
  secret: string | undefined;
  adminSecret: string | undefined;
  defaultAdminInitialPassword: string;
  host: string;
  port: number;
  grpcPort: number;
  accessTokenExpiryMinutes: number;
  refreshTokenExpiryMinutes: number;
  passwordResetTokenExpiryMinutes: number;
  /** PHOENIX_SMTP_*; undefined: no email sender. */
  smtp: SmtpConfig | undefined;
  disableRateLimit: boolean;
  disableBruteForceLoginProtection: boolean;
  bruteForceLoginProtectionMaxAttempts: number;
  enableStrongPasswordPolicy: boolean;
  csrfTrustedOrigins: string[];
  useSecureCookies: boolean;
  cookiesPath: string;
  rootUrl: string | undefined;
  maskInternalServerErrors: boolean;
  maxSpansQueueSize: number;
  /** False while auth is off: Phoenix has no OAuth2 server then, whatever the variable says. */
  enableOauth2AuthorizationServer: boolean;
}

/** Every variable the mock reads, in the order Phoenix validates them at startup. */
export const MOCK_ENV_VARS = [
  "PHOENIX_ENABLE_AUTH",
  "PHOENIX_SECRET",
  "PHOENIX_ADMIN_SECRET",
  "PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD",
  "PHOENIX_HOST",
  "PHOENIX_PORT",
  "PHOENIX_GRPC_PORT",
  "PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES",
  "PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES",
  "PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES",
  "PHOENIX_DISABLE_RATE_LIMIT",
  "PHOENIX_DISABLE_BRUTE_FORCE_LOGIN_PROTECTION",
  "PHOENIX_BRUTE_FORCE_LOGIN_PROTECTION_MAX_ATTEMPTS",
  "PHOENIX_ENABLE_STRONG_PASSWORD_POLICY",
  "PHOENIX_CSRF_TRUSTED_ORIGINS",
  "PHOENIX_USE_SECURE_COOKIES",
  "PHOENIX_COOKIES_PATH",
  "PHOENIX_ROOT_URL",
  "PHOENIX_MASK_INTERNAL_SERVER_ERRORS",
  "PHOENIX_MAX_SPANS_QUEUE_SIZE",
  "PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER",
  ...SMTP_ENV_VARS,
] as const;

/**
 * Resolves the mock's configuration the way `phoenix serve` does: options beat environment variables, values are
 * trimmed, and an invalid value throws a MockConfigError carrying Phoenix's own startup message.
 * Pure: reads only its arguments.
 */
export function resolveMockConfig(options: MockPhoenixOptions = {}, env: Env = {}): MockPhoenixConfig {
  const enableAuth = boolVal(env, "PHOENIX_ENABLE_AUTH", options.enableAuth, false);
  const secret = secretVal("PHOENIX_SECRET", options.secret ?? getenv(env, "PHOENIX_SECRET"));
  if (enableAuth && !secret) {
    throw new MockConfigError("PHOENIX_SECRET", "`PHOENIX_SECRET` must be set when auth is enabled with `PHOENIX_ENABLE_AUTH`");
  }
  const rawAdminSecret = options.adminSecret ?? getenv(env, "PHOENIX_ADMIN_SECRET");
  if (rawAdminSecret !== undefined && !secret) {
    throw new MockConfigError("PHOENIX_ADMIN_SECRET", "`PHOENIX_ADMIN_SECRET` must be not be set without setting `PHOENIX_SECRET`.");
  }
  const adminSecret = secretVal("PHOENIX_ADMIN_SECRET", rawAdminSecret);
  if (adminSecret !== undefined && adminSecret === secret) {
    throw new MockConfigError("PHOENIX_ADMIN_SECRET", "`PHOENIX_ADMIN_SECRET` must be different from `PHOENIX_SECRET`");
  }
  const rootUrl = options.rootUrl ?? (getenv(env, "PHOENIX_ROOT_URL") || undefined);
  if (rootUrl !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]+/.test(rootUrl)) {
    throw new MockConfigError("PHOENIX_ROOT_URL", "The environment variable `PHOENIX_ROOT_URL` must be a valid URL.");
  }
  const defaultAdminInitialPassword =
    options.defaultAdminInitialPassword || getenv(env, "PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD") || "admin";
  const host = options.host ?? (getenv(env, "PHOENIX_HOST") || "127.0.0.1");
  const port = portVal(env, options.port);
  const accessTokenExpiryMinutes = floatVal(env, "PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES", options.accessTokenExpiryMinutes, 10);
  const refreshTokenExpiryMinutes = floatVal(env, "PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES", options.refreshTokenExpiryMinutes, 10080);
  const passwordResetTokenExpiryMinutes = floatVal(env, "PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES", options.passwordResetTokenExpiryMinutes, 15);
  const smtp = resolveSmtpConfig(options.smtp, env);
  return {
    enableAuth,
    secret,
    // PHOENIX_ADMIN_SECRET only acts while auth is on: the middleware that reads it exists only then.
    adminSecret: enableAuth ? adminSecret : undefined,
    defaultAdminInitialPassword,
    host,
    port,
    grpcPort: grpcPortVal(env, options.grpcPort),
    accessTokenExpiryMinutes,
    refreshTokenExpiryMinutes,
    passwordResetTokenExpiryMinutes,
    smtp,
    disableRateLimit: boolVal(env, "PHOENIX_DISABLE_RATE_LIMIT", options.disableRateLimit, false),
    disableBruteForceLoginProtection: boolVal(
      env,
      "PHOENIX_DISABLE_BRUTE_FORCE_LOGIN_PROTECTION",
      options.disableBruteForceLoginProtection,
      false,
    ),
    bruteForceLoginProtectionMaxAttempts: intVal(
      env,
      "PHOENIX_BRUTE_FORCE_LOGIN_PROTECTION_MAX_ATTEMPTS",
      options.bruteForceLoginProtectionMaxAttempts,
      5,
    ),
    enableStrongPasswordPolicy: boolVal(env, "PHOENIX_ENABLE_STRONG_PASSWORD_POLICY", options.enableStrongPasswordPolicy, false),
    csrfTrustedOrigins: csrfOrigins(env, options.csrfTrustedOrigins),
    useSecureCookies: boolVal(env, "PHOENIX_USE_SECURE_COOKIES", options.useSecureCookies, false),
    cookiesPath: options.cookiesPath ?? getenv(env, "PHOENIX_COOKIES_PATH") ?? "/",
    rootUrl,
    maskInternalServerErrors: boolVal(env, "PHOENIX_MASK_INTERNAL_SERVER_ERRORS", options.maskInternalServerErrors, true),
    maxSpansQueueSize: positiveIntVal(env, "PHOENIX_MAX_SPANS_QUEUE_SIZE", options.maxSpansQueueSize, 20_000),
    // Phoenix reads the variable only with auth on (`authentication_enabled and get_env_…()`): with auth off, even an
    // invalid value starts.
    enableOauth2AuthorizationServer:
      enableAuth && boolVal(env, "PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER", options.enableOauth2AuthorizationServer, true),
  };
}
