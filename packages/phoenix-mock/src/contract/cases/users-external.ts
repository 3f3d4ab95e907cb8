/** OAUTH2 and LDAP users (no password): created over REST and GraphQL, listed, refused at the password login, deleted. */
import { expect } from "../expect.js";
import { generatePassword } from "../secrets.js";
import type { CaseContext, ConformanceCase } from "../harness.js";

const CREATE_USER = "mutation($input:CreateUserInput!){createUser(input:$input){user{id email username role{name} passwordNeedsReset authMethod}}}";

function newUser(ctx: CaseContext, authMethod: "OAUTH2" | "LDAP", extra: Record<string, unknown> = {}) {
  const username = ctx.unique(authMethod === "OAUTH2" ? "oauth" : "ldap");
  return { auth_method: authMethod, email: `${username}@example.com`, username, role: "MEMBER", ...extra };
}

export const externalUserCases: ConformanceCase[] = [
  {
    id: "rest-users-oauth2-ldap",
    title: "POST /v1/users for OAUTH2 and LDAP users: 201 without password fields; identifier pair and email/username 409s; list, login 401, delete",
    covers: "§10",
    async run(ctx) {
      const post = (label: string, user: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        ctx.req(label, "POST", "/v1/users", { ...ctx.admin, json: { user, send_welcome_email: false, ...extra } });
      const ids: string[] = [];
      const [clientId, userId] = [ctx.unique("client"), ctx.unique("subject")];
      const oauth = newUser(ctx, "OAUTH2", { oauth2_client_id: clientId, oauth2_user_id: userId });
      const created = await post("oauth2-with-ids", oauth);
      expect(created.status).toBe(201);
      ids.push(created.json().data.id);
      const bare = await post("oauth2-without-ids", newUser(ctx, "OAUTH2", { oauth2_client_id: "" }));
      expect(bare.status).toBe(201);
      ids.push(bare.json().data.id);
      const bare2 = await post("oauth2-without-ids-again", newUser(ctx, "OAUTH2"));
      ids.push(bare2.json().data.id);
      const samePair = await post("oauth2-same-pair", newUser(ctx, "OAUTH2", { oauth2_client_id: clientId, oauth2_user_id: userId }));
      expect(samePair.status).toBe(409);
      const pairAndEmail = await post("oauth2-same-pair-and-email", { ...oauth, username: ctx.unique("oauth") });
      expect(pairAndEmail.status).toBe(409);
      const clientOnly = await post("oauth2-same-client-only", newUser(ctx, "OAUTH2", { oauth2_client_id: clientId }));
      ids.push(clientOnly.json().data.id);
      await post("oauth2-null-client-id", newUser(ctx, "OAUTH2", { oauth2_client_id: null, oauth2_user_id: 7 }));
      const password = generatePassword("pw-");
      const withPassword = newUser(ctx, "OAUTH2", { password });
      const ignored = await post("oauth2-password-ignored", withPassword);
      ids.push(ignored.json().data.id);
      const login = await ctx.req("oauth2-password-login", "POST", "/auth/login", { json: { email: withPassword.email, password } });
      expect(login.status).toBe(401);
      const ldap = newUser(ctx, "LDAP", { ldap_unique_id: "ignored", password });
      const ldapCreated = await post("ldap", ldap, { send_welcome_email: "no" });
      expect(ldapCreated.status).toBe(201);
      ids.push(ldapCreated.json().data.id);
      await post("ldap-duplicate-username", { ...newUser(ctx, "LDAP"), username: ldap.username });
      await post("ldap-duplicate-email", { ...newUser(ctx, "LDAP"), email: ldap.email.toUpperCase() });
      await post("ldap-bad-email", { ...newUser(ctx, "LDAP"), email: "not-an-email" });
      await post("ldap-send-welcome-email-invalid", newUser(ctx, "LDAP"), { send_welcome_email: "maybe" });
      await post("ldap-send-welcome-email-list", newUser(ctx, "LDAP"), { send_welcome_email: [] });
      // The two newest users are the LDAP user and the OAuth2 user with a password (nothing else creates users meanwhile).
      await ctx.req("list-newest", "GET", "/v1/users?limit=2", ctx.admin);
      await ctx.req("ldap-login", "POST", "/auth/login", { json: { email: ldap.email, password } });
      for (const [i, id] of ids.entries()) expect((await ctx.req(`delete-${i}`, "DELETE", `/v1/users/${id}`, ctx.admin)).status).toBe(204);
    },
  },
  {
    id: "graphql-create-user-oauth2-ldap",
    title: "createUser with authMethod OAUTH2/LDAP: no password, no email format check, passwordNeedsReset false; a password is refused",
    covers: "§15.5 #33",
    async run(ctx) {
      const admin = { bearer: (await ctx.userWithSession("ADMIN")).session.access };
      const input = (authMethod: string, extra: Record<string, unknown> = {}) => {
        const username = ctx.unique("gqlext");
        return { email: `${username}@example.com`, username, role: "VIEWER", authMethod, ...extra };
      };
      const ids: string[] = [];
      for (const [label, vars] of [
        ["oauth2", input("OAUTH2")],
        ["ldap", input("LDAP", { sendWelcomeEmail: true })],
        ["oauth2-bad-email", input("OAUTH2", { email: `  ${ctx.unique("noat")}  ` })],
        ["oauth2-password", input("OAUTH2", { password: generatePassword("pw-") })],
        ["ldap-password", input("LDAP", { password: generatePassword("pw-") })],
      ] as const) {
        const res = await ctx.gql(label, CREATE_USER, { input: vars }, admin);
        const id = res.json().data?.createUser?.user?.id;
        if (id) ids.push(id);
      }
      const dup = input("LDAP");
      const first = await ctx.gql("ldap-first", CREATE_USER, { input: dup }, admin);
      ids.push(first.json().data.createUser.user.id);
      await ctx.gql("ldap-duplicate-email", CREATE_USER, { input: { ...input("OAUTH2"), email: dup.email } }, admin);
      await ctx.gql("ldap-duplicate-username", CREATE_USER, { input: { ...input("LDAP"), username: dup.username } }, admin);
      expect(ids).toHaveLength(4);
      const PATCH_USER = "mutation($input:PatchUserInput!){patchUser(input:$input){user{id username passwordNeedsReset}}}";
      await ctx.gql("patch-password", PATCH_USER, { input: { userId: ids[0], newPassword: generatePassword("pw-") } }, admin);
      await ctx.gql("patch-short-password", PATCH_USER, { input: { userId: ids[0], newPassword: "abc" } }, admin);
      await ctx.gql("patch-username", PATCH_USER, { input: { userId: ids[1], newUsername: ctx.unique("renamed") } }, admin);
      const deleted = await ctx.gql("delete", "mutation($ids:[ID!]!){deleteUsers(input:{userIds:$ids}){userIds}}", { ids }, admin);
      expect(deleted.json().data.deleteUsers.userIds).toHaveLength(4);
    },
  },
];
