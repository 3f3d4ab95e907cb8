import { describe, expect, it } from "vitest";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { dataOf, expectError, gid, setup } from "./harness.js";

describe("patchUser", () => {
  const PATCH = "mutation($i: PatchUserInput!) { patchUser(input: $i) { user { id username role { name } passwordNeedsReset } } }";

  it("changes another user's role and logs them out (their API keys survive)", async () => {
    const h = setup();
    const viewer = await h.addUser("VIEWER", "v1");
    const session = await h.model.sessions.issue(viewer);
    const key = (await h.model.keys.create({ user: viewer, name: "k" })).key;
    const response = await h.gql(await h.session(h.defaultAdmin()), PATCH, { i: { userId: "VXNlcjoz", newRole: "MEMBER", newUsername: "v1b" } });
    expect(dataOf(response)).toEqual({ patchUser: { user: { id: "VXNlcjoz", username: "v1b", role: { name: "MEMBER" }, passwordNeedsReset: true } } });
    expect(await h.model.authenticate(session.accessToken)).toBeUndefined();
    expect(await h.model.authenticate(key)).toMatchObject({ user: { role: "MEMBER" } });
  });

  it("sets a new password with the reset flag and logs the user out; a username-only change keeps the sessions", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    await h.model.users.setPassword(member, h.passwordOf(member), false);
    const admin = await h.adminSecret();
    const before = await h.model.sessions.issue(member);
    expect(dataOf(await h.gql(admin, PATCH, { i: { userId: "VXNlcjoz", newUsername: "  m1d  " } }))).toEqual({
      patchUser: { user: { id: "VXNlcjoz", username: "  m1d  ", role: { name: "MEMBER" }, passwordNeedsReset: false } },
    });
    expect(await h.model.authenticate(before.accessToken)).toMatchObject({ kind: "user", status: "VALID" });
    const freshPassword = generatePassword();
    const response = await h.gql(admin, PATCH, { i: { userId: "VXNlcjoz", newPassword: freshPassword } });
    expect(dataOf(response)).toEqual({
      patchUser: { user: { id: "VXNlcjoz", username: "  m1d  ", role: { name: "MEMBER" }, passwordNeedsReset: true } },
    });
    expect(response.deleteCookies).toBeUndefined();
    expect(await h.model.users.checkPassword(member, freshPassword)).toBe(true);
    expect(await h.model.authenticate(before.accessToken)).toBeUndefined();
  });

  it("checks input, then permissions, then the target, in Phoenix's order and words", async () => {
    const h = setup();
    const member = await h.session(await h.addUser("MEMBER", "m1"));
    const viewer = await h.session(await h.addUser("VIEWER", "v1"));
    const admin = await h.session(h.defaultAdmin());
    expectError(await h.gql(viewer, PATCH, { i: { userId: "VXNlcjo0" } }), "At least one field must be set", ["patchUser"]);
    // "a" is a literal on purpose: too short to ever be a password, it only checks the length rule.
    expectError(await h.gql(viewer, PATCH, { i: { userId: "VXNlcjo0", newPassword: "a" } }), "Password must be at least 4 characters long");
    expectError(await h.gql(viewer, PATCH, { i: { userId: "VXNlcjo0", newUsername: "zz" } }), "Viewers cannot perform this action");
    expectError(await h.gql(member, PATCH, { i: { userId: "VXNlcjo0", newUsername: "zz" } }), "Only admin can perform this action");
    expectError(await h.gql(admin, PATCH, { i: { userId: gid("User", 99), newRole: "MEMBER" } }), "User not found");
    expectError(await h.gql(admin, PATCH, { i: { userId: "VXNlcjoy", newRole: "MEMBER" } }), "Cannot modify role for the default admin user");
    expectError(await h.gql(await h.adminSecret(), PATCH, { i: { userId: "VXNlcjoy", newRole: "MEMBER" } }), "Cannot modify role for the default admin user");
    expectError(await h.gql(admin, PATCH, { i: { userId: "VXNlcjo0", newUsername: "m1" } }), "Username already exists");
    // Another type's GlobalID or garbage: a ValueError in Phoenix, masked.
    expectError(await h.gql(admin, PATCH, { i: { userId: gid("UserApiKey", 1), newUsername: "zz" } }), "an unexpected error occurred");
    expectError(await h.gql(admin, PATCH, { i: { userId: "garbage" } }), "an unexpected error occurred");
    expect(h.model.users.get(4)).toMatchObject({ username: "v1", role: "VIEWER" });
  });

  it("refuses an admin's own role change, and a taken username changes nothing (one transaction)", async () => {
    const h = setup();
    const a2 = await h.addUser("ADMIN", "a2");
    const target = await h.addUser("VIEWER", "v1");
    await h.addUser("MEMBER", "taken");
    const me = await h.session(a2);
    expectError(await h.gql(me, PATCH, { i: { userId: gid("User", a2.id), newRole: "MEMBER" } }), "Cannot modify own role");
    const session = await h.model.sessions.issue(target);
    expectError(await h.gql(me, PATCH, { i: { userId: gid("User", target.id), newRole: "ADMIN", newUsername: "taken" } }), "Username already exists");
    expect(target.role).toBe("VIEWER");
    expect(await h.model.authenticate(session.accessToken)).toMatchObject({ kind: "user", status: "VALID" });
  });

  it("may touch the system user, as Phoenix does; the admin secret cannot change the system user's own role", async () => {
    const h = setup();
    const secret = await h.adminSecret();
    expect(dataOf(await h.gql(await h.session(h.defaultAdmin()), PATCH, { i: { userId: "VXNlcjox", newUsername: "sys2" } }))).toEqual({
      patchUser: { user: { id: "VXNlcjox", username: "sys2", role: { name: "SYSTEM" }, passwordNeedsReset: false } },
    });
    expectError(await h.gql(secret, PATCH, { i: { userId: "VXNlcjox", newRole: "ADMIN" } }), "Cannot modify own role");
  });
});

describe("deleteUsers", () => {
  const DELETE = "mutation($ids: [ID!]!) { deleteUsers(input: {userIds: $ids}) { userIds } }";

  it("deletes the users and revokes every session and key they held", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const viewer = await h.addUser("VIEWER", "v1");
    const session = await h.model.sessions.issue(member);
    const key = (await h.model.keys.create({ user: viewer, name: "k" })).key;
    const ids = [gid("User", member.id), gid("User", viewer.id), gid("User", member.id)];
    expect(dataOf(await h.gql(await h.session(h.defaultAdmin()), DELETE, { ids }))).toEqual({
      deleteUsers: { userIds: ["VXNlcjoz", "VXNlcjo0"] },
    });
    expect(h.model.users.get(member.id)).toBeUndefined();
    expect(h.model.users.get(viewer.id)).toBeUndefined();
    expect(await h.model.authenticate(session.accessToken)).toBeUndefined();
    expect(await h.model.authenticate(key)).toBeUndefined();
  });

  it("is atomic: a missing id, the system user or the default admin leaves everyone in place", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const admin = await h.adminSecret();
    const m1 = gid("User", member.id);
    expect((await h.gql(admin, DELETE, { ids: [m1, gid("User", 99)] })).json).toEqual({
      data: null,
      errors: [{ message: "Some user IDs could not be found", locations: [{ line: 1, column: 26 }], path: ["deleteUsers"] }],
    });
    expectError(await h.gql(admin, DELETE, { ids: [m1, "VXNlcjox"] }), "Some user IDs could not be found");
    expectError(await h.gql(admin, DELETE, { ids: [gid("User", 99), "VXNlcjoy"] }), "Cannot delete the default admin user");
    expect(h.model.users.get(member.id)).toBeDefined();
    expect(h.model.users.get(2)).toBeDefined();
  });

  it("checks permissions, then emptiness, then each id", async () => {
    const h = setup();
    const member = await h.session(await h.addUser("MEMBER", "m1"));
    const viewer = await h.session(await h.addUser("VIEWER", "v1"));
    const admin = await h.session(h.defaultAdmin());
    expectError(await h.gql(member, DELETE, { ids: ["VXNlcjo0"] }), "Only admin can perform this action");
    expectError(await h.gql(viewer, DELETE, { ids: ["VXNlcjoz"] }), "Viewers cannot perform this action");
    expectError(await h.gql(admin, DELETE, { ids: [] }), "At least one user ID is required");
    expectError(await h.gql(admin, DELETE, { ids: ["VXNlckFwaUtleTo0"] }), "Invalid user ID: 'VXNlckFwaUtleTo0'");
    expectError(await h.gql(admin, DELETE, { ids: ["VXNlcjphYg=="] }), "Invalid user ID: 'VXNlcjphYg=='");
    // Not a GlobalID at all (bad base64 padding): fails while converting the argument, masked, before permissions.
    expectError(await h.gql(member, DELETE, { ids: ["VXNlcjo5OQ"] }), "an unexpected error occurred", ["deleteUsers"]);
    expect(h.model.users.all()).toHaveLength(4);
  });

  it("is admin-only when auth is off", async () => {
    const h = setup({ enableAuth: false });
    expectError(await h.gql(undefined, DELETE, { ids: ["VXNlcjoy"] }), "Only admin can perform this action");
  });
});

describe("deleteUserApiKey", () => {
  const DELETE = "mutation($id: ID!) { deleteUserApiKey(input: {id: $id}) { apiKeyId query { viewer { username } } } }";

  it("lets the owner revoke their own key, from a session or from the key itself", async () => {
    const h = setup();
    const viewer = await h.addUser("VIEWER", "v1");
    const { apiKey } = await h.model.keys.create({ user: viewer, name: "vk" });
    expect(dataOf(await h.gql(await h.session(viewer), DELETE, { id: gid("UserApiKey", apiKey.id) }))).toEqual({
      deleteUserApiKey: { apiKeyId: "VXNlckFwaUtleTox", query: { viewer: { username: "v1" } } },
    });
    const { apiKey: self, key } = await h.model.keys.create({ user: viewer, name: "self" });
    const principal = await h.authenticate(key);
    expect(dataOf(await h.gql(principal, DELETE, { id: gid("UserApiKey", self.id) }))).toEqual({
      deleteUserApiKey: { apiKeyId: gid("UserApiKey", self.id), query: { viewer: { username: "v1" } } },
    });
    expect(await h.model.authenticate(key)).toBeUndefined();
  });

  it("lets admins (by their current role) and the admin secret revoke anyone's key", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const k1 = (await h.model.keys.create({ user: member, name: "k1" })).apiKey;
    const k2 = (await h.model.keys.create({ user: member, name: "k2" })).apiKey;
    expect(dataOf(await h.gql(await h.apiKey(h.defaultAdmin()), DELETE, { id: gid("UserApiKey", k1.id) }))).toMatchObject({
      deleteUserApiKey: { apiKeyId: gid("UserApiKey", k1.id) },
    });
    expect(dataOf(await h.gql(await h.adminSecret(), DELETE, { id: gid("UserApiKey", k2.id) }))).toEqual({
      deleteUserApiKey: { apiKeyId: gid("UserApiKey", k2.id), query: { viewer: { username: "system" } } },
    });
    expect(h.model.keys.list({ userId: member.id })).toEqual([]);
  });

  it("answers 'API key not found' to others, to system keys, for system keys' rows and for missing rows", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const viewer = await h.addUser("VIEWER", "v1");
    const memberKey = (await h.model.keys.create({ user: member, name: "mk" })).apiKey;
    const systemKey = (await h.model.keys.create({ user: h.systemUser(), name: "s1" })).apiKey;
    const id = gid("UserApiKey", memberKey.id);
    expectError(await h.gql(await h.session(viewer), DELETE, { id }), "API key not found", ["deleteUserApiKey"]);
    expectError(await h.gql(await h.apiKey(h.systemUser()), DELETE, { id }), "API key not found");
    expectError(await h.gql(await h.adminSecret(), DELETE, { id: gid("UserApiKey", systemKey.id) }), "API key not found");
    expectError(await h.gql(await h.adminSecret(), DELETE, { id: gid("UserApiKey", 100) }), "API key not found");
    expectError(await h.gql(await h.adminSecret(), DELETE, { id: gid("SystemApiKey", systemKey.id) }), "an unexpected error occurred");
    expect(h.model.keys.get(memberKey.id)).toBeDefined();
    expect(h.model.keys.get(systemKey.id)).toBeDefined();
  });

  it("needs auth on", async () => {
    const h = setup({ enableAuth: false });
    expectError(await h.gql(undefined, DELETE, { id: "VXNlckFwaUtleTox" }), "Authentication must be enabled to manage API keys");
  });
});
