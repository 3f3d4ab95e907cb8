import { instantFromMs } from "./instant.js";
import { sanitizeEmail } from "./passwords.js";
import type { Sessions } from "./sessions.js";
import type { Store, TokenRow, User } from "./store.js";
import type { Users } from "./users.js";

/**
 * Phoenix's emailed password resets (`/auth/password-reset-email`, `/auth/password-reset`): a user holds at most
 * one reset token; a new request revokes the old one; the token expires after PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES
 * and is revoked by its use, which also logs the user out everywhere.
 */
export class PasswordResets {
  readonly #store: Store;
  readonly #users: Users;
  readonly #sessions: Sessions;

  constructor(store: Store, users: Users, sessions: Sessions) {
    this.#store = store;
    this.#users = users;
    this.#sessions = sessions;
  }

  /**
   * A new reset token for the user with this email (sanitized), or undefined when there is no such user or it is not
   * a LOCAL user (Phoenix answers the same 204 and sends nothing).
   */
  async issue(email: string): Promise<{ user: User; token: string } | undefined> {
    const store = this.#store;
    const user = this.#users.byEmail(sanitizeEmail(email));
    if (!user || user.authMethod !== "LOCAL") return undefined;
    for (const [id, row] of store.resetTokens) if (row.userId === user.id) store.resetTokens.delete(id);
    const now = store.now();
    const row: TokenRow = {
      id: store.nextId("PasswordResetToken"),
      userId: user.id,
      createdAt: instantFromMs(now),
      expiresAt: instantFromMs(now + store.config.passwordResetTokenExpiryMinutes * 60_000),
    };
    store.resetTokens.set(row.id, row);
    return { user, token: await store.sign({ kind: "PasswordResetToken", id: row.id }) };
  }

  /** The live, unexpired reset token's row and user, or undefined (Phoenix: "Invalid token"). */
  async read(token: string): Promise<{ row: TokenRow; user: User } | undefined> {
    const found = await this.#store.readToken(token);
    if (!found || found.kind !== "PasswordResetToken" || this.#store.isExpired(found.row)) return undefined;
    return { row: found.row, user: found.user };
  }

  /**
   * Sets the new password (checked by the caller against the policy), clears the reset flag and the brute-force
   * record of the email, revokes the token and logs the user out everywhere.
   */
  async complete(found: { row: TokenRow; user: User }, password: string): Promise<void> {
    await this.#users.setPassword(found.user, password, false);
    this.#sessions.forgetFailures(found.user.email);
    this.#store.resetTokens.delete(found.row.id);
    this.#store.logOut(found.user.id);
  }
}
