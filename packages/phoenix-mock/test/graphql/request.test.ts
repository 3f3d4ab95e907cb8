import { describe, expect, it } from "vitest";
import { PhoenixUnhandledError } from "../../src/http/errors.js";
import { executeGraphql } from "../../src/http/graphql/index.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { dataOf, errorOf, setup } from "./harness.js";

describe("request body handling (Phoenix's strawberry router)", () => {
  it("answers malformed requests with Phoenix's 400 plain-text bodies", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const send = (body: unknown, invalidJson?: boolean) => executeGraphql({ model: h.model, principal, body, invalidJson });
    expect(await send(undefined, true)).toEqual({ status: 400, text: "Unable to parse request body as JSON" });
    expect(await send([{ query: "{ viewer { id } }" }])).toEqual({ status: 400, text: "Batching is not enabled" });
    expect(await send({})).toEqual({ status: 400, text: "No GraphQL query found in the request" });
    expect(await send({ query: null })).toEqual({ status: 400, text: "No GraphQL query found in the request" });
    expect(await send({ query: 5 })).toEqual({ status: 400, text: "The GraphQL operation's `query` must be a string or null, if provided." });
    expect(await send({ query: "{ viewer { id } }", variables: 5 })).toEqual({
      status: 400,
      text: "The GraphQL operation's `variables` must be an object or null, if provided.",
    });
    expect(await send({ query: "query A { viewer { id } }", operationName: "C" })).toEqual({ status: 400, text: 'Unknown operation named "C".' });
  });

  it("hands a JSON scalar body, which Phoenix does not handle, to the HTTP layer's 500 as a PhoenixUnhandledError", async () => {
    const h = setup();
    for (const body of [5, null, "x"]) {
      await expect(executeGraphql({ model: h.model, principal: undefined, body })).rejects.toBeInstanceOf(PhoenixUnhandledError);
    }
  });

  it("does not swallow a failure of the mock itself: it reaches the HTTP layer, which logs it", async () => {
    const h = setup();
    const body = {
      get query(): string {
        throw new Error("boom");
      },
    };
    await expect(executeGraphql({ model: h.model, principal: undefined, body })).rejects.toThrow("boom");
  });

  it("accepts null variables and operationName", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const response = await executeGraphql({ model: h.model, principal, body: { query: "{ viewer { id } }", variables: null, operationName: null } });
    expect(response).toEqual({ status: 200, json: { data: { viewer: { id: "VXNlcjox" } } } });
  });

  it("runs the named operation, or the first one when several come without a name", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const query = "query A { viewer { id } } query B { viewer { username } }";
    expect(dataOf(await h.gql(principal, query))).toEqual({ viewer: { id: "VXNlcjox" } });
    const named = await executeGraphql({ model: h.model, principal, body: { query, operationName: "B" } });
    expect(dataOf(named)).toEqual({ viewer: { username: "system" } });
  });
});

describe("GET /graphql", () => {
  it("runs queries but refuses mutations with Phoenix's 400", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const get = (query: string) => executeGraphql({ model: h.model, principal, method: "GET", body: { query } });
    expect(await get("{ viewer { id } }")).toEqual({ status: 200, json: { data: { viewer: { id: "VXNlcjox" } } } });
    expect(await get('mutation { patchViewer(input: {newUsername: "z"}) { user { id } } }')).toEqual({
      status: 400,
      text: "mutations are not allowed when using GET",
    });
    expect(h.systemUser().username).toBe("system");
  });
});

describe("GraphQL errors", () => {
  it("reports syntax and validation errors with 200, data null and locations, unmasked", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    expect((await h.gql(principal, "{ viewer { id } ")).json).toEqual({
      data: null,
      errors: [{ message: "Syntax Error: Expected Name, found <EOF>.", locations: [{ line: 1, column: 17 }] }],
    });
    // Same shape as Phoenix; graphql-js words validation messages with double quotes where graphql-core uses single.
    expect((await h.gql(principal, "{ nope }")).json).toEqual({
      data: null,
      errors: [{ message: 'Cannot query field "nope" on type "Query". Did you mean "node"?', locations: [{ line: 1, column: 3 }] }],
    });
    const password = generatePassword();
    const payload = errorOf(await h.gql(principal, `mutation { createUser(input: {email: "a@b.co", username: "a", password: "${password}", role: VIEWER}) { user { id } query { viewer { id } } } }`));
    expect(payload.message).toBe('Cannot query field "query" on type "UserMutationPayload". Did you mean "user"?');
    // Phoenix types the mock does not serve do not exist at all.
    expect(errorOf(await h.gql(principal, "{ projects { edges { node { id } } } }")).message).toBe('Cannot query field "projects" on type "Query".');
  });

  it("masks every variable-coercion error, so a variable's value (a password) is never echoed", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const query = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }";
    const password = generatePassword("pw-");
    for (const i of [
      { username: "q", role: "VIEWER", password },
      { email: "a@b.co", username: "q", role: "VIEWER", password: 5 },
      { email: "a@b.co", username: "q", role: "VIEWER", password, extra: password },
    ]) {
      const response = await h.gql(principal, query, { i });
      expect(response.json).toEqual({ data: null, errors: [{ message: "an unexpected error occurred", locations: [{ line: 1, column: 10 }] }] });
      expect(JSON.stringify(response)).not.toContain(password);
    }
  });

  it("never puts a password, the admin secret or a key into an error", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const secretPassword = `${generatePassword("Aa1!")} x`;
    const responses = [
      await h.gql(principal, "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }", {
        i: { email: "a@b.co", username: "q", role: "VIEWER", password: secretPassword },
      }),
      await h.gql(principal, "mutation($i: PatchViewerInput!) { patchViewer(input: $i) { user { id } } }", {
        i: { newPassword: generatePassword(), currentPassword: secretPassword },
      }),
      await h.gql(principal, "mutation($i: PatchUserInput!) { patchUser(input: $i) { user { id } } }", {
        i: { userId: "VXNlcjoy", newPassword: secretPassword },
      }),
    ];
    for (const response of responses) {
      expect(errorOf(response).message).not.toBe("");
      const text = JSON.stringify(response);
      expect(text).not.toContain(secretPassword.trim());
      expect(text).not.toContain(h.config.adminSecret!);
      expect(text).not.toContain(h.config.secret!);
    }
  });

  it("stops a mutation document at the first failing mutation (serial execution)", async () => {
    const h = setup();
    const member = await h.addUser("MEMBER", "m1");
    const response = await h.gql(
      await h.session(member),
      'mutation { a: createSystemApiKey(input: {name: "q"}) { jwt } b: patchViewer(input: {newUsername: "m1e"}) { user { username } } }',
    );
    expect(response.json).toEqual({
      data: null,
      errors: [{ message: "Only admin can perform this action", locations: [{ line: 1, column: 12 }], path: ["a"] }],
    });
    expect(member.username).toBe("m1");
  });

  it("nulls the whole data when a non-null root field fails", async () => {
    const h = setup();
    const json = (await h.gql(await h.adminSecret(), '{ viewer { id } node(id: "garbage") { id } }')).json;
    expect(json).toEqual({
      data: null,
      errors: [{ message: "Unknown node: garbage", locations: [{ line: 1, column: 17 }], path: ["node"] }],
    });
  });
});

describe("Phoenix's query limits", () => {
  /** `{ viewer { apiKeys { user { apiKeys ... { id } } } } }` with `levels` nested fields above `id`. */
  const nested = (levels: number, name = "") => {
    const names = ["viewer", ...Array.from({ length: levels - 1 }, (_, i) => (i % 2 === 0 ? "apiKeys" : "user"))];
    const body = names.reduceRight((inner, field) => `${field} { ${inner} }`, "id");
    return `query ${name}{ ${body} }`.replace("query { ", "{ ");
  };

  it("allows 20 levels below the root field and refuses 21 with Phoenix's message at the too-deep field", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    expect(dataOf(await h.gql(principal, nested(20)))).toEqual({ viewer: { apiKeys: [] } });
    // Real Phoenix 20.26.1 answers exactly this for the same document.
    expect((await h.gql(principal, nested(21))).json).toEqual({
      data: null,
      errors: [{ message: "'anonymous' exceeds maximum operation depth of 20", locations: [{ line: 1, column: 182 }] }],
    });
    expect(errorOf(await h.gql(principal, nested(21, "Deep "))).message).toBe("'Deep' exceeds maximum operation depth of 20");
  });

  it("allows 50 aliases and refuses 51 with a location-less error", async () => {
    const h = setup();
    const principal = await h.adminSecret();
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(" ")} }`;
    expect(Object.keys(dataOf(await h.gql(principal, aliases(50))))).toHaveLength(50);
    expect((await h.gql(principal, aliases(51))).json).toEqual({ data: null, errors: [{ message: "51 aliases found. Allowed: 50" }] });
  });
});
