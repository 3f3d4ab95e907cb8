import { describe, expect, it } from "vitest";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { dataOf, errorOf, expectError, gid, setup } from "./harness.js";

// Expected bodies are the real Phoenix 20.26.1 answers to the same documents (captured from a real server).

describe("viewer", () => {
  it("answers the default admin's session like Phoenix (seconds-precision createdAt, GlobalIDs)", async () => {
    const h = setup();
    const response = await h.gql(
      await h.session(h.defaultAdmin()),
      "{ viewer { id username email role { id name } passwordNeedsReset createdAt authMethod apiKeys { id } apiKeyCount isManagementUser profilePictureUrl } }",
    );
    expect(response).toEqual({
      status: 200,
      json: {
        data: {
          viewer: {
            id: "VXNlcjoy",
            username: "admin",
            email: "admin@localhost",
            role: { id: "VXNlclJvbGU6Mw==", name: "ADMIN" },
            passwordNeedsReset: true,
            createdAt: "2026-11-26T13:52:13+00:00",
            authMethod: "LOCAL",
            apiKeys: [],
            apiKeyCount: 0,
            isManagementUser: true,
            profilePictureUrl: null,
          },
        },
      },
    });
  });

  it("is the system user for the admin secret, with no listed keys but a count of the system keys", async () => {
    const h = setup();
    const secret = await h.adminSecret();
    dataOf(await h.gql(secret, 'mutation { createSystemApiKey(input: {name: "s1"}) { jwt } }'));
    const data = dataOf(await h.gql(secret, "{ viewer { id username role { id name } passwordNeedsReset apiKeys { id } apiKeyCount isManagementUser } }"));
    expect(data).toEqual({
      viewer: {
        id: "VXNlcjox",
        username: "system",
        role: { id: "VXNlclJvbGU6MQ==", name: "SYSTEM" },
        passwordNeedsReset: false,
        apiKeys: [],
        apiKeyCount: 1,
        isManagementUser: false,
      },
    });
  });

  it("is the key's owner for a user API key, and null when auth is off", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    expect(dataOf(await h.gql(await h.apiKey(member), "{ viewer { username apiKeys { name } } }"))).toEqual({
      viewer: { username: "m1", apiKeys: [{ name: "key of m1" }] },
    });
    const off = setup({ enableAuth: false });
    expect(dataOf(await off.gql(undefined, "{ viewer { id } userRoles { name } }"))).toEqual({
      viewer: null,
      userRoles: [{ name: "MEMBER" }, { name: "ADMIN" }, { name: "VIEWER" }],
    });
  });
});

describe("createSystemApiKey", () => {
  const CREATE = "mutation($i: CreateApiKeyInput!) { createSystemApiKey(input: $i) { jwt apiKey { id name description createdAt expiresAt } query { viewer { id } } } }";

  it("creates a key owned by the system user, with Phoenix's timestamp formats, for the admin secret", async () => {
    const h = setup();
    h.clock.advance(330);
    const response = await h.gql(await h.adminSecret(), CREATE, { i: { name: "s1", description: "d", expiresAt: "2099-01-01T00:00:00Z" } });
    const data = dataOf(response) as { createSystemApiKey: { jwt: string; apiKey: unknown; query: unknown } };
    expect(data.createSystemApiKey.apiKey).toEqual({
      id: "U3lzdGVtQXBpS2V5OjE=",
      name: "s1",
      description: "d",
      createdAt: "2026-11-26T13:52:13.330000+00:00",
      expiresAt: "2099-01-01T00:00:00+00:00",
    });
    expect(data.createSystemApiKey.query).toEqual({ viewer: { id: "VXNlcjox" } });
    const principal = await h.authenticate(data.createSystemApiKey.jwt);
    expect(principal).toMatchObject({ kind: "user", via: "api-key", user: { id: 1, role: "SYSTEM" } });
  });

  it("accepts an admin session, a past expiry (key born expired) and a naive or offset DateTime (read as UTC)", async () => {
    const h = setup();
    const admin = await h.session(h.defaultAdmin());
    const past = dataOf(await h.gql(admin, CREATE, { i: { name: "s2", expiresAt: "2000-01-01T00:00:00" } })) as never as {
      createSystemApiKey: { apiKey: { expiresAt: string; description: null }; query: unknown };
    };
    expect(past.createSystemApiKey.apiKey).toMatchObject({ expiresAt: "2000-01-01T00:00:00+00:00", description: null });
    expect(past.createSystemApiKey.query).toEqual({ viewer: { id: "VXNlcjoy" } });
    const offset = dataOf(await h.gql(admin, CREATE, { i: { name: "s3", expiresAt: "2099-06-01T12:30:00.5+02:00" } })) as never as {
      createSystemApiKey: { apiKey: { expiresAt: string } };
    };
    expect(offset.createSystemApiKey.apiKey.expiresAt).toBe("2099-06-01T10:30:00.500000+00:00");
    const dateOnly = await h.gql(admin, 'mutation { createSystemApiKey(input: {name: "s4", expiresAt: "2099-01-01"}) { apiKey { expiresAt } } }');
    expect(dataOf(dateOnly)).toEqual({ createSystemApiKey: { apiKey: { expiresAt: "2099-01-01T00:00:00+00:00" } } });
  });

  it("refuses members, viewers, system keys and other API keys with Phoenix's messages and error shape", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const viewer = await h.addUser("VIEWER", "v1");
    const query = 'mutation { createSystemApiKey(input: {name: "x"}) { jwt } }';
    expect((await h.gql(await h.session(member), query)).json).toEqual({
      data: null,
      errors: [{ message: "Only admin can perform this action", locations: [{ line: 1, column: 12 }], path: ["createSystemApiKey"] }],
    });
    expectError(await h.gql(await h.session(viewer), query), "Viewers cannot perform this action");
    expectError(await h.gql(await h.apiKey(h.systemUser()), query), "Only admin can perform this action");
    expectError(await h.gql(await h.apiKey(h.defaultAdmin()), query), "API keys cannot create API keys");
    expectError(await h.gql(await h.apiKey(member), query), "Only admin can perform this action");
    expect(h.model.keys.list().filter((k) => k.name === "x")).toEqual([]);
  });

  it("masks an unparsable DateTime variable and an empty name (Phoenix fails internally on both)", async () => {
    const h = setup();
    const secret = await h.adminSecret();
    expect((await h.gql(secret, CREATE, { i: { name: "x", expiresAt: "garbage" } })).json).toEqual({
      data: null,
      errors: [{ message: "an unexpected error occurred", locations: [{ line: 1, column: 10 }] }],
    });
    expectError(await h.gql(secret, CREATE, { i: { name: "" } }), "an unexpected error occurred", ["createSystemApiKey"]);
    // An empty description is stored as none.
    const blank = dataOf(await h.gql(secret, CREATE, { i: { name: "  ", description: "" } })) as never as {
      createSystemApiKey: { apiKey: { name: string; description: null } };
    };
    expect(blank.createSystemApiKey.apiKey).toMatchObject({ name: "  ", description: null });
  });

  it("is admin-only when auth is off", async () => {
    const h = setup({ enableAuth: false });
    expectError(await h.gql(undefined, 'mutation { createSystemApiKey(input: {name: "x"}) { jwt } }'), "Only admin can perform this action");
  });
});

describe("deleteSystemApiKey", () => {
  const DELETE = "mutation($id: ID!) { deleteSystemApiKey(input: {id: $id}) { apiKeyId query { viewer { id } } } }";

  it("revokes the key at once and echoes its id", async () => {
    const h = setup();
    const secret = await h.adminSecret();
    const { apiKey, key } = await h.model.keys.create({ user: h.systemUser(), name: "s1" });
    const admin = await h.session(h.defaultAdmin());
    expect(dataOf(await h.gql(admin, DELETE, { id: gid("SystemApiKey", apiKey.id) }))).toEqual({
      deleteSystemApiKey: { apiKeyId: "U3lzdGVtQXBpS2V5OjE=", query: { viewer: { id: "VXNlcjoy" } } },
    });
    expect(await h.model.authenticate(key)).toBeUndefined();
    expectError(await h.gql(secret, DELETE, { id: gid("SystemApiKey", apiKey.id) }), "API key not found", ["deleteSystemApiKey"]);
  });

  it("refuses non-admins, and answers 'API key not found' for a user key's row or a missing row", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const viewer = await h.addUser("VIEWER", "v1");
    const { apiKey: systemKey } = await h.model.keys.create({ user: h.systemUser(), name: "s1" });
    const { apiKey: userKey } = await h.model.keys.create({ user: member, name: "k1" });
    const secret = await h.adminSecret();
    const id = gid("SystemApiKey", systemKey.id);
    expectError(await h.gql(await h.session(member), DELETE, { id }), "Only admin can perform this action");
    expectError(await h.gql(await h.session(viewer), DELETE, { id }), "Viewers cannot perform this action");
    expectError(await h.gql(await h.apiKey(h.systemUser()), DELETE, { id }), "Only admin can perform this action");
    expectError(await h.gql(secret, DELETE, { id: gid("SystemApiKey", userKey.id) }), "API key not found");
    expectError(await h.gql(secret, DELETE, { id: gid("SystemApiKey", 99) }), "API key not found");
    // A GlobalID of another type, a non-integer id or garbage: Phoenix raises a ValueError, masked.
    for (const bad of [gid("UserApiKey", userKey.id), gid("SystemApiKey", "ab"), "garbage"]) {
      expectError(await h.gql(secret, DELETE, { id: bad }), "an unexpected error occurred", ["deleteSystemApiKey"]);
    }
    expect(h.model.keys.get(systemKey.id)).toBeDefined();
    expect(h.model.keys.get(userKey.id)).toBeDefined();
  });
});

describe("patchViewer", () => {
  const PATCH = "mutation($i: PatchViewerInput!) { patchViewer(input: $i) { user { id username passwordNeedsReset } } }";

  it("changes the password with the current one: clears the reset flag, logs out every session, deletes both cookies", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const other = await h.model.sessions.issue(member);
    const key = (await h.model.keys.create({ user: member, name: "k" })).key;
    const newPassword = generatePassword();
    const response = await h.gql(await h.session(member), PATCH, { i: { newPassword, currentPassword: h.passwordOf(member) } });
    expect(response).toEqual({
      status: 200,
      json: { data: { patchViewer: { user: { id: "VXNlcjoz", username: "m1", passwordNeedsReset: false } } } },
      deleteCookies: ["phoenix-refresh-token", "phoenix-access-token"],
    });
    expect(await h.model.authenticate(other.accessToken)).toBeUndefined();
    expect(await h.model.authenticate(key)).toMatchObject({ kind: "user", status: "VALID" });
    expect(await h.model.users.checkPassword(member, newPassword)).toBe(true);
  });

  it("changes only the username without a current password, keeping sessions and cookies", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const token = (await h.model.sessions.issue(member)).accessToken;
    const response = await h.gql(await h.authenticate(token), PATCH, { i: { newUsername: " m1b " } });
    expect(response).toEqual({ status: 200, json: { data: { patchViewer: { user: { id: "VXNlcjoz", username: " m1b ", passwordNeedsReset: true } } } } });
    expect(await h.model.authenticate(token)).toMatchObject({ kind: "user", status: "VALID" });
  });

  it("checks its input before the password, in Phoenix's order and words", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    await h.addUser("MEMBER", "taken");
    const me = await h.session(member);
    const current = h.passwordOf(member);
    const newPassword = generatePassword();
    const wrongPassword = generatePassword();
    expectError(await h.gql(me, PATCH, { i: {} }), "At least one field must be set", ["patchViewer"]);
    expectError(await h.gql(me, PATCH, { i: { newPassword } }), "current_password is required when modifying password");
    // "a" is a literal on purpose: too short to ever be a password, it only checks the length rule.
    expectError(await h.gql(me, PATCH, { i: { newPassword: "a", currentPassword: current } }), "Password must be at least 4 characters long");
    expectError(await h.gql(me, PATCH, { i: { newPassword: `${newPassword} x`, currentPassword: wrongPassword } }), "Password must not contain whitespace characters");
    expectError(await h.gql(me, PATCH, { i: { newPassword, currentPassword: wrongPassword } }), "Valid current password is required to modify password");
    expectError(await h.gql(me, PATCH, { i: { newUsername: "taken" } }), "Username already exists");
    // A taken username also leaves the password alone (one transaction).
    expectError(await h.gql(me, PATCH, { i: { newUsername: "taken", newPassword, currentPassword: current } }), "Username already exists");
    expect(await h.model.users.checkPassword(member, current)).toBe(true);
    expect(member.username).toBe("m1");
  });

  it("uses the strong password policy when it is on", async () => {
    const h = setup({ enableAuth: true, enableStrongPasswordPolicy: true });
    const member = await h.addUser("MEMBER", "m1");
    expectError(
      // "short" is a literal on purpose: under the strong policy's 12 characters, it can never become a password.
      await h.gql(await h.session(member), PATCH, { i: { newPassword: "short", currentPassword: h.passwordOf(member) } }),
      "Password must be at least 12 characters long, at least one digit, at least one uppercase letter, and at least one special character",
    );
  });

  it("lets viewers rename themselves; the admin secret can rename the system user but never prove its password", async () => {
    const h = setup();
    const viewer = await h.addUser("VIEWER", "v1");
    expect(dataOf(await h.gql(await h.session(viewer), PATCH, { i: { newUsername: "v1b" } }))).toEqual({
      patchViewer: { user: { id: "VXNlcjoz", username: "v1b", passwordNeedsReset: true } },
    });
    const secret = await h.adminSecret();
    expectError(
      await h.gql(secret, PATCH, { i: { newPassword: generatePassword(), currentPassword: generatePassword() } }),
      "Valid current password is required to modify password",
    );
    expect(dataOf(await h.gql(secret, PATCH, { i: { newUsername: "sysx" } }))).toEqual({
      patchViewer: { user: { id: "VXNlcjox", username: "sysx", passwordNeedsReset: false } },
    });
  });

  it("fails internally (masked) when auth is off: there is no viewer", async () => {
    const h = setup({ enableAuth: false });
    expectError(await h.gql(undefined, 'mutation { patchViewer(input: {newUsername: "q"}) { user { id } } }'), "an unexpected error occurred", ["patchViewer"]);
  });
});

describe("createUser", () => {
  const CREATE = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id email username role { name } passwordNeedsReset createdAt authMethod } } }";

  it("creates a LOCAL user that must reset its password, with a normalised email and trimmed username", async () => {
    const h = setup();
    h.clock.advance(53_000);
    const password = generatePassword();
    const response = await h.gql(await h.adminSecret(), CREATE, {
      i: { email: "  M1@Example.com ", username: " m1 ", password, role: "MEMBER" },
    });
    expect(dataOf(response)).toEqual({
      createUser: {
        user: {
          id: "VXNlcjoz",
          email: "m1@example.com",
          username: "m1",
          role: { name: "MEMBER" },
          passwordNeedsReset: true,
          createdAt: "2026-11-26T13:53:06+00:00",
          authMethod: "LOCAL",
        },
      },
    });
    expect(await h.model.sessions.login("m1@example.com", password)).toMatchObject({ user: { id: 3 } });
  });

  it("checks the password's presence before permissions, then permissions, then email/password format (masked)", async () => {
    const h = setup();
    const viewer = await h.session(await h.addUser("VIEWER", "v1"));
    const member = await h.session(await h.addUser("MEMBER", "m1"));
    const admin = await h.session(h.defaultAdmin());
    const input = (extra: Record<string, unknown>) => ({ i: { email: "x@example.com", username: "x", role: "VIEWER", ...extra } });
    const password = generatePassword();
    expectError(await h.gql(viewer, CREATE, input({})), "Password is required for local authentication", ["createUser"]);
    expectError(await h.gql(viewer, CREATE, input({ password: "" })), "Password is required for local authentication");
    expectError(await h.gql(viewer, CREATE, input({ password })), "Viewers cannot perform this action");
    expectError(await h.gql(member, CREATE, input({ password })), "Only admin can perform this action");
    expectError(await h.gql(admin, CREATE, input({ password, email: "bad" })), "an unexpected error occurred");
    // "p" is a literal on purpose: too short to ever be a password, it only checks the (masked) length rule.
    expectError(await h.gql(admin, CREATE, input({ password: "p" })), "an unexpected error occurred");
    expectError(await h.gql(admin, CREATE, input({ password, authMethod: "OAUTH2" })), "Password is not allowed for OAuth2 authentication");
    expectError(await h.gql(admin, CREATE, input({ password, authMethod: "LDAP" })), "Password is not allowed for LDAP authentication");
    expect(h.model.users.byEmail("x@example.com")).toBeUndefined();
  });

  it("reports conflicts like Phoenix's database: email first, then username", async () => {
    const h = setup();
    const admin = await h.session(h.defaultAdmin());
    await h.addUser("MEMBER", "m1");
    const input = (email: string, username: string) => ({ i: { email, username, password: generatePassword(), role: "VIEWER" } });
    expectError(await h.gql(admin, CREATE, input("M1@example.com", "m1")), "Email already exists");
    expectError(await h.gql(admin, CREATE, input("M1@example.com", "other")), "Email already exists");
    expectError(await h.gql(admin, CREATE, input("new@example.com", "m1")), "Username already exists");
  });

  it("rejects the SYSTEM role at validation, with graphql-js's wording, and a bad enum variable masked", async () => {
    const h = setup();
    const secret = await h.adminSecret();
    const literal = errorOf(await h.gql(secret, `mutation { createUser(input: {email: "a@b.co", username: "a", password: "${generatePassword()}", role: SYSTEM}) { user { id } } }`));
    expect(literal.message).toBe('Value "SYSTEM" does not exist in "UserRoleInput" enum.');
    expect(literal.path).toBeUndefined();
    expect((await h.gql(secret, CREATE, { i: { email: "a@b.co", username: "a", password: generatePassword(), role: "BAD" } })).json).toEqual({
      data: null,
      errors: [{ message: "an unexpected error occurred", locations: [{ line: 1, column: 10 }] }],
    });
  });

  it("is admin-only when auth is off", async () => {
    const h = setup({ enableAuth: false });
    expectError(
      await h.gql(undefined, CREATE, { i: { email: "x@example.com", username: "x", password: generatePassword(), role: "VIEWER" } }),
      "Only admin can perform this action",
    );
  });
});

describe("createUserApiKey", () => {
  const CREATE = "mutation($i: CreateUserApiKeyInput!) { createUserApiKey(input: $i) { jwt apiKey { id name description createdAt expiresAt user { id username } } query { viewer { username } } } }";

  it("lets any human session (viewers included) create its own key", async () => {
    const h = setup();
    const viewer = await h.addUser("VIEWER", "v1");
    h.clock.advance(1_453);
    const data = dataOf(await h.gql(await h.session(viewer), CREATE, { i: { name: "vk", expiresAt: "2099-06-01T12:30:00.5+02:00" } })) as {
      createUserApiKey: { jwt: string; apiKey: unknown; query: unknown };
    };
    expect(data.createUserApiKey.apiKey).toEqual({
      id: "VXNlckFwaUtleTox",
      name: "vk",
      description: null,
      createdAt: "2026-11-26T13:52:14.453000+00:00",
      expiresAt: "2099-06-01T10:30:00.500000+00:00",
      user: { id: "VXNlcjoz", username: "v1" },
    });
    expect(data.createUserApiKey.query).toEqual({ viewer: { username: "v1" } });
    expect(await h.authenticate(data.createUserApiKey.jwt)).toMatchObject({ via: "api-key", user: { id: viewer.id } });
  });

  it("refuses API keys, the admin secret (SYSTEM) and auth-off servers", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    expectError(await h.gql(await h.apiKey(member), CREATE, { i: { name: "x" } }), "API keys cannot create API keys", ["createUserApiKey"]);
    expectError(await h.gql(await h.apiKey(h.systemUser()), CREATE, { i: { name: "x" } }), "API keys cannot create API keys");
    expectError(await h.gql(await h.adminSecret(), CREATE, { i: { name: "x" } }), "System API keys cannot manage personal API keys");
    expect(h.model.keys.list({ userId: member.id })).toHaveLength(1);
    const off = setup({ enableAuth: false });
    expectError(await off.gql(undefined, CREATE, { i: { name: "x" } }), "Authentication must be enabled to manage API keys");
  });
});

describe("PHOENIX_MASK_INTERNAL_SERVER_ERRORS=false", () => {
  const CREATE = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }";
  const input = (extra: Record<string, unknown>) => ({ i: { email: "x@example.com", username: "x", role: "VIEWER", password: generatePassword(), ...extra } });

  it("shows the exception's own message, as Phoenix's integration setup does", async () => {
    const h = setup({ enableAuth: true, maskInternalServerErrors: false });
    const admin = await h.session(h.defaultAdmin());
    expectError(await h.gql(admin, CREATE, input({ email: "bad" })), "Invalid email address", ["createUser"]);
    // "p" is a literal on purpose: too short to ever be a password, it only checks the length rule's message.
    expectError(await h.gql(admin, CREATE, input({ password: "p" })), "Password must be at least 4 characters long", ["createUser"]);
  });

  it("still masks variable-coercion errors, which would echo the submitted values", async () => {
    const h = setup({ enableAuth: true, maskInternalServerErrors: false });
    const admin = await h.session(h.defaultAdmin());
    const password = generatePassword();
    const response = await h.gql(admin, CREATE, { i: { email: "x@example.com", username: "x", role: "NOPE", password } });
    expect(JSON.stringify(response.json)).not.toContain(password);
    expect(JSON.stringify(response.json)).toContain("an unexpected error occurred");
  });
});
