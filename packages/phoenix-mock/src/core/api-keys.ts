import type { Principal } from "./auth.js";
import type { Instant } from "./instant.js";
import { reject } from "./rejections.js";
import type { ApiKey, ApiKeyRow, Store, User } from "./store.js";
import type { Users } from "./users.js";

export type SystemKeyInput = { name: string; description?: string | null; expiresAt?: Instant | null };

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * API keys. Phoenix keeps user and system keys in one table: a key is a system key when its owner has the SYSTEM
 * role. Who may mint and revoke them is decided here, for every surface.
 */
export class ApiKeys {
  readonly #store: Store;
  readonly #users: Users;

  constructor(store: Store, users: Users) {
    this.#store = store;
    this.#users = users;
  }

  /**
   * Phoenix's `_reject_api_key_issuers` / `require_session_or_admin_secret`: an API key cannot mint keys (it could
   * outlive its own revocation). The admin secret may.
   */
  refuseKeyMintedByKey(principal: Principal): void {
    if (principal.kind === "user" && principal.via !== "access-token") reject("key-minting-key");
  }

  /** Phoenix's REST `require_human_session`: only an access-token session, not even the admin secret. */
  requireHumanSession(principal: Principal): void {
    if (principal.kind === "admin-secret" || principal.via !== "access-token") reject("key-minting-key");
  }

  /** REST's `reject_system_api_key`: a SYSTEM key cannot manage personal keys (the admin secret may). */
  refuseSystemKeyCaller(principal: Principal): void {
    if (principal.kind === "user" && principal.user.role === "SYSTEM") reject("system-user-personal-keys");
  }

  /** The owner of a new personal key: the caller's current row, never the SYSTEM user. */
  personalKeyOwner(principal: Principal | undefined): User {
    const user = principal && this.#users.get(principal.user.id);
    if (!user) reject("user-not-found");
    if (user.role === "SYSTEM") reject("system-user-personal-keys");
    return user;
  }

  /**
   * Creates a key owned by `user` (the system user for a system key). `expiresAt` is not validated here: GraphQL
   * accepts a past date (the key is born expired); REST checks it first.
   */
  async create(input: { user: User; name: string; description?: string | null; expiresAt?: Instant | null }): Promise<{ apiKey: ApiKey; key: string }> {
    const row: ApiKeyRow = {
      id: this.#store.nextId("ApiKey"),
      userId: input.user.id,
      name: input.name,
      description: input.description ?? null,
      createdAt: this.#store.nowInstant(),
      expiresAt: input.expiresAt ?? null,
      claimsRole: input.user.role,
    };
    this.#store.apiKeys.set(row.id, row);
    return { apiKey: toApiKey(row), key: await this.#store.sign({ kind: "ApiKey", id: row.id }) };
  }

  /**
   * A system key, owned by the system user, if `caller` may mint one: an API key may not (refuseKeyMintedByKey); the
   * surfaces' own admin checks (REST `require_admin`, GraphQL `IsNotViewer` + `IsAdmin`) run before, through
   * auth.ts. `input` is read only once the caller may (reading it can refuse too, as in Phoenix's order), and handed
   * back with the key. `"test-harness"`: the mock's own API (createSystemApiKey()), which no request makes.
   */
  async createSystem<I extends SystemKeyInput>(caller: Principal | "test-harness", input: () => I): Promise<{ apiKey: ApiKey; key: string; input: I }> {
    if (caller !== "test-harness") this.refuseKeyMintedByKey(caller);
    const read = input();
    return { ...(await this.create({ user: this.#users.system(), name: read.name, description: read.description, expiresAt: read.expiresAt })), input: read };
  }

  get(id: number): ApiKey | undefined {
    this.#store.sweep();
    const row = this.#store.apiKeys.get(id);
    return row && toApiKey(row);
  }

  /** Live keys, newest first. `system: true` → keys owned by SYSTEM users; `system: false` → every other key. */
  list(filter: { userId?: number; system?: boolean } = {}): ApiKey[] {
    this.#store.sweep();
    return [...this.#store.apiKeys.values()]
      .filter((row) => filter.userId === undefined || row.userId === filter.userId)
      .filter((row) => filter.system === undefined || (this.#store.users.get(row.userId)?.role === "SYSTEM") === filter.system)
      .sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : b.createdAt > a.createdAt ? 1 : -1))
      .map(toApiKey);
  }

  /** A user's personal keys: the SYSTEM user (the admin secret, system keys) has none. */
  personalKeys(userId: number): ApiKey[] {
    return this.#users.get(userId)?.role === "SYSTEM" ? [] : this.list({ userId });
  }

  isSystemKey(key: ApiKey): boolean {
    return this.#store.users.get(key.userId)?.role === "SYSTEM";
  }

  /** Revokes at once. Returns false when there was no such key. */
  delete(id: number): boolean {
    return this.#store.apiKeys.delete(id);
  }

  /**
   * Phoenix's `can_revoke_user_api_key`: the owner or a (current) ADMIN; the admin secret always; a SYSTEM key or a
   * SYSTEM caller never. Someone else's key reads as missing on every surface, so nobody can probe for keys.
   */
  revokeUserKey(principal: Principal, keyId: number): void {
    const key = this.get(keyId);
    const owner = key && this.#users.get(key.userId);
    if (!owner || owner.role === "SYSTEM") reject("key-not-found");
    const caller = this.#users.get(principal.user.id);
    const allowed =
      caller !== undefined &&
      (principal.kind === "admin-secret" || (caller.role !== "SYSTEM" && (caller.role === "ADMIN" || owner.id === caller.id)));
    if (!allowed) reject("not-key-owner");
    this.delete(keyId);
  }

  /** Revokes a system key; any other id reads as missing. */
  revokeSystemKey(keyId: number): void {
    const key = this.get(keyId);
    if (!key || !this.isSystemKey(key)) reject("system-key-not-found");
    this.delete(keyId);
  }
}
