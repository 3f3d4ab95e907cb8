import { randomBytes } from "node:crypto";
import {
  DEFAULT_PASSWORD_REQUIREMENTS,
  STRONG_PASSWORD_REQUIREMENTS,
  hashPassword,
  hashPasswordSync,
  newSalt,
  sanitizeEmail,
  verifyPassword,
} from "./passwords.js";
import { wholeSeconds } from "./instant.js";
import { reject } from "./rejections.js";
import type { Credentials, Role, Store, User, UserRow } from "./store.js";

export const SYSTEM_USER_ID = 1;
export const SYSTEM_EMAIL = "system@localhost";
export const SYSTEM_USERNAME = "system";
export const DEFAULT_ADMIN_EMAIL = "admin@localhost";
export const DEFAULT_ADMIN_USERNAME = "admin";

/**
 * Phoenix's `user.email == DEFAULT_ADMIN_EMAIL`: the default admin whose role cannot change, and the one
 * management user (PHOENIX_ADMINS is not modelled).
 */
export function hasDefaultAdminEmail(user: User): boolean {
  return user.email === DEFAULT_ADMIN_EMAIL;
}

/** The seeded default admin row as GraphQL's deleteUsers finds it: ADMIN role, username `admin`, email `admin@localhost`. */
export function isSeededDefaultAdmin(user: User): boolean {
  return user.role === "ADMIN" && user.username === DEFAULT_ADMIN_USERNAME && user.email === DEFAULT_ADMIN_EMAIL;
}

/** REST's `DELETE /v1/users/{id}` guard: the default admin's or the system user's email or username. */
export function isSeededAccount(user: User): boolean {
  return [DEFAULT_ADMIN_EMAIL, SYSTEM_EMAIL].includes(user.email) || [DEFAULT_ADMIN_USERNAME, SYSTEM_USERNAME].includes(user.username);
}

/** Users and their passwords. Every change to a user row goes through here. */
export class Users {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** A freshly initialised database: user 1 `system` (SYSTEM) and user 2 `admin` (ADMIN, needs reset). */
  seed(): void {
    // Nobody can log in as the system user: a random salt and a random "hash".
    this.#insert({ username: SYSTEM_USERNAME, email: SYSTEM_EMAIL, role: "SYSTEM", passwordNeedsReset: false }, {
      salt: newSalt(),
      hash: randomBytes(32),
    });
    const salt = newSalt();
    const password = this.#store.config.defaultAdminInitialPassword;
    // PBKDF2 is the slowest step of a start or reset(): the default admin's hash is made when a login first needs it.
    let hash: Buffer | undefined;
    this.#insert(
      { username: DEFAULT_ADMIN_USERNAME, email: DEFAULT_ADMIN_EMAIL, role: "ADMIN", passwordNeedsReset: true },
      {
        salt,
        get hash() {
          return (hash ??= hashPasswordSync(password, salt));
        },
      },
    );
  }

  /** Every user, the system user included, by ascending id. */
  all(): readonly User[] {
    return [...this.#store.users.values()];
  }

  get(id: number): User | undefined {
    return this.#store.users.get(id);
  }

  /** The one SYSTEM user (the owner of system keys, and who the admin secret acts as). */
  system(): User {
    return this.#store.users.get(SYSTEM_USER_ID)!;
  }

  /** Case-insensitive, after trimming, as Phoenix's login lookup. */
  byEmail(email: string): User | undefined {
    const wanted = sanitizeEmail(email);
    return this.all().find((u) => u.email.toLowerCase() === wanted);
  }

  byUsername(username: string): User | undefined {
    return this.all().find((u) => u.username === username);
  }

  /** The active password policy's message for `password`, or undefined when it passes. */
  passwordProblem(password: string): string | undefined {
    const policy = this.#store.config.enableStrongPasswordPolicy ? STRONG_PASSWORD_REQUIREMENTS : DEFAULT_PASSWORD_REQUIREMENTS;
    return policy.check(password);
  }

  /** Phoenix refuses to create SYSTEM users. */
  assertCreatableRole(role: Role): void {
    if (role === "SYSTEM") reject("system-role");
  }

  /**
   * Inserts a LOCAL user. The caller validates email format and password policy (the surfaces differ in how they
   * report those); this checks uniqueness the way Phoenix's database reports it: email first, then username.
   */
  async create(input: { email: string; username: string; password: string; role: Role; passwordNeedsReset?: boolean }): Promise<User> {
    const email = sanitizeEmail(input.email);
    const username = input.username.trim();
    if (this.byEmail(email)) reject("email-taken");
    if (this.byUsername(username)) reject("username-taken");
    const salt = newSalt();
    const hash = await hashPassword(input.password, salt);
    return this.#insert({ username, email, role: input.role, passwordNeedsReset: input.passwordNeedsReset ?? true }, { salt, hash });
  }

  /**
   * Inserts an OAUTH2 or LDAP user: no password (so no password login and no emailed reset), `reset_password` false.
   * Uniqueness as Phoenix's database reports it: an OAUTH2 user's (client id, user id) pair when both are set (its
   * partial unique index, reported before a taken email; a null in it never conflicts), then email, then username.
   */
  createExternal(input: { email: string; username: string; role: Role; authMethod: "OAUTH2" | "LDAP"; oauth2ClientId?: string | null; oauth2UserId?: string | null }): User {
    const email = sanitizeEmail(input.email);
    const username = input.username.trim();
    const oauth2ClientId = input.authMethod === "OAUTH2" ? input.oauth2ClientId || null : null;
    const oauth2UserId = input.authMethod === "OAUTH2" ? input.oauth2UserId || null : null;
    const sameIdentity = (u: User) => u.authMethod === "OAUTH2" && u.oauth2ClientId === oauth2ClientId && u.oauth2UserId === oauth2UserId;
    if (oauth2ClientId !== null && oauth2UserId !== null && this.all().some(sameIdentity)) reject("user-conflict");
    if (this.byEmail(email)) reject("email-taken");
    if (this.byUsername(username)) reject("username-taken");
    return this.#insert({ username, email, role: input.role, passwordNeedsReset: false, authMethod: input.authMethod, oauth2ClientId, oauth2UserId });
  }

  #insert(
    fields: Pick<User, "username" | "email" | "role" | "passwordNeedsReset"> & Partial<Pick<User, "authMethod" | "oauth2ClientId" | "oauth2UserId">>,
    credentials?: Credentials,
  ): User {
    const id = this.#store.nextId("User");
    // The database default (CURRENT_TIMESTAMP) has whole seconds; later updates carry sub-second precision.
    const at = wholeSeconds(this.#store.nowInstant());
    const user: UserRow = { id, authMethod: "LOCAL", oauth2ClientId: null, oauth2UserId: null, ...fields, createdAt: at, updatedAt: at };
    this.#store.users.set(id, user);
    if (credentials) this.#store.credentials.set(id, credentials);
    return user;
  }

  async checkPassword(user: User, password: string): Promise<boolean> {
    const credentials = this.#store.credentials.get(user.id);
    return credentials ? verifyPassword(password, credentials.salt, credentials.hash) : false;
  }

  /** patchViewer's check: a new password needs the valid current one. */
  async assertCurrentPassword(user: User, currentPassword: string | null | undefined): Promise<void> {
    if (!currentPassword || !(await this.checkPassword(user, currentPassword))) reject("wrong-current-password");
  }

  /** Sets a new password and the reset flag. Does not log the user out: `update` does. */
  async setPassword(user: User, password: string, passwordNeedsReset: boolean): Promise<void> {
    const row = this.#row(user);
    const salt = newSalt();
    this.#store.credentials.set(row.id, { salt, hash: await hashPassword(password, salt) });
    row.passwordNeedsReset = passwordNeedsReset;
    row.updatedAt = this.#store.nowInstant();
  }

  /** Only a LOCAL user has a password to set (patchUser, patchViewer). */
  assertLocalUser(user: User): void {
    if (user.authMethod !== "LOCAL") reject("non-local-password");
  }

  /** Phoenix's role-change guards (patchUser): not the default admin's role, and not one's own. */
  assertRoleChangeAllowed(user: User, requesterId: number): void {
    if (hasDefaultAdminEmail(user)) reject("default-admin-role");
    if (user.id === requesterId) reject("own-role");
  }

  /**
   * patchUser / patchViewer in one transaction: a taken username leaves the role and password untouched. A new role
   * or password logs the user out everywhere (every access and refresh token).
   */
  async update(
    user: User,
    changes: { role?: Role | null; username?: string | null; password?: string | null; passwordNeedsReset: boolean },
  ): Promise<void> {
    const row = this.#row(user);
    const holder = changes.username ? this.byUsername(changes.username) : undefined;
    if (holder && holder.id !== row.id) reject("username-taken");
    // Reloads due before the change still cache the old role.
    this.#store.sweep();
    if (changes.role) row.role = changes.role;
    if (changes.password) await this.setPassword(row, changes.password, changes.passwordNeedsReset);
    if (changes.username) row.username = changes.username;
    row.updatedAt = this.#store.nowInstant();
    if (changes.role || changes.password) this.#store.logOut(row.id);
  }

  /** `DELETE /v1/users/{id}`: the seeded accounts are protected (by email or username). */
  deleteOne(user: User): void {
    if (isSeededAccount(user)) reject("protected-user");
    this.#remove(user.id);
  }

  /**
   * GraphQL `deleteUsers`: SYSTEM users are skipped, the seeded default admin refuses the whole batch, and any id
   * without a user refuses it after that. All or nothing.
   */
  deleteMany(rowIds: readonly number[]): void {
    const found = rowIds.map((id) => this.get(id)).filter((u): u is User => u !== undefined && u.role !== "SYSTEM");
    if (found.some(isSeededDefaultAdmin)) reject("protected-user");
    if (found.length < rowIds.length) reject("users-not-found");
    for (const user of found) this.#remove(user.id);
  }

  /** Deletes the user and revokes every token and key they hold, at once. */
  #remove(userId: number): void {
    this.#store.logOut(userId);
    for (const table of [this.#store.apiKeys, this.#store.resetTokens]) for (const [id, row] of table) if (row.userId === userId) table.delete(id);
    this.#store.users.delete(userId);
    this.#store.credentials.delete(userId);
  }

  #row(user: User): UserRow {
    const row = this.#store.users.get(user.id);
    if (!row) reject("user-not-found");
    return row;
  }
}
