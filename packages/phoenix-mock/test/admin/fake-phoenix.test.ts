import { describe, expect, it } from "vitest";
import { RECORDED_HEADERS, describeBody, normalizeString, type NormalizeContext } from "../../src/contract/normalize.js";
import { recordedAnswer } from "../../../../test/helpers/recorded.js";
import { generatePassword, generateSecret } from "../../../../test/helpers/secrets.js";
import { fakePhoenix, type FakePhoenix } from "./fake-phoenix.js";

// The fake stands in for Phoenix in phoenix-admin.test.ts; here each answer PhoenixAdmin relies on is compared with
// what the real Phoenix 20.26.1 answered (contract/expected.json), normalized the way the suite records it.

const BASE = "http://127.0.0.1:16106";
const ctx: NormalizeContext = { origins: [[BASE, "<origin>"]], uniques: [], secrets: [] };

async function observe(response: Response) {
  const headers: Record<string, string | null> = {};
  for (const name of RECORDED_HEADERS) {
    const value = response.headers.get(name);
    headers[name] = value === null ? null : normalizeString(value, ctx);
  }
  const setCookie = response.headers.getSetCookie().map((cookie) => normalizeString(cookie, ctx));
  return { status: response.status, headers, setCookie, body: describeBody(await response.text(), response.headers.get("content-type"), ctx) };
}

function expectRecorded(observed: Awaited<ReturnType<typeof observe>>, caseId: string, step: string, options: { setCookie?: boolean } = {}) {
  const recorded = recordedAnswer(caseId, step);
  expect({ status: observed.status, headers: observed.headers, body: observed.body }).toEqual({
    status: recorded.status,
    headers: recorded.headers,
    body: recorded.body,
  });
  if (options.setCookie) expect(observed.setCookie).toEqual(recorded.setCookie);
}

/** The message of the first GraphQL error (locations depend on the query text, so only the message is compared). */
async function graphqlMessage(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { errors?: { message: string }[] }).errors?.[0]?.message;
}
function recordedMessage(caseId: string, step: string): string | undefined {
  return (recordedAnswer(caseId, step).body as { errors?: { message: string }[] }).errors?.[0]?.message;
}

const login = (phoenix: FakePhoenix, email: string, password: string) =>
  phoenix.fetch(`${BASE}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });

async function session(phoenix: FakePhoenix): Promise<string> {
  const response = await login(phoenix, "admin@localhost", "admin");
  return /phoenix-access-token=([^;]+)/.exec(response.headers.getSetCookie()[0] ?? "")![1]!;
}

function gql(phoenix: FakePhoenix, token: string, query: string, variables: Record<string, unknown>) {
  return phoenix.fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
}

describe("the fake Phoenix of the PhoenixAdmin tests answers as the recorded real Phoenix", () => {
  it("login: success (status, headers, both cookies), missing password, wrong password", async () => {
    const phoenix = fakePhoenix();
    expectRecorded(await observe(await login(phoenix, "admin@localhost", "admin")), "bootstrap-default-admin", "login", { setCookie: true });
    expectRecorded(await observe(await login(phoenix, "admin@localhost", "")), "login-failures", "empty-password");
    expectRecorded(await observe(await login(phoenix, "admin@localhost", generatePassword())), "login-failures", "wrong-password");
  });

  it("an unknown credential: 401 Invalid token with Phoenix's WWW-Authenticate", async () => {
    const phoenix = fakePhoenix();
    const response = await phoenix.fetch(`${BASE}/graphql`, { method: "POST", headers: { authorization: "Bearer nope" }, body: "{}" });
    expectRecorded(await observe(response), "traces-rejected-credentials", "garbage");
  });

  it("GraphQL refusals PhoenixAdmin reports: Phoenix's messages", async () => {
    const phoenix = fakePhoenix();
    const admin = await session(phoenix);
    const patch = "mutation($input: PatchViewerInput!) { patchViewer(input: $input) { user { id } } }";
    expect(await graphqlMessage(await gql(phoenix, admin, patch, { input: { currentPassword: generatePassword(), newPassword: generatePassword() } }))).toBe(
      recordedMessage("graphql-patch-viewer-password", "wrong-current"),
    );
    const deleteKey = "mutation($input: DeleteApiKeyInput!) { deleteSystemApiKey(input: $input) { apiKeyId } }";
    expect(await graphqlMessage(await gql(phoenix, admin, deleteKey, { input: { id: "U3lzdGVtQXBpS2V5Ojk5" } }))).toBe(
      recordedMessage("rest-key-relabeling", "graphql-relabeled-system"),
    );
    const createUser = "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }";
    const member = { email: "m@example.com", username: "m", password: generatePassword(), role: "MEMBER" };
    await gql(phoenix, admin, createUser, { input: member });
    expect(await graphqlMessage(await gql(phoenix, admin, createUser, { input: { ...member, email: "M@EXAMPLE.COM", username: "m2" } }))).toBe(
      recordedMessage("graphql-create-user-roles", "duplicate-email-upper-case"),
    );
    const adminSecret = generateSecret();
    phoenix.adminTokens.add(adminSecret);
    const createUserKey = "mutation($input: CreateApiKeyInput!) { createUserApiKey(input: $input) { jwt } }";
    expect(await graphqlMessage(await gql(phoenix, adminSecret, createUserKey, { input: { name: "k" } }))).toBe(
      recordedMessage("graphql-keys-cannot-mint-keys", "admin-secret"),
    );
  });

  it("a member creating a system key: Only admin can perform this action", async () => {
    const phoenix = fakePhoenix();
    const admin = await session(phoenix);
    const createUser = "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }";
    const password = generatePassword();
    await gql(phoenix, admin, createUser, { input: { email: "m@example.com", username: "m", password, role: "MEMBER" } });
    const member = /phoenix-access-token=([^;]+)/.exec((await login(phoenix, "m@example.com", password)).headers.getSetCookie()[0]!)![1]!;
    const createKey = "mutation($input: CreateApiKeyInput!) { createSystemApiKey(input: $input) { jwt } }";
    expect(await graphqlMessage(await gql(phoenix, member, createKey, { input: { name: "k" } }))).toBe(
      recordedMessage("graphql-system-key-roles", "member-create"),
    );
  });
});
