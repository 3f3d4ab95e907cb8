import { ApiKeys } from "./api-keys.js";
import { authenticate, type CredentialSource, type Principal } from "./auth.js";
import type { MockPhoenixConfig } from "./config.js";
import { PasswordResets } from "./password-reset.js";
import { RateLimiter } from "./rate-limit.js";
import { Sessions } from "./sessions.js";
import type { Instant } from "./instant.js";
import { Store, type Clock } from "./store.js";
import { Users } from "./users.js";

/** Phoenix's per-IP limiter on `POST /client_errors`: 1 request/s, 20 at once (a bucket of 20 s). */
const CLIENT_ERRORS_RATE_LIMIT = { perSecond: 1, burst: 20 };

/**
 * Phoenix's authentication state with no HTTP in it, one concept per part: `users` (users.ts), `sessions`
 * (sessions.ts: login, lockout, limiter, refresh, logout), `keys` (api-keys.ts) over one `Store` (store.ts), and the
 * limiter of the client-error reports.
 */
export class AuthModel {
  readonly users: Users;
  readonly sessions: Sessions;
  readonly keys: ApiKeys;
  readonly passwordResets: PasswordResets;
  readonly clientErrorsLimiter: RateLimiter;
  readonly #store: Store;

  constructor(config: MockPhoenixConfig, clock: Clock = Date.now) {
    this.#store = new Store(config, clock);
    this.users = new Users(this.#store);
    this.sessions = new Sessions(this.#store, this.users);
    this.keys = new ApiKeys(this.#store, this.users);
    this.passwordResets = new PasswordResets(this.#store, this.users, this.sessions);
    this.clientErrorsLimiter = new RateLimiter(this.#store, CLIENT_ERRORS_RATE_LIMIT);
    this.reset();
  }

  get config(): MockPhoenixConfig {
    return this.#store.config;
  }

  now(): number {
    return this.#store.now();
  }

  /** The clock in microseconds (../instant.ts). */
  nowInstant(): Instant {
    return this.#store.nowInstant();
  }

  /**
   * The server process restarted with new settings. The database (users, passwords, API keys, sessions) stays; what
   * Phoenix keeps in memory (login lockouts, rate-limit buckets) starts empty; tokens verify only if signed with the new
   * secret (Phoenix's JWTs carry only a row id under an HS256 signature of PHOENIX_SECRET).
   */
  restart(config: MockPhoenixConfig): void {
    this.#store.restart(config);
    this.sessions.clear();
    this.clientErrorsLimiter.clear();
  }

  /** Back to a freshly initialised database: user 1 `system` (SYSTEM) and user 2 `admin` (ADMIN, needs reset). */
  reset(): void {
    this.#store.clear();
    this.sessions.clear();
    this.clientErrorsLimiter.clear();
    this.users.seed();
  }

  /** Who `token` authenticates as (auth.ts `authenticate`); the HTTP layer finds the token in the request. */
  authenticate(token: string, source: CredentialSource = "bearer"): Promise<Principal | undefined> {
    return authenticate(this.#store, token, source);
  }
}
