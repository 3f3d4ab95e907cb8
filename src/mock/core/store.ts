import type { MockPhoenixConfig } from "./config.js";
import { reject } from "./rejections.js";
import { TokenCodec, type TokenId, type TokenKind } from "./tokens.js";

/** Milliseconds since the epoch. Inject one to test expiry and lockout without sleeping. */
export type Clock = () => number;

export type Role = "SYSTEM" | "ADMIN" | "MEMBER" | "VIEWER";
/** Roles a user can be given (Phoenix's `UserRoleInput`). */
export const ASSIGNABLE_ROLES: readonly Role[] = ["ADMIN", "MEMBER", "VIEWER"];

/** A user row. Read-only outside the core: changes go through `Users` (users.ts). */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly role: Role;
  readonly authMethod: "LOCAL";
  /** Phoenix's `reset_password` flag. Only a flag: the server never enforces it. */
  readonly passwordNeedsReset: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
export type UserRow = { -readonly [K in keyof User]: User[K] };

export interface ApiKey {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: Date;
  /** null: never expires. */
  readonly expiresAt: Date | null;
}

export interface Credentials {
  salt: Buffer;
  hash: Buffer;
}
export interface TokenRow {
  id: number;
  userId: number;
  createdAt: number;
  expiresAt: number | null;
}
export interface AccessTokenRow extends TokenRow {
  refreshTokenId: number;
}
export interface ApiKeyRow extends TokenRow {
  name: string;
  description: string | null;
}

/**
 * Phoenix reloads its token cache every 10 s and deletes expired rows then, so an expired token answers
 * "Expired token" for up to 10 s and "Invalid token" afterwards. The mock sweeps exactly 10 s after expiry.
 */
export const TOKEN_SWEEP_DELAY_MS = 10_000;

type Table = "User" | "AccessToken" | "RefreshToken" | "ApiKey";

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
  #nextId: Record<Table, number> = { User: 1, AccessToken: 1, RefreshToken: 1, ApiKey: 1 };

  constructor(config: MockPhoenixConfig, clock: Clock) {
    this.#config = config;
    this.#clock = clock;
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

  nextId(table: Table): number {
    return this.#nextId[table]++;
  }

  /** Empties every table and restarts the ids. */
  clear(): void {
    for (const table of [this.users, this.credentials, this.access, this.refresh, this.apiKeys]) table.clear();
    this.#nextId = { User: 1, AccessToken: 1, RefreshToken: 1, ApiKey: 1 };
  }

  async sign(id: TokenId): Promise<string> {
    if (!this.#codec) reject("signing-disabled");
    return this.#codec.sign(id);
  }

  /** Deletes token rows expired for longer than the sweep delay. */
  sweep(): void {
    const cutoff = this.now() - TOKEN_SWEEP_DELAY_MS;
    for (const table of [this.access, this.refresh, this.apiKeys] as Map<number, TokenRow>[]) {
      for (const [id, row] of table) if (row.expiresAt !== null && row.expiresAt <= cutoff) table.delete(id);
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
        // Without SMTP Phoenix never issues one: no row can exist.
        return undefined;
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
    return row.expiresAt !== null && row.expiresAt <= this.now();
  }
}
