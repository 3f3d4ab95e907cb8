import { describe, expect, it } from "vitest";
import { instantFromMs } from "../../src/core/index.js";
import { dataOf, expectError, gid, setup, type Harness } from "./harness.js";

const PAGE = "edges { cursor node { email } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";
const cursor = (offset: number) => Buffer.from(`connection:${offset}`).toString("base64");

/** admin@localhost, e1, m1, v1 (+ the system user, never listed). */
async function fourUsers(h: Harness) {
  await h.addUser("VIEWER", "v1");
  await h.addUser("MEMBER", "m1");
  await h.addUser("VIEWER", "e1");
}

describe("users", () => {
  it("lists every user but SYSTEM, ordered by email, 50 per page by default", async () => {
    const h = setup();
    await fourUsers(h);
    const data = dataOf(await h.gql(await h.adminSecret(), `{ users { ${PAGE} } }`));
    expect(data).toEqual({
      users: {
        edges: [
          { cursor: "Y29ubmVjdGlvbjow", node: { email: "admin@localhost" } },
          { cursor: "Y29ubmVjdGlvbjox", node: { email: "e1@example.com" } },
          { cursor: "Y29ubmVjdGlvbjoy", node: { email: "m1@example.com" } },
          { cursor: "Y29ubmVjdGlvbjoz", node: { email: "v1@example.com" } },
        ],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: "Y29ubmVjdGlvbjow", endCursor: "Y29ubmVjdGlvbjoz" },
      },
    });
  });

  it("pages with first/after, last (with the default first) and last/before exactly as Phoenix's offset connection", async () => {
    const h = setup();
    await fourUsers(h);
    const admin = await h.session(h.defaultAdmin());
    const page = async (args: string) => (dataOf(await h.gql(admin, `{ users(${args}) { ${PAGE} } }`)) as { users: unknown }).users;
    expect(await page("first: 2")).toEqual({
      edges: [
        { cursor: cursor(0), node: { email: "admin@localhost" } },
        { cursor: cursor(1), node: { email: "e1@example.com" } },
      ],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: cursor(0), endCursor: cursor(1) },
    });
    expect(await page(`first: 2, after: "${cursor(1)}"`)).toEqual({
      edges: [
        { cursor: cursor(2), node: { email: "m1@example.com" } },
        { cursor: cursor(3), node: { email: "v1@example.com" } },
      ],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: cursor(2), endCursor: cursor(3) },
    });
    expect(await page("last: 2")).toEqual({
      edges: [
        { cursor: cursor(2), node: { email: "m1@example.com" } },
        { cursor: cursor(3), node: { email: "v1@example.com" } },
      ],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: cursor(2), endCursor: cursor(3) },
    });
    expect(await page(`first: null, last: 2, before: "${cursor(3)}"`)).toMatchObject({
      edges: [{ node: { email: "e1@example.com" } }, { node: { email: "m1@example.com" } }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
    expect(await page("first: 0")).toEqual({
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it("masks a negative count or an unreadable cursor (Phoenix raises plain exceptions)", async () => {
    const h = setup();
    const admin = await h.session(h.defaultAdmin());
    expectError(await h.gql(admin, "{ users(first: -1) { edges { cursor } } }"), "an unexpected error occurred", ["users"]);
    expectError(await h.gql(admin, '{ users(after: "bad") { edges { cursor } } }'), "an unexpected error occurred", ["users"]);
  });

  it("is admin-only: members, viewers, system keys and auth-off servers are refused; the first failing root field ends it", async () => {
    const h = setup();
    const member = await h.session(await h.addUser("MEMBER", "m1"));
    expect((await h.gql(member, "{ users { edges { cursor } } userApiKeys { id } viewer { id } }")).json).toEqual({
      data: null,
      errors: [{ message: "Only admin can perform this action", locations: [{ line: 1, column: 3 }], path: ["users"] }],
    });
    expectError(await h.gql(await h.session(await h.addUser("VIEWER", "v1")), "{ users { edges { cursor } } }"), "Only admin can perform this action");
    expectError(await h.gql(await h.apiKey(h.systemUser()), "{ users { edges { cursor } } }"), "Only admin can perform this action");
    const off = setup({ enableAuth: false });
    expectError(await off.gql(undefined, "{ users { edges { cursor } } }"), "Only admin can perform this action");
  });
});

describe("userRoles", () => {
  it("lists the assignable roles to anyone, with their GlobalIDs", async () => {
    const h = setup();
    const viewer = await h.session(await h.addUser("VIEWER", "v1"));
    expect(dataOf(await h.gql(viewer, "{ userRoles { id name } }"))).toEqual({
      userRoles: [
        { id: "VXNlclJvbGU6Mg==", name: "MEMBER" },
        { id: "VXNlclJvbGU6Mw==", name: "ADMIN" },
        { id: "VXNlclJvbGU6NA==", name: "VIEWER" },
      ],
    });
  });
});

describe("userApiKeys / systemApiKeys", () => {
  it("list every user key (with its owner) and every system key, oldest first, to admins only", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const viewer = await h.addUser("VIEWER", "v1");
    await h.model.keys.create({ user: viewer, name: "vk" });
    await h.model.keys.create({ user: h.systemUser(), name: "s1", description: "sd" });
    await h.model.keys.create({ user: member, name: "mk", expiresAt: instantFromMs(Date.UTC(2099, 0, 1)) });
    const query = "{ systemApiKeys { id name description } userApiKeys { id name expiresAt user { username } } }";
    expect(dataOf(await h.gql(await h.apiKey(h.defaultAdmin()), query))).toEqual({
      systemApiKeys: [{ id: gid("SystemApiKey", 2), name: "s1", description: "sd" }],
      userApiKeys: [
        { id: gid("UserApiKey", 1), name: "vk", expiresAt: null, user: { username: "v1" } },
        { id: gid("UserApiKey", 3), name: "mk", expiresAt: "2099-01-01T00:00:00+00:00", user: { username: "m1" } },
        { id: gid("UserApiKey", 4), name: "key of admin", expiresAt: null, user: { username: "admin" } },
      ],
    });
    expectError(await h.gql(await h.session(member), "{ systemApiKeys { id } }"), "Only admin can perform this action", ["systemApiKeys"]);
    expectError(await h.gql(await h.session(viewer), "{ userApiKeys { id } }"), "Only admin can perform this action", ["userApiKeys"]);
  });

  it("drop a key 10 s after it expires, like Phoenix's token-store sweep", async () => {
    const h = setup();
    await h.model.keys.create({ user: h.systemUser(), name: "short", expiresAt: instantFromMs(h.clock() + 1_000) });
    const secret = await h.adminSecret();
    expect(dataOf(await h.gql(secret, "{ systemApiKeys { name } }"))).toEqual({ systemApiKeys: [{ name: "short" }] });
    h.clock.advance(11_001);
    expect(dataOf(await h.gql(secret, "{ systemApiKeys { name } }"))).toEqual({ systemApiKeys: [] });
  });
});

describe("User.apiKeys", () => {
  it("lists the user's own keys newest first; apiKeyCount counts them", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    await h.model.keys.create({ user: member, name: "first" });
    await h.model.keys.create({ user: member, name: "second" });
    expect(dataOf(await h.gql(await h.session(member), "{ viewer { apiKeys { id name user { username } } apiKeyCount } }"))).toEqual({
      viewer: {
        apiKeys: [
          { id: gid("UserApiKey", 2), name: "second", user: { username: "m1" } },
          { id: gid("UserApiKey", 1), name: "first", user: { username: "m1" } },
        ],
        apiKeyCount: 2,
      },
    });
  });
});

describe("node", () => {
  const NODE = "query($id: ID!) { node(id: $id) { __typename id ... on User { username email role { name } } } }";

  it("resolves a User for itself and for admins (the admin secret included)", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const expected = { node: { __typename: "User", id: "VXNlcjoz", username: "m1", email: "m1@example.com", role: { name: "MEMBER" } } };
    expect(dataOf(await h.gql(await h.session(member), NODE, { id: "VXNlcjoz" }))).toEqual(expected);
    expect(dataOf(await h.gql(await h.session(h.defaultAdmin()), NODE, { id: "VXNlcjoz" }))).toEqual(expected);
    expect(dataOf(await h.gql(await h.adminSecret(), NODE, { id: "VXNlcjoz" }))).toEqual(expected);
  });

  it("refuses another user's node to non-admins, with a location and path", async () => {
    const h = setup();
    const member = await h.session(await h.addUser("MEMBER", "m1"));
    expect((await h.gql(member, NODE, { id: "VXNlcjoy" })).json).toEqual({
      data: null,
      errors: [{ message: "Only admin can perform this action", locations: [{ line: 1, column: 19 }], path: ["node"] }],
    });
    expectError(await h.gql(await h.apiKey(h.systemUser()), NODE, { id: "VXNlcjoy" }), "Only admin can perform this action");
  });

  it("answers Phoenix's messages for unknown, malformed and unsupported ids", async () => {
    const h = setup();
    const admin = await h.session(h.defaultAdmin());
    expectError(await h.gql(admin, NODE, { id: "garbage" }), "Unknown node: garbage", ["node"]);
    expectError(
      await h.gql(admin, NODE, { id: "VXNlcjphYg==" }),
      "Invalid node id: VXNlcjphYg==. The id of a User node must be an integer, but got: ab",
    );
    expectError(await h.gql(admin, NODE, { id: "VXNlckFwaUtleTo0" }), "Unknown node type: UserApiKey");
    expectError(await h.gql(admin, NODE, { id: "U3lzdGVtQXBpS2V5OjE=" }), "Unknown node type: SystemApiKey");
    expectError(await h.gql(admin, NODE, { id: "VXNlclJvbGU6Mg==" }), "Unknown node type: UserRole");
  });

  it("fails the fields of a user that does not exist (masked)", async () => {
    const h = setup();
    const json = (await h.gql(await h.session(h.defaultAdmin()), NODE, { id: gid("User", 99) })).json as {
      data: unknown;
      errors: { message: string; path: unknown[] }[];
    };
    expect(json.data).toBeNull();
    expect(json.errors.length).toBeGreaterThan(0);
    for (const error of json.errors) {
      expect(error.message).toBe("an unexpected error occurred");
      expect(error.path[0]).toBe("node");
    }
  });

  it("fails internally (masked) for a User when auth is off: there is no caller", async () => {
    const h = setup({ enableAuth: false });
    expectError(await h.gql(undefined, NODE, { id: "VXNlcjoy" }), "an unexpected error occurred", ["node"]);
  });
});
