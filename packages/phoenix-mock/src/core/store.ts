import type { MockPhoenixConfig } from "./config.js";
import { reject } from "./rejections.js";
import { instantFromMs, type Instant } from "./instant.js";
import { TokenCodec, type TokenId, type TokenKind } from "./tokens.js";

/** Milliseconds since the epoch. Inject one to test expiry and lockout without sleeping. */
export type Clock = () => number;

/** A Phoenix user role; `SYSTEM` is the system user's, which no one can be given. */
export type Role = "SYSTEM" | "ADMIN" | "MEMBER" | "VIEWER";
/** Roles a user can be given (Phoenix's `UserRoleInput`). */
export const ASSIGNABLE_ROLES: readonly Role[] = ["ADMIN", "MEMBER", "VIEWER"];

/** How a user signs in (Phoenix's `auth_method`). */
export type AuthMethod = "LOCAL" | "OAUTH2" | "LDAP";

/** A user row. Read-only outside the core: changes go through `Users` (users.ts). */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly role: Role;
  /** LOCAL users sign in with a password; OAUTH2 and LDAP users have none (the mock has no sign-in for them). */
  readonly authMethod: AuthMethod;
  /** An OAUTH2 user's identifiers (null when not given; always null for other users). */
  readonly oauth2ClientId: string | null;
  readonly oauth2UserId: string | null;
  /** Phoenix's `reset_password` flag. Only a flag: the server never enforces it. */
  readonly passwordNeedsReset: boolean;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}
export type UserRow = { -readonly [K in keyof User]: User[K] };

export interface ApiKey {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: Instant;
  /** null: never expires. */
  readonly expiresAt: Instant | null;
}

export interface Credentials {
  salt: Buffer;
  hash: Buffer;
}
export interface TokenRow {
  id: number;
  userId: number;
  /** Microseconds, as Phoenix stores them (a client-sent `expires_at` keeps all six digits). */
  createdAt: Instant;
  expiresAt: Instant | null;
}
export interface AccessTokenRow extends TokenRow {
  refreshTokenId: number;
}
export interface ApiKeyRow extends TokenRow {
  name: string;
  description: string | null;
  /** The owner's role in the token cache's claims: set at creation, refreshed only by the cache reload. */
  claimsRole: Role;
}

/**
 * Phoenix's token store reloads on a clock of its own, every 10 s from server start (JwtStore `_run`): each reload
 * deletes the rows expired by then and rebuilds the cached claims (so API keys pick up their owner's new role).
 * Between reloads an expired token still answers "Expired token"; after the reload that deletes it, "Invalid token".
 */
export const TOKEN_CACHE_RELOAD_MS = 10_000;
/** The former name of TOKEN_CACHE_RELOAD_MS. */
export const TOKEN_SWEEP_DELAY_MS = TOKEN_CACHE_RELOAD_MS;

type Table = "User" | "AccessToken" | "RefreshToken" | "ApiKey" | "PasswordResetToken";

/**
 * The mock's database: the user, credential and token tables, with ids that auto-increment per table and are never
 * reused. Only the core's concept modules (users, sessions, api-keys, auth) read and write it.
 */
export class Store {
  #config: MockPhoenixConfig;
  readonly #clock: Clock;
  #codec: TokenCodec | undefined;
  readonly users = new Map<number, UserRow>();
  readonly credentials = new Map<number, Credentials>();
  readonly access = new Map<number, AccessTokenRow>();
  readonly refresh = new Map<number, TokenRow>();
  readonly apiKeys = new Map<number, ApiKeyRow>();
  /** Emailed password-reset tokens: at most one per user (password-reset.ts). */
  readonly resetTokens = new Map<number, TokenRow>();
  #nextId: Record<Table, number> = { User: 1, AccessToken: 1, RefreshToken: 1, ApiKey: 1, PasswordResetToken: 1 };
  /** When the server started (its first reload), and the last reload applied. */
  readonly #reloadOrigin: number;
  #reloads = 0;

  constructor(config: MockPhoenixConfig, clock: Clock) {
    this.#config = config;
    this.#clock = clock;
    this.#reloadOrigin = clock();
    this.#codec = config.secret ? new TokenCodec(config.secret) : undefined;
  }

  get config(): MockPhoenixConfig {
    return this.#config;
  }

  /** New settings after a restart: the tables stay, tokens are read with the new secret from now on. */
  restart(config: MockPhoenixConfig): void {
    this.#config = config;
    this.#codec = config.secret ? new TokenCodec(config.secret) : undefined;
  }

  now(): number {
    return this.#clock();
  }

  /** The clock as an Instant: Phoenix's server-made times have microseconds; the mock's are the clock's ms × 1000. */
  nowInstant(): Instant {
    return instantFromMs(this.#clock());
  }

  nextId(table: Table): number {
    return this.#nextId[table]++;
  }

  /** Empties every table and restarts the ids. */
  clear(): void {
    for (const table of [this.users, this.credentials, this.access, this.refresh, this.apiKeys, this.resetTokens]) table.clear();
    this.#nextId = { User: 1, AccessToken: 1, RefreshToken: 1, ApiKey: 1, PasswordResetToken: 1 };
  }

  async sign(id: TokenId): Promise<string> {
    if (!this.#codec) reject("signing-disabled");
    return this.#codec.sign(id);
  }

  /**
   * Applies the token-cache reloads due by now (driven by the injected clock): the latest one deletes every row
   * expired at its time and refreshes the API keys' cached roles. Called before every read and role change.
   */
  sweep(): void {
    const due = Math.floor((this.now() - this.#reloadOrigin) / TOKEN_CACHE_RELOAD_MS);
    if (due <= this.#reloads) return;
    this.#reloads = due;
    const at = instantFromMs(this.#reloadOrigin + due * TOKEN_CACHE_RELOAD_MS);
    for (const table of [this.access, this.refresh, this.apiKeys, this.resetTokens] as Map<number, TokenRow>[]) {
      // Phoenix deletes `expires_at <= now`; its reloads fall a little after each 10 s mark, never on it, so a row
      // expiring exactly at a mark (common with a manual clock) survives until the next one.
      for (const [id, row] of table) if (row.expiresAt !== null && row.expiresAt < at) table.delete(id);
    }
    for (const row of this.apiKeys.values()) row.claimsRole = this.users.get(row.userId)?.role ?? row.claimsRole;
  }

  /** Phoenix's `log_out`: deletes every access and refresh token of the user (every browser). Keys survive. */
  logOut(userId: number): void {
    for (const table of [this.access, this.refresh]) {
      for (const [id, row] of table) if (row.userId === userId) table.delete(id);
    }
  }

  #table(kind: TokenKind): Map<number, TokenRow> | undefined {
    switch (kind) {
      case "AccessToken":
        return this.access;
      case "RefreshToken":
        return this.refresh;
      case "ApiKey":
        return this.apiKeys;
      case "PasswordResetToken":
        return this.resetTokens;
    }
  }

  /** Signature check, then the live row (Phoenix's `JwtStore.read`). Access tokens also need their refresh row. */
  async readToken(token: string): Promise<{ kind: TokenKind; row: TokenRow; user: User } | undefined> {
    if (!this.#codec) return undefined;
    const id = await this.#codec.read(token);
    if (!id) return undefined;
    this.sweep();
    const row = this.#table(id.kind)?.get(id.id);
    if (!row) return undefined;
    if (id.kind === "AccessToken" && !this.refresh.has((row as AccessTokenRow).refreshTokenId)) return undefined;
    const user = this.users.get(row.userId);
    return user ? { kind: id.kind, row, user } : undefined;
  }

  isExpired(row: TokenRow): boolean {
    return row.expiresAt !== null && row.expiresAt <= this.nowInstant();
  }
}
