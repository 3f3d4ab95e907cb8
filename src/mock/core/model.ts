import { pbkdf2Sync, randomBytes } from "node:crypto";
import { PhoenixOtelAuthError } from "../../errors.js";
import type { MockPhoenixConfig } from "./config.js";
import {
  DEFAULT_PASSWORD_REQUIREMENTS,
  PBKDF2_ITERATIONS,
  STRONG_PASSWORD_REQUIREMENTS,
  hashPassword,
  newSalt,
  safeEqual,
  sanitizeEmail,
  verifyPassword,
} from "./passwords.js";
import { TokenCodec, type TokenId, type TokenKind } from "./tokens.js";

/** Milliseconds since the epoch. Inject one to test expiry and lockout without sleeping. */
export type Clock = () => number;

export type Role = "SYSTEM" | "ADMIN" | "MEMBER" | "VIEWER";
/** Roles a user can be given (Phoenix's `UserRoleInput`). */
export const ASSIGNABLE_ROLES: readonly Role[] = ["ADMIN", "MEMBER", "VIEWER"];

export interface User {
  readonly id: number;
  username: string;
  email: string;
  role: Role;
  readonly authMethod: "LOCAL";
  /** Phoenix's `reset_password` flag. Only a flag: the server never enforces it. */
  passwordNeedsReset: boolean;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface ApiKey {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: Date;
  /** null: never expires. */
  readonly expiresAt: Date | null;
}

/** Who a request authenticated as. */
export type Principal =
  | {
      readonly kind: "user";
      readonly user: User;
      readonly via: "access-token" | "api-key";
      readonly tokenId: TokenId;
      /** Computed when the request was read; EXPIRED rows are still found until the store sweeps them. */
      readonly status: "VALID" | "EXPIRED";
    }
  | { readonly kind: "admin-secret"; readonly user: User };

/** Phoenix's `is_admin`: the admin-secret principal, or a valid credential of an ADMIN. A SYSTEM key is not admin. */
export function isAdmin(principal: Principal | undefined): boolean {
  if (!principal) return false;
  return principal.kind === "admin-secret" || (principal.status === "VALID" && principal.user.role === "ADMIN");
}

/** Phoenix's `is_viewer`: a valid credential of a VIEWER. */
export function isViewer(principal: Principal | undefined): boolean {
  return principal?.kind === "user" && principal.status === "VALID" && principal.user.role === "VIEWER";
}

export type MockRejectionKind =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "bad_request"
  | "unprocessable"
  | "too_many_requests";

/**
 * The auth model refused an operation. `message` is Phoenix's text for the case; the HTTP layer maps `kind` to a
 * status code in one table and GraphQL reports the message.
 */
export class MockRejection extends PhoenixOtelAuthError {
  readonly kind: MockRejectionKind;
  constructor(kind: MockRejectionKind, message: string) {
    super("ERR_PHOENIX_MOCK_REJECTED", message);
    this.kind = kind;
  }
}

interface Credentials {
  salt: Buffer;
  hash: Buffer;
}
interface TokenRow {
  id: number;
  userId: number;
  createdAt: number;
  expiresAt: number | null;
}
interface AccessTokenRow extends TokenRow {
  refreshTokenId: number;
}
interface ApiKeyRow extends TokenRow {
  name: string;
  description: string | null;
}
interface LoginAttempts {
  failures: number;
  blockedUntil: number;
  lastSeen: number;
}
interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Phoenix reloads its token cache every 10 s and deletes expired rows then, so an expired token answers
 * "Expired token" for up to 10 s and "Invalid token" afterwards. The mock sweeps exactly 10 s after expiry.
 */
export const TOKEN_SWEEP_DELAY_MS = 10_000;
/** Brute-force lockout: blocked for 300 s once `max_attempts` failures accumulate. */
export const LOCKOUT_MS = 300_000;
/** Records untouched for this long are forgotten (Phoenix keeps 4 partitions of 300 s). */
const LOGIN_RECORD_TTL_MS = 1_200_000;
/** Per-IP limiter on /auth/*: 0.2 requests/s, burst 12. */
const RATE_PER_MS = 0.2 / 1000;
const RATE_BURST = 12;

export const SYSTEM_USER_ID = 1;
export const DEFAULT_ADMIN_EMAIL = "admin@localhost";
export const DEFAULT_ADMIN_USERNAME = "admin";

/**
 * Phoenix's authentication state with no HTTP in it: users and passwords, the four token tables, API keys,
 * the brute-force and per-IP limiters. Every id auto-increments per table and is never reused.
 */
export class AuthModel {
  readonly config: MockPhoenixConfig;
  readonly #clock: Clock;
  readonly #codec: TokenCodec | undefined;
  #users = new Map<number, User>();
  #credentials = new Map<number, Credentials>();
  #access = new Map<number, AccessTokenRow>();
  #refresh = new Map<number, TokenRow>();
  #apiKeys = new Map<number, ApiKeyRow>();
  #resetTokens = new Map<number, TokenRow>();
  #nextId = { User: 1, AccessToken: 1, RefreshToken: 1, ApiKey: 1, PasswordResetToken: 1 };
  #loginAttempts = new Map<string, LoginAttempts>();
  #buckets = new Map<string, Bucket>();

  constructor(config: MockPhoenixConfig, clock: Clock = Date.now) {
    this.config = config;
    this.#clock = clock;
    this.#codec = config.secret ? new TokenCodec(config.secret) : undefined;
    this.reset();
  }

  now(): number {
    return this.#clock();
  }

  /** Back to a freshly initialised database: user 1 `system` (SYSTEM) and user 2 `admin` (ADMIN, needs reset). */
  reset(): void {
    for (const table of [this.#users, this.#credentials, this.#access, this.#refresh, this.#apiKeys, this.#resetTokens]) {
      table.clear();
    }
    this.#loginAttempts.clear();
    this.#buckets.clear();
    this.#nextId = { User: 1, AccessToken: 1, RefreshToken: 1, ApiKey: 1, PasswordResetToken: 1 };
    // Nobody can log in as the system user: a random salt and a random "hash".
    this.#insertUser({ username: "system", email: "system@localhost", role: "SYSTEM", passwordNeedsReset: false }, {
      salt: newSalt(),
      hash: randomBytes(32),
    });
    const salt = newSalt();
    this.#insertUser(
      { username: DEFAULT_ADMIN_USERNAME, email: DEFAULT_ADMIN_EMAIL, role: "ADMIN", passwordNeedsReset: true },
      { salt, hash: pbkdf2Sync(this.config.defaultAdminInitialPassword, salt, PBKDF2_ITERATIONS, 32, "sha256") },
    );
  }

  // ---------------------------------------------------------------- users

  /** Every user, the system user included, by ascending id. */
  users(): readonly User[] {
    return [...this.#users.values()];
  }

  user(id: number): User | undefined {
    return this.#users.get(id);
  }

  /** Case-insensitive, after trimming, as Phoenix's login lookup. */
  userByEmail(email: string): User | undefined {
    const wanted = sanitizeEmail(email);
    return this.users().find((u) => u.email.toLowerCase() === wanted);
  }

  userByUsername(username: string): User | undefined {
    return this.users().find((u) => u.username === username);
  }

  /** Phoenix's default admin: ADMIN role, username `admin`, email `admin@localhost`. */
  isDefaultAdmin(user: User): boolean {
    return user.role === "ADMIN" && user.username === DEFAULT_ADMIN_USERNAME && user.email === DEFAULT_ADMIN_EMAIL;
  }

  /** The active password policy's message for `password`, or undefined when it passes. */
  passwordProblem(password: string): string | undefined {
    const policy = this.config.enableStrongPasswordPolicy ? STRONG_PASSWORD_REQUIREMENTS : DEFAULT_PASSWORD_REQUIREMENTS;
    return policy.check(password);
  }

  /**
   * Inserts a LOCAL user. The caller validates email format and password policy (the surfaces differ in how they
   * report those); this checks uniqueness the way Phoenix's database reports it: email first, then username.
   */
  async createUser(input: {
    email: string;
    username: string;
    password: string;
    role: Role;
    passwordNeedsReset?: boolean;
  }): Promise<User> {
    const email = sanitizeEmail(input.email);
    const username = input.username.trim();
    if (this.userByEmail(email)) throw new MockRejection("conflict", "Email already exists");
    if (this.userByUsername(username)) throw new MockRejection("conflict", "Username already exists");
    const salt = newSalt();
    const hash = await hashPassword(input.password, salt);
    return this.#insertUser({ username, email, role: input.role, passwordNeedsReset: input.passwordNeedsReset ?? true }, { salt, hash });
  }

  #insertUser(fields: Pick<User, "username" | "email" | "role" | "passwordNeedsReset">, credentials: Credentials): User {
    const id = this.#nextId.User++;
    // The database default (CURRENT_TIMESTAMP) has whole seconds; later updates carry sub-second precision.
    const at = new Date(Math.floor(this.now() / 1000) * 1000);
    const user: User = { id, ...fields, authMethod: "LOCAL", createdAt: at, updatedAt: at };
    this.#users.set(id, user);
    this.#credentials.set(id, credentials);
    return user;
  }

  async checkPassword(user: User, password: string): Promise<boolean> {
    const credentials = this.#credentials.get(user.id);
    return credentials ? verifyPassword(password, credentials.salt, credentials.hash) : false;
  }

  /** Sets a new password and the reset flag. Does not log the user out: callers decide (Phoenix does, everywhere). */
  async setPassword(user: User, password: string, passwordNeedsReset: boolean): Promise<void> {
    const salt = newSalt();
    this.#credentials.set(user.id, { salt, hash: await hashPassword(password, salt) });
    user.passwordNeedsReset = passwordNeedsReset;
    this.touch(user);
  }

  touch(user: User): void {
    user.updatedAt = new Date(this.now());
  }

  /** Deletes the user and revokes every token and key they hold, at once. */
  deleteUser(user: User): void {
    this.logOut(user.id);
    for (const table of [this.#apiKeys, this.#resetTokens]) {
      for (const [id, row] of table) if (row.userId === user.id) table.delete(id);
    }
    this.#users.delete(user.id);
    this.#credentials.delete(user.id);
  }

  /** Phoenix's `log_out`: deletes every access and refresh token of the user (every browser). Keys survive. */
  logOut(userId: number): void {
    for (const table of [this.#access, this.#refresh]) {
      for (const [id, row] of table) if (row.userId === userId) table.delete(id);
    }
  }

  // ---------------------------------------------------------------- sessions

  /** The per-IP limiter of /auth/* (off with PHOENIX_DISABLE_RATE_LIMIT). */
  checkRateLimit(clientKey: string): void {
    if (this.config.disableRateLimit) return;
    const now = this.now();
    const bucket = this.#buckets.get(clientKey) ?? { tokens: RATE_BURST, updated: now };
    bucket.tokens = Math.min(RATE_BURST, bucket.tokens + (now - bucket.updated) * RATE_PER_MS);
    bucket.updated = now;
    this.#buckets.set(clientKey, bucket);
    if (bucket.tokens < 1) throw new MockRejection("too_many_requests", "Too Many Requests");
    bucket.tokens -= 1;
  }

  /** `POST /auth/login`, steps 2–7. Returns a fresh access/refresh pair. */
  async login(email: unknown, password: unknown): Promise<{ user: User; accessToken: string; refreshToken: string }> {
    if (!email || !password || typeof email !== "string" || typeof password !== "string") {
      throw new MockRejection("unauthorized", "Email and password required");
    }
    const key = sanitizeEmail(email);
    this.#checkLockout(key);
    const user = this.userByEmail(key);
    if (!user || !(await this.checkPassword(user, password))) {
      this.#recordFailure(key);
      throw new MockRejection("unauthorized", "Invalid email and/or password");
    }
    this.#loginAttempts.delete(key);
    return { user, ...(await this.issueSession(user)) };
  }

  #attempts(key: string): LoginAttempts | undefined {
    const record = this.#loginAttempts.get(key);
    if (record && this.now() - record.lastSeen >= LOGIN_RECORD_TTL_MS) {
      this.#loginAttempts.delete(key);
      return undefined;
    }
    return record;
  }

  #checkLockout(key: string): void {
    if (this.config.disableBruteForceLoginProtection) return;
    const record = this.#attempts(key);
    if (record) record.lastSeen = this.now();
    if (record && record.blockedUntil > this.now()) {
      throw new MockRejection("too_many_requests", "Too many failed login attempts. Please try again later.");
    }
  }

  #recordFailure(key: string): void {
    if (this.config.disableBruteForceLoginProtection) return;
    const now = this.now();
    const record = this.#attempts(key) ?? { failures: 0, blockedUntil: 0, lastSeen: now };
    if (record.blockedUntil && record.blockedUntil <= now) {
      record.failures = 0;
      record.blockedUntil = 0;
    }
    record.failures += 1;
    record.lastSeen = now;
    if (record.failures >= this.config.bruteForceLoginProtectionMaxAttempts) record.blockedUntil = now + LOCKOUT_MS;
    this.#loginAttempts.set(key, record);
  }

  /** Issues a web session: a refresh token and an access token tied to it. */
  async issueSession(user: User): Promise<{ accessToken: string; refreshToken: string }> {
    const now = this.now();
    const refresh: TokenRow = {
      id: this.#nextId.RefreshToken++,
      userId: user.id,
      createdAt: now,
      expiresAt: now + this.config.refreshTokenExpiryMinutes * 60_000,
    };
    const access: AccessTokenRow = {
      id: this.#nextId.AccessToken++,
      userId: user.id,
      createdAt: now,
      expiresAt: now + this.config.accessTokenExpiryMinutes * 60_000,
      refreshTokenId: refresh.id,
    };
    this.#refresh.set(refresh.id, refresh);
    this.#access.set(access.id, access);
    return {
      accessToken: await this.#sign({ kind: "AccessToken", id: access.id }),
      refreshToken: await this.#sign({ kind: "RefreshToken", id: refresh.id }),
    };
  }

  /**
   * `POST /auth/refresh`: the refresh token is single use; an access token sent beside it is revoked too.
   * Phoenix's messages: "Invalid refresh token", "Expired refresh token", "User not found".
   */
  async refresh(refreshToken: string, accessToken: string | undefined): Promise<{ user: User; accessToken: string; refreshToken: string }> {
    const found = await this.readToken(refreshToken);
    if (!found || found.kind !== "RefreshToken") throw new MockRejection("unauthorized", "Invalid refresh token");
    if (found.row.expiresAt !== null && found.row.expiresAt <= this.now()) {
      throw new MockRejection("unauthorized", "Expired refresh token");
    }
    this.#refresh.delete(found.row.id);
    for (const [id, row] of this.#access) if (row.refreshTokenId === found.row.id) this.#access.delete(id);
    if (accessToken !== undefined) {
      const access = await this.readToken(accessToken);
      if (access?.kind === "AccessToken") this.#access.delete(access.row.id);
    }
    const user = this.#users.get(found.row.userId);
    if (!user) throw new MockRejection("not_found", "User not found");
    return { user, ...(await this.issueSession(user)) };
  }

  // ---------------------------------------------------------------- tokens

  async #sign(id: TokenId): Promise<string> {
    if (!this.#codec) throw new MockRejection("forbidden", "Authentication is not enabled");
    return this.#codec.sign(id);
  }

  #sweep(): void {
    const cutoff = this.now() - TOKEN_SWEEP_DELAY_MS;
    for (const table of [this.#access, this.#refresh, this.#apiKeys, this.#resetTokens] as Map<number, TokenRow>[]) {
      for (const [id, row] of table) if (row.expiresAt !== null && row.expiresAt <= cutoff) table.delete(id);
    }
  }

  #table(kind: TokenKind): Map<number, TokenRow> {
    switch (kind) {
      case "AccessToken":
        return this.#access;
      case "RefreshToken":
        return this.#refresh;
      case "ApiKey":
        return this.#apiKeys;
      case "PasswordResetToken":
        return this.#resetTokens;
    }
  }

  /** Signature check, then the live row (Phoenix's `JwtStore.read`). Access tokens also need their refresh row. */
  async readToken(token: string): Promise<{ kind: TokenKind; row: TokenRow; user: User } | undefined> {
    if (!this.#codec) return undefined;
    const id = await this.#codec.read(token);
    if (!id) return undefined;
    this.#sweep();
    const row = this.#table(id.kind).get(id.id);
    if (!row) return undefined;
    if (id.kind === "AccessToken" && !this.#refresh.has((row as AccessTokenRow).refreshTokenId)) return undefined;
    const user = this.#users.get(row.userId);
    return user ? { kind: id.kind, row, user } : undefined;
  }

  /**
   * Phoenix's `BearerTokenAuthBackend.authenticate`. A non-empty Authorization header decides alone: a scheme
   * other than Bearer or an empty token means unauthenticated, and the cookie is not consulted (an empty header counts
   * as absent, as in Starlette). Refresh and password-reset tokens are never credentials.
   */
  async authenticate(request: { authorization?: string | null; accessCookie?: string | null }): Promise<Principal | undefined> {
    let token: string | undefined;
    if (request.authorization) {
      const space = request.authorization.indexOf(" ");
      const scheme = space < 0 ? request.authorization : request.authorization.slice(0, space);
      token = space < 0 ? "" : request.authorization.slice(space + 1);
      if (scheme.toLowerCase() !== "bearer" || !token) return undefined;
      const systemUser = this.#users.get(SYSTEM_USER_ID);
      if (this.config.adminSecret && safeEqual(token, this.config.adminSecret) && systemUser) {
        return { kind: "admin-secret", user: systemUser };
      }
    } else if (request.accessCookie) {
      token = request.accessCookie;
    }
    if (!token) return undefined;
    const found = await this.readToken(token);
    if (!found || (found.kind !== "AccessToken" && found.kind !== "ApiKey")) return undefined;
    const expired = found.row.expiresAt !== null && found.row.expiresAt <= this.now();
    return {
      kind: "user",
      user: found.user,
      via: found.kind === "ApiKey" ? "api-key" : "access-token",
      tokenId: { kind: found.kind, id: found.row.id },
      status: expired ? "EXPIRED" : "VALID",
    };
  }

  /** Phoenix's `is_authenticated`: undefined when allowed, else the 401 body. */
  authenticationProblem(principal: Principal | undefined): "Invalid token" | "Expired token" | undefined {
    if (!principal) return "Invalid token";
    if (principal.kind === "admin-secret") return undefined;
    return principal.status === "EXPIRED" ? "Expired token" : undefined;
  }

  // ---------------------------------------------------------------- API keys

  /**
   * Creates a key owned by `user` (the system user for a system key). `expiresAt` is not validated here: GraphQL
   * accepts a past date (the key is born expired); REST checks it first.
   */
  async createApiKey(input: { user: User; name: string; description?: string | null; expiresAt?: Date | null }): Promise<{ apiKey: ApiKey; key: string }> {
    const row: ApiKeyRow = {
      id: this.#nextId.ApiKey++,
      userId: input.user.id,
      name: input.name,
      description: input.description ?? null,
      createdAt: this.now(),
      expiresAt: input.expiresAt ? input.expiresAt.getTime() : null,
    };
    this.#apiKeys.set(row.id, row);
    return { apiKey: toApiKey(row), key: await this.#sign({ kind: "ApiKey", id: row.id }) };
  }

  apiKey(id: number): ApiKey | undefined {
    this.#sweep();
    const row = this.#apiKeys.get(id);
    return row && toApiKey(row);
  }

  /** Live keys, newest first. `system: true` → keys owned by SYSTEM users; `system: false` → every other key. */
  apiKeys(filter: { userId?: number; system?: boolean } = {}): ApiKey[] {
    this.#sweep();
    return [...this.#apiKeys.values()]
      .filter((row) => filter.userId === undefined || row.userId === filter.userId)
      .filter((row) => filter.system === undefined || (this.#users.get(row.userId)?.role === "SYSTEM") === filter.system)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
      .map(toApiKey);
  }

  isSystemKey(key: ApiKey): boolean {
    return this.#users.get(key.userId)?.role === "SYSTEM";
  }

  /** Revokes at once. Returns false when there was no such key. */
  deleteApiKey(id: number): boolean {
    return this.#apiKeys.delete(id);
  }
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    description: row.description,
    createdAt: new Date(row.createdAt),
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt),
  };
}
