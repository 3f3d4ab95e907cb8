/** Users over REST and GraphQL: creation, roles, password changes, deletion. */
import { expect } from "../expect.js";
import { generatePassword } from "../secrets.js";
import type { ConformanceCase } from "../harness.js";

const CREATE_USER = "mutation($input:CreateUserInput!){createUser(input:$input){user{id email username role{name} passwordNeedsReset authMethod}}}";
const PATCH_VIEWER = "mutation($input:PatchViewerInput!){patchViewer(input:$input){user{id username passwordNeedsReset}}}";
const PATCH_USER = "mutation($input:PatchUserInput!){patchUser(input:$input){user{id username role{name} passwordNeedsReset}}}";
const DELETE_USERS = "mutation($ids:[ID!]!){deleteUsers(input:{userIds:$ids}){userIds}}";

function errorMessage(res: { json(): any }): string | undefined {
  return res.json().errors?.[0]?.message;
}

export const userCases: ConformanceCase[] = [
  {
    id: "rest-user-self",
    title: "GET /v1/user returns the caller (session or the caller's own API key)",
    covers: "§10, §15.10 #73",
    async run(ctx) {
      const { user, session } = await ctx.userWithSession("VIEWER");
      const me = await ctx.req("session", "GET", "/v1/user", { bearer: session.access });
      expect(me.json().data).toMatchObject({ email: user.email, username: user.username, role: "VIEWER", auth_method: "LOCAL", password_needs_reset: true });
      const key = await ctx.createUserKey(session);
      const byKey = await ctx.req("api-key", "GET", "/v1/user", { bearer: key.key });
      expect(byKey.json().data.email).toBe(user.email);
    },
  },
  {
    id: "rest-users-create",
    title: "POST /v1/users → 201 with the user; duplicate email/username → 409; role SYSTEM → 400",
    covers: "§10",
    async run(ctx) {
      const username = ctx.unique("created");
      const email = `${username}@example.com`;
      const body = (u: string, e: string, role = "MEMBER") => ({ user: { auth_method: "LOCAL", email: e, username: u, role, password: generatePassword("pw-") }, send_welcome_email: false });
      const created = await ctx.req("create", "POST", "/v1/users", { ...ctx.admin, json: body(username, email) });
      expect(created.status).toBe(201);
      expect(created.json().data).toMatchObject({ email, username, role: "MEMBER", auth_method: "LOCAL", password_needs_reset: true });
      const other = ctx.unique("other");
      const dupEmail = await ctx.req("duplicate-email", "POST", "/v1/users", { ...ctx.admin, json: body(other, email) });
      expect([dupEmail.status, dupEmail.text]).toEqual([409, "Email already exists"]);
      const dupName = await ctx.req("duplicate-username", "POST", "/v1/users", { ...ctx.admin, json: body(username, `${other}@example.com`) });
      expect([dupName.status, dupName.text]).toEqual([409, "Username already exists"]);
      const system = await ctx.req("role-system", "POST", "/v1/users", { ...ctx.admin, json: body(ctx.unique("sys"), `${ctx.unique("sys")}@example.com`, "SYSTEM") });
      expect([system.status, system.text]).toEqual([400, "Cannot create users with SYSTEM role"]);
      await ctx.deleteUsers([created.json().data.id]);
    },
  },
  {
    id: "rest-users-admin-only",
    title: "GET/POST /v1/users: member and viewer → 403 (viewer message first for writes); admin session → 200",
    covers: "§7.1, §15.7 #58",
    async run(ctx) {
      const member = await ctx.userWithSession("MEMBER");
      const viewer = await ctx.userWithSession("VIEWER");
      const admin = await ctx.userWithSession("ADMIN");
      const m = await ctx.req("member-list", "GET", "/v1/users", { bearer: member.session.access });
      expect([m.status, m.text]).toEqual([403, "Only admin or system users can perform this action."]);
      expect((await ctx.req("viewer-list", "GET", "/v1/users", { bearer: viewer.session.access })).status).toBe(403);
      const vPost = await ctx.req("viewer-create", "POST", "/v1/users", { bearer: viewer.session.access, json: {} });
      expect([vPost.status, vPost.text]).toEqual([403, "Viewers cannot perform this action."]);
      expect((await ctx.req("member-create", "POST", "/v1/users", { bearer: member.session.access, json: {} })).status).toBe(403);
      expect((await ctx.req("admin-list", "GET", "/v1/users?limit=1", { bearer: admin.session.access })).status).toBe(200);
      expect((await ctx.req("admin-create-empty", "POST", "/v1/users", { bearer: admin.session.access, json: {} })).status).toBe(422);
    },
  },
  {
    id: "rest-users-delete",
    title: "DELETE /v1/users/{id}: default admin or system → 403; bad id → 422; unknown → 404; a fresh user → 204",
    covers: "§10",
    async run(ctx) {
      const admin = await ctx.req("default-admin", "DELETE", "/v1/users/VXNlcjoy", ctx.admin);
      expect([admin.status, admin.text]).toEqual([403, "Cannot delete the default admin or system user"]);
      expect((await ctx.req("system", "DELETE", "/v1/users/VXNlcjox", ctx.admin)).status).toBe(403);
      const bad = await ctx.req("bad-id", "DELETE", "/v1/users/fake-id-x", ctx.admin);
      expect([bad.status, bad.text]).toEqual([422, "Invalid User GlobalID format: fake-id-x"]);
      const unknown = await ctx.req("unknown", "DELETE", `/v1/users/${Buffer.from("User:999999999").toString("base64")}`, ctx.admin);
      expect([unknown.status, unknown.text]).toEqual([404, "User not found"]);
      // A user that never logged in (real Phoenix 20.26.1 answers 500 for a user with live sessions).
      const user = await ctx.createUser("MEMBER");
      expect((await ctx.req("fresh-user", "DELETE", `/v1/users/${user.id}`, ctx.admin)).status).toBe(204);
      expect((await ctx.req("login-after", "POST", "/auth/login", { json: { email: user.email, password: user.password } })).status).toBe(401);
    },
  },
  {
    id: "graphql-unauthenticated",
    title: "GraphQL without credentials → HTTP 401 (createUser, patchViewer, GET /graphql)",
    covers: "§15.5 #32, #35",
    async run(ctx) {
      expect((await ctx.gql("create-user", CREATE_USER, { input: { email: "x@example.com", username: "x", password: generatePassword("pw-"), role: "MEMBER" } })).status).toBe(401);
      expect((await ctx.gql("patch-viewer", PATCH_VIEWER, { input: { newUsername: "x" } })).status).toBe(401);
      expect((await ctx.req("get-graphql", "GET", "/graphql")).status).toBe(401);
    },
  },
  {
    id: "graphql-viewer-query",
    title: "query { viewer } returns the caller; the admin secret is the system user with no API keys",
    covers: "§8.1, §15.9 #86",
    async run(ctx) {
      const { user, session } = await ctx.userWithSession("MEMBER");
      const res = await ctx.gql("member", "{viewer{id email username role{name} passwordNeedsReset authMethod}}", {}, { bearer: session.access });
      expect(res.json().data.viewer).toMatchObject({ id: user.id, email: user.email, role: { name: "MEMBER" }, passwordNeedsReset: true, authMethod: "LOCAL" });
      const system = await ctx.gql("admin-secret", "{viewer{id username role{name} apiKeys{id}}}", {}, ctx.admin);
      expect(system.json()).toEqual({ data: { viewer: { id: "VXNlcjox", username: "system", role: { name: "SYSTEM" }, apiKeys: [] } } });
    },
  },
  {
    id: "graphql-create-user-roles",
    title: "createUser: viewer and member are denied with Phoenix's messages; an admin creates a user who can log in",
    covers: "§15.5 #33",
    async run(ctx) {
      const viewer = await ctx.userWithSession("VIEWER");
      const member = await ctx.userWithSession("MEMBER");
      const admin = await ctx.userWithSession("ADMIN");
      const input = () => {
        const username = ctx.unique("gqluser");
        return { email: `${username}@example.com`, username, password: generatePassword("pw-"), role: "MEMBER" };
      };
      expect(errorMessage(await ctx.gql("viewer", CREATE_USER, { input: input() }, { bearer: viewer.session.access }))).toBe("Viewers cannot perform this action");
      expect(errorMessage(await ctx.gql("member", CREATE_USER, { input: input() }, { bearer: member.session.access }))).toBe("Only admin can perform this action");
      const created = input();
      const ok = await ctx.gql("admin", CREATE_USER, { input: created }, { cookies: admin.session.cookies });
      const newUser = ok.json().data.createUser.user;
      expect(newUser).toMatchObject({ email: created.email, role: { name: "MEMBER" }, passwordNeedsReset: true });
      const login = await ctx.req("new-user-login", "POST", "/auth/login", { json: { email: created.email, password: created.password } });
      expect(login.status).toBe(204);
      const dup = await ctx.gql("duplicate-email-upper-case", CREATE_USER, { input: { ...input(), email: created.email.toUpperCase() } }, { bearer: admin.session.access });
      expect(errorMessage(dup)).toBe("Email already exists");
      await ctx.deleteUsers([newUser.id]);
    },
  },
  {
    id: "graphql-patch-viewer-password",
    title: "patchViewer password change: needs the current password; success deletes both cookies and ends old sessions",
    covers: "§8.2, §15.5 #36-#37",
    async run(ctx) {
      const { user, session } = await ctx.userWithSession("MEMBER");
      const auth = { bearer: session.access };
      const [newPassword, wrongPassword] = [generatePassword("pw-"), generatePassword("pw-")];
      expect(errorMessage(await ctx.gql("no-current", PATCH_VIEWER, { input: { newPassword } }, auth))).toBe("current_password is required when modifying password");
      expect(errorMessage(await ctx.gql("wrong-current", PATCH_VIEWER, { input: { newPassword, currentPassword: wrongPassword } }, auth))).toBe("Valid current password is required to modify password");
      // "abc" is a literal on purpose: too short to ever be a password, it only checks the length rule.
      expect(errorMessage(await ctx.gql("too-short", PATCH_VIEWER, { input: { newPassword: "abc", currentPassword: user.password } }, auth))).toBe("Password must be at least 4 characters long");
      expect(errorMessage(await ctx.gql("empty-input", PATCH_VIEWER, { input: {} }, auth))).toBe("At least one field must be set");
      const ok = await ctx.gql("change", PATCH_VIEWER, { input: { newPassword, currentPassword: user.password } }, auth);
      expect(ok.json().data.patchViewer.user.passwordNeedsReset).toBe(false);
      expect(ok.setCookies).toHaveLength(2);
      expect((await ctx.req("old-session", "GET", "/v1/user", auth)).status).toBe(401);
      expect((await ctx.req("old-password", "POST", "/auth/login", { json: { email: user.email, password: user.password } })).status).toBe(401);
      const fresh = await ctx.req("new-password", "POST", "/auth/login", { json: { email: user.email, password: newPassword } });
      expect(fresh.status).toBe(204);
      const access = fresh.cookie("phoenix-access-token")!;
      const me = await ctx.req("me", "GET", "/v1/user", { bearer: access });
      expect(me.json().data.password_needs_reset).toBe(false);
      expect(errorMessage(await ctx.gql("reuse-old-current", PATCH_VIEWER, { input: { newPassword: generatePassword("pw-"), currentPassword: user.password } }, { bearer: access }))).toBe("Valid current password is required to modify password");
    },
  },
  {
    id: "graphql-patch-viewer-username",
    title: "patchViewer newUsername needs no current password (a wrong one is ignored)",
    covers: "§15.5 #38",
    async run(ctx) {
      const { session } = await ctx.userWithSession("VIEWER");
      const name = ctx.unique("renamed");
      const res = await ctx.gql("rename", PATCH_VIEWER, { input: { newUsername: name } }, { bearer: session.access });
      expect(res.json().data.patchViewer.user.username).toBe(name);
      const name2 = ctx.unique("renamed");
      const res2 = await ctx.gql("rename-wrong-current", PATCH_VIEWER, { input: { newUsername: name2, currentPassword: generatePassword("pw-") } }, { bearer: session.access });
      expect(res2.json().data.patchViewer.user.username).toBe(name2);
    },
  },
  {
    id: "graphql-patch-user",
    title: "patchUser: default admin's role and own role are refused; role and password changes log the target out",
    covers: "§15.5 #39-#43",
    async run(ctx) {
      const admin = await ctx.userWithSession("ADMIN");
      const target = await ctx.userWithSession("MEMBER");
      const viewer = await ctx.userWithSession("VIEWER");
      const auth = { bearer: admin.session.access };
      expect(errorMessage(await ctx.gql("default-admin-role", PATCH_USER, { input: { userId: "VXNlcjoy", newRole: "MEMBER" } }, auth))).toBe("Cannot modify role for the default admin user");
      expect(errorMessage(await ctx.gql("own-role", PATCH_USER, { input: { userId: admin.user.id, newRole: "MEMBER" } }, auth))).toBe("Cannot modify own role");
      expect(errorMessage(await ctx.gql("empty", PATCH_USER, { input: { userId: target.user.id } }, auth))).toBe("At least one field must be set");
      expect(errorMessage(await ctx.gql("viewer-denied", PATCH_USER, { input: { userId: target.user.id, newRole: "VIEWER" } }, { bearer: viewer.session.access }))).toBe("Viewers cannot perform this action");
      const role = await ctx.gql("role-change", PATCH_USER, { input: { userId: target.user.id, newRole: "VIEWER" } }, auth);
      expect(role.json().data.patchUser.user.role.name).toBe("VIEWER");
      expect((await ctx.req("target-session-after-role", "GET", "/v1/user", { bearer: target.session.access })).status).toBe(401);
      const newPassword = generatePassword("pw-");
      const pw = await ctx.gql("password-change", PATCH_USER, { input: { userId: target.user.id, newPassword } }, auth);
      expect(pw.json().data.patchUser.user.passwordNeedsReset).toBe(true);
      expect((await ctx.req("old-password", "POST", "/auth/login", { json: { email: target.user.email, password: target.user.password } })).status).toBe(401);
      expect((await ctx.req("new-password", "POST", "/auth/login", { json: { email: target.user.email, password: newPassword } })).status).toBe(204);
    },
  },
  {
    id: "graphql-delete-users",
    title: "deleteUsers: system user → not found; default admin → refused; member denied; unknown ids abort the batch",
    covers: "§15.5 #44-#47",
    async run(ctx) {
      const admin = await ctx.userWithSession("ADMIN");
      const member = await ctx.userWithSession("MEMBER");
      const victim = await ctx.createUser("VIEWER");
      const auth = { bearer: admin.session.access };
      expect(errorMessage(await ctx.gql("system-user", DELETE_USERS, { ids: ["VXNlcjox"] }, auth))).toBe("Some user IDs could not be found");
      expect(errorMessage(await ctx.gql("default-admin", DELETE_USERS, { ids: ["VXNlcjoy"] }, auth))).toBe("Cannot delete the default admin user");
      expect(errorMessage(await ctx.gql("member-denied", DELETE_USERS, { ids: [victim.id] }, { bearer: member.session.access }))).toBe("Only admin can perform this action");
      const unknown = Buffer.from("User:999999999").toString("base64");
      expect(errorMessage(await ctx.gql("unknown-and-existing", DELETE_USERS, { ids: [unknown, victim.id] }, auth))).toBe("Some user IDs could not be found");
      expect((await ctx.req("victim-still-logs-in", "POST", "/auth/login", { json: { email: victim.email, password: victim.password } })).status).toBe(204);
      const ok = await ctx.gql("delete-victim", DELETE_USERS, { ids: [victim.id] }, auth);
      expect(ok.json().data.deleteUsers.userIds).toEqual([victim.id]);
    },
  },
  {
    id: "graphql-users-and-node",
    title: "query users: admin only; node(id) of self → OK for everyone, of another user → admin only",
    covers: "§15.5 #49-#51",
    async run(ctx) {
      const admin = await ctx.userWithSession("ADMIN");
      const member = await ctx.userWithSession("MEMBER");
      const viewer = await ctx.userWithSession("VIEWER");
      const users = "{users(first:1){edges{node{id}}}}";
      expect(errorMessage(await ctx.gql("users-viewer", users, {}, { bearer: viewer.session.access }))).toBe("Only admin can perform this action");
      expect(errorMessage(await ctx.gql("users-member", users, {}, { bearer: member.session.access }))).toBe("Only admin can perform this action");
      // Which user sorts first depends on the server's other users: record the status only.
      const list = await ctx.status("users-admin", "POST", "/graphql", { bearer: admin.session.access, json: { query: users } });
      expect(list.json().errors).toBeUndefined();
      const node = "query($id:ID!){node(id:$id){... on User{id email}}}";
      expect((await ctx.gql("node-self", node, { id: member.user.id }, { bearer: member.session.access })).json().data.node.id).toBe(member.user.id);
      expect(errorMessage(await ctx.gql("node-other-member", node, { id: viewer.user.id }, { bearer: member.session.access }))).toBe("Only admin can perform this action");
      expect((await ctx.gql("node-other-admin", node, { id: viewer.user.id }, { bearer: admin.session.access })).json().data.node.email).toBe(viewer.user.email);
    },
  },
  {
    id: "graphql-error-shape",
    title: "GraphQL errors: HTTP 200, data null, message/locations/path; syntax and validation errors have no path",
    covers: "§5.4",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const denied = await ctx.gql("denied", "mutation { createSystemApiKey(input:{name:\"x\"}) { jwt } }", {}, { bearer: session.access });
      expect(denied.status).toBe(200);
      expect(denied.json()).toEqual({ data: null, errors: [{ message: "Only admin can perform this action", locations: [{ line: 1, column: 12 }], path: ["createSystemApiKey"] }] });
      const syntax = await ctx.gql("syntax", "{ viewer { ", {}, ctx.admin);
      expect(syntax.status).toBe(200);
      expect(syntax.json().errors[0].message).toBe("Syntax Error: Expected Name, found <EOF>.");
    },
  },
];
