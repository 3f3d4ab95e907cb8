/**
 * OAUTH2 and LDAP users in the core: no password, so the password login refuses them as a wrong password (Phoenix's
 * 401, counted towards the lockout) and no reset token is issued for them (Phoenix's silent 204). The REST and GraphQL
 * answers are recorded from real Phoenix (contract cases rest-users-oauth2-ldap, graphql-create-user-oauth2-ldap).
 */
import { describe, expect, it } from "vitest";
import { Rejection } from "../../src/core/index.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { authModel } from "./helpers.js";

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof Rejection ? error.reason : String(error);
  }
  return undefined;
}

describe("OAUTH2 and LDAP users", () => {
  it("are created without a password and with reset_password false; OAUTH2 keeps its identifiers (empty is none)", () => {
    const { model } = authModel();
    const oauth = model.users.createExternal({ email: " A@Example.com ", username: " a ", role: "MEMBER", authMethod: "OAUTH2", oauth2ClientId: "c", oauth2UserId: "" });
    expect(oauth).toMatchObject({ email: "a@example.com", username: "a", authMethod: "OAUTH2", passwordNeedsReset: false, oauth2ClientId: "c", oauth2UserId: null });
    const ldap = model.users.createExternal({ email: "l@example.com", username: "l", role: "VIEWER", authMethod: "LDAP", oauth2ClientId: "ignored" });
    expect(ldap).toMatchObject({ authMethod: "LDAP", oauth2ClientId: null, oauth2UserId: null });
  });

  it("conflict on a repeated (client id, user id) pair before a taken email; a half-set pair never conflicts", () => {
    const { model } = authModel();
    const base = { role: "MEMBER" as const, authMethod: "OAUTH2" as const, oauth2ClientId: "c", oauth2UserId: "u" };
    model.users.createExternal({ ...base, email: "a@example.com", username: "a" });
    expect(reasonOf(() => model.users.createExternal({ ...base, email: "a@example.com", username: "b" }))).toBe("user-conflict");
    expect(reasonOf(() => model.users.createExternal({ ...base, oauth2UserId: null, email: "a@example.com", username: "b" }))).toBe("email-taken");
    expect(reasonOf(() => model.users.createExternal({ ...base, oauth2UserId: null, email: "b@example.com", username: "a" }))).toBe("username-taken");
    expect(reasonOf(() => model.users.createExternal({ ...base, oauth2UserId: null, email: "b@example.com", username: "b" }))).toBeUndefined();
    expect(reasonOf(() => model.users.createExternal({ ...base, oauth2UserId: null, email: "c@example.com", username: "c" }))).toBeUndefined();
  });

  it("cannot log in with a password (wrong-credentials) and get no reset token", async () => {
    const { model } = authModel();
    model.users.createExternal({ email: "o@example.com", username: "o", role: "MEMBER", authMethod: "OAUTH2" });
    await expect(model.sessions.login("o@example.com", generatePassword())).rejects.toMatchObject({ reason: "wrong-credentials" });
    expect(await model.passwordResets.issue("o@example.com")).toBeUndefined();
    await model.users.create({ email: "p@example.com", username: "p", password: generatePassword(), role: "MEMBER" });
    expect(await model.passwordResets.issue("p@example.com")).toBeDefined();
  });
});
