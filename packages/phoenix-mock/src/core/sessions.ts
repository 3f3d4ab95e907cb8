import { sanitizeEmail } from "./passwords.js";
import { instantFromMs } from "./instant.js";
import { RateLimiter } from "./rate-limit.js";
import { reject } from "./rejections.js";
import type { AccessTokenRow, Store, TokenRow, User } from "./store.js";
import type { Users } from "./users.js";

/** Brute-force lockout: blocked for 300 s once `max_attempts` failures accumulate. */
export const LOCKOUT_MS = 300_000;
/** Records untouched for this long are forgotten (Phoenix keeps 4 partitions of 300 s). */
const LOGIN_RECORD_TTL_MS = 1_200_000;
/** Per-IP limiter on /auth/*: 0.2 requests/s, burst 12. */
const AUTH_RATE_LIMIT = { perSecond: 0.2, burst: 12 };

interface LoginAttempts {
  failures: number;
  blockedUntil: number;
  lastSeen: number;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/** Web sessions: login with its brute-force lockout, the per-IP limiter, refresh and logout. */
export class Sessions {
  readonly #store: Store;
  readonly #users: Users;
  readonly #loginAttempts = new Map<string, LoginAttempts>();
  readonly #limiter: RateLimiter;

  constructor(store: Store, users: Users) {
    this.#store = store;
    this.#users = users;
    this.#limiter = new RateLimiter(store, AUTH_RATE_LIMIT);
  }

  /** Forgets every lockout record and limiter bucket. */
  clear(): void {
    this.#loginAttempts.clear();
    this.#limiter.clear();
  }

  /** A successful password reset clears the email's failed-login record (Phoenix's `_record_brute_force_success`). */
  forgetFailures(email: string): void {
    this.#loginAttempts.delete(sanitizeEmail(email));
  }

  /** The per-IP limiter of /auth/* (off with PHOENIX_DISABLE_RATE_LIMIT). */
  checkRateLimit(clientKey: string): void {
    this.#limiter.check(clientKey);
  }

  /** `POST /auth/login`, steps 2–7. Returns a fresh access/refresh pair. */
  async login(email: unknown, password: unknown): Promise<{ user: User } & SessionTokens> {
    if (!email || !password || typeof email !== "string" || typeof password !== "string") reject("credentials-required");
    const key = sanitizeEmail(email);
    this.#checkLockout(key);
    const user = this.#users.byEmail(key);
    if (!user || !(await this.#users.checkPassword(user, password))) {
      this.#recordFailure(key);
      reject("wrong-credentials");
    }
    this.#loginAttempts.delete(key);
    return { user, ...(await this.issue(user)) };
  }

  #attempts(key: string): LoginAttempts | undefined {
    const record = this.#loginAttempts.get(key);
    if (record && this.#store.now() - record.lastSeen >= LOGIN_RECORD_TTL_MS) {
      this.#loginAttempts.delete(key);
      return undefined;
    }
    return record;
  }

  #checkLockout(key: string): void {
    if (this.#store.config.disableBruteForceLoginProtection) return;
    const record = this.#attempts(key);
    if (record) record.lastSeen = this.#store.now();
    if (record && record.blockedUntil > this.#store.now()) reject("locked-out");
  }

  #recordFailure(key: string): void {
    const { config } = this.#store;
    if (config.disableBruteForceLoginProtection) return;
    const now = this.#store.now();
    const record = this.#attempts(key) ?? { failures: 0, blockedUntil: 0, lastSeen: now };
    if (record.blockedUntil && record.blockedUntil <= now) {
      record.failures = 0;
      record.blockedUntil = 0;
    }
    record.failures += 1;
    record.lastSeen = now;
    if (record.failures >= config.bruteForceLoginProtectionMaxAttempts) record.blockedUntil = now + LOCKOUT_MS;
    this.#loginAttempts.set(key, record);
  }

  /** Issues a web session: a refresh token and an access token tied to it. */
  async issue(user: User): Promise<SessionTokens> {
    const store = this.#store;
    const now = store.now();
    const refresh: TokenRow = {
      id: store.nextId("RefreshToken"),
      userId: user.id,
      createdAt: instantFromMs(now),
      expiresAt: instantFromMs(now + store.config.refreshTokenExpiryMinutes * 60_000),
    };
    const access: AccessTokenRow = {
      id: store.nextId("AccessToken"),
      userId: user.id,
      createdAt: instantFromMs(now),
      expiresAt: instantFromMs(now + store.config.accessTokenExpiryMinutes * 60_000),
      refreshTokenId: refresh.id,
    };
    store.refresh.set(refresh.id, refresh);
    store.access.set(access.id, access);
    return {
      accessToken: await store.sign({ kind: "AccessToken", id: access.id }),
      refreshToken: await store.sign({ kind: "RefreshToken", id: refresh.id }),
    };
  }

  /** `POST /auth/refresh`: the refresh token is single use; an access token sent beside it is revoked too. */
  async refresh(refreshToken: string, accessToken: string | undefined): Promise<{ user: User } & SessionTokens> {
    const store = this.#store;
    const found = await store.readToken(refreshToken);
    if (!found || found.kind !== "RefreshToken") reject("invalid-refresh-token");
    if (store.isExpired(found.row)) reject("expired-refresh-token");
    store.refresh.delete(found.row.id);
    for (const [id, row] of store.access) if (row.refreshTokenId === found.row.id) store.access.delete(id);
    if (accessToken !== undefined) {
      const access = await store.readToken(accessToken);
      if (access?.kind === "AccessToken") store.access.delete(access.row.id);
    }
    const user = store.users.get(found.row.userId);
    if (!user) reject("user-not-found");
    return { user, ...(await this.issue(user)) };
  }

  /** `GET /auth/logout`: who to log out, by the credential, else by a live refresh token. */
  async logOut(userId: number | undefined, refreshToken?: string): Promise<void> {
    if (userId === undefined && refreshToken) {
      const found = await this.#store.readToken(refreshToken);
      if (found?.kind === "RefreshToken") userId = found.user.id;
    }
    if (userId !== undefined) this.#store.logOut(userId);
  }
}
