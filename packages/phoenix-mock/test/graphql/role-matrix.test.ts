import { describe, expect, it } from "vitest";
import type { Principal } from "../../src/core/index.js";
import type { GraphqlResponse } from "../../src/http/graphql/index.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { gid, setup, type Harness } from "./harness.js";

// Who may do what, cell by cell, on a fresh database each time. "ok" means the operation succeeded;
// anything else is Phoenix's exact error message.

const CALLERS = [
  "viewer session",
  "member session",
  "admin session",
  "default admin session",
  "member API key",
  "admin API key",
  "system API key",
  "admin secret",
] as const;
type Caller = (typeof CALLERS)[number];

async function world() {
  const h = setup();
  const viewer = await h.addUser("VIEWER", "v1");
  const member = await h.addUser("MEMBER", "m1");
  const admin = await h.addUser("ADMIN", "a2");
  const target = await h.addUser("MEMBER", "t1");
  const targetKey = (await h.model.keys.create({ user: target, name: "tk" })).apiKey;
  const systemKey = (await h.model.keys.create({ user: h.systemUser(), name: "sk" })).apiKey;
  const principals: Record<Caller, () => Promise<Principal>> = {
    "viewer session": () => h.session(viewer),
    "member session": () => h.session(member),
    "admin session": () => h.session(admin),
    "default admin session": () => h.session(h.defaultAdmin()),
    "member API key": () => h.apiKey(member),
    "admin API key": () => h.apiKey(admin),
    "system API key": () => h.apiKey(h.systemUser()),
    "admin secret": () => h.adminSecret(),
  };
  return { h, target, targetKey, systemKey, principals };
}
type World = Awaited<ReturnType<typeof world>>;

type Operation = (w: World, principal: Principal) => Promise<GraphqlResponse>;
const run = (h: Harness, principal: Principal, query: string, variables?: Record<string, unknown>) => h.gql(principal, query, variables);

const OPERATIONS: Record<string, Operation> = {
  viewer: (w, p) => run(w.h, p, "{ viewer { id } }"),
  users: (w, p) => run(w.h, p, "{ users { edges { node { id } } } }"),
  userApiKeys: (w, p) => run(w.h, p, "{ userApiKeys { id } }"),
  systemApiKeys: (w, p) => run(w.h, p, "{ systemApiKeys { id } }"),
  "node(default admin)": (w, p) => run(w.h, p, '{ node(id: "VXNlcjoy") { id } }'),
  createUser: (w, p) =>
    run(w.h, p, `mutation { createUser(input: {email: "n@example.com", username: "n", password: "${generatePassword()}", role: MEMBER}) { user { id } } }`),
  patchUser: (w, p) => run(w.h, p, "mutation($id: ID!) { patchUser(input: {userId: $id, newUsername: \"t2\"}) { user { id } } }", { id: gid("User", w.target.id) }),
  deleteUsers: (w, p) => run(w.h, p, "mutation($id: ID!) { deleteUsers(input: {userIds: [$id]}) { userIds } }", { id: gid("User", w.target.id) }),
  createSystemApiKey: (w, p) => run(w.h, p, 'mutation { createSystemApiKey(input: {name: "n"}) { jwt } }'),
  deleteSystemApiKey: (w, p) =>
    run(w.h, p, "mutation($id: ID!) { deleteSystemApiKey(input: {id: $id}) { apiKeyId } }", { id: gid("SystemApiKey", w.systemKey.id) }),
  createUserApiKey: (w, p) => run(w.h, p, 'mutation { createUserApiKey(input: {name: "n"}) { jwt } }'),
  "deleteUserApiKey(another user's)": (w, p) =>
    run(w.h, p, "mutation($id: ID!) { deleteUserApiKey(input: {id: $id}) { apiKeyId } }", { id: gid("UserApiKey", w.targetKey.id) }),
  patchViewer: (w, p) => run(w.h, p, 'mutation { patchViewer(input: {newUsername: "renamed"}) { user { id } } }'),
};

const ADMIN_ONLY = "Only admin can perform this action";
const NOT_VIEWER = "Viewers cannot perform this action";
const NO_KEYS_FROM_KEYS = "API keys cannot create API keys";
const NOT_FOUND = "API key not found";

/** Columns in CALLERS order. */
const EXPECTED: Record<keyof typeof OPERATIONS, readonly string[]> = {
  viewer: ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  users: [ADMIN_ONLY, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  userApiKeys: [ADMIN_ONLY, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  systemApiKeys: [ADMIN_ONLY, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  "node(default admin)": [ADMIN_ONLY, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  createUser: [NOT_VIEWER, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  patchUser: [NOT_VIEWER, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  deleteUsers: [NOT_VIEWER, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  createSystemApiKey: [NOT_VIEWER, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, NO_KEYS_FROM_KEYS, ADMIN_ONLY, "ok"],
  deleteSystemApiKey: [NOT_VIEWER, ADMIN_ONLY, "ok", "ok", ADMIN_ONLY, "ok", ADMIN_ONLY, "ok"],
  createUserApiKey: ["ok", "ok", "ok", "ok", NO_KEYS_FROM_KEYS, NO_KEYS_FROM_KEYS, NO_KEYS_FROM_KEYS, "System API keys cannot manage personal API keys"],
  "deleteUserApiKey(another user's)": [NOT_FOUND, NOT_FOUND, "ok", "ok", NOT_FOUND, "ok", NOT_FOUND, "ok"],
  patchViewer: ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
};

function outcome(response: GraphqlResponse): string {
  const json = response.json as { data: unknown; errors?: { message: string }[] };
  expect(response.status).toBe(200);
  if (!json.errors) return "ok";
  expect(json.errors).toHaveLength(1);
  return json.errors[0]!.message;
}

describe("role matrix", () => {
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    it(name, async () => {
      const actual: string[] = [];
      for (const caller of CALLERS) {
        const w = await world();
        actual.push(outcome(await operation(w, await w.principals[caller]())));
      }
      expect(Object.fromEntries(CALLERS.map((c, i) => [c, actual[i]]))).toEqual(
        Object.fromEntries(CALLERS.map((c, i) => [c, EXPECTED[name]![i]])),
      );
    });
  }
});
