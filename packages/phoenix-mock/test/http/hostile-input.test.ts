import { describe, expect, it } from "vitest";
import { authMock, bearer, jsonInit } from "../helpers.js";

/** Answers of Phoenix 20.26.1 to the same requests (probed against scripts/real-phoenix.sh; see RELIABILITY.md). */
describe("hostile input gets Phoenix's answer, never an undocumented 5xx", () => {
  it("GraphQL nested past 200 levels: 200 with graphql-core's syntax error at the 201st level", async () => {
    const mock = authMock();
    const send = (query: string) => mock.request("/graphql", jsonInit("POST", { query }, bearer(mock.adminSecret)));
    const cases: [string, number][] = [
      [`query { users(first: ${"[".repeat(5000)}${"]".repeat(5000)}) { edges { node { id } } } }`, 221],
      [`query { users(first: ${"{a:".repeat(3000)}1${"}".repeat(3000)}) { edges { node { id } } } }`, 619],
      [`query { ${"viewer { ".repeat(3000)} id ${"}".repeat(3000)} }`, 1807],
    ];
    for (const [query, column] of cases) {
      const response = await send(query);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        data: null,
        errors: [{ message: "Syntax Error: Document is nested too deeply. Parsing aborted.", locations: [{ line: 1, column }] }],
      });
    }
  });

  it("expires_at outside pydantic's timestamp range: 422 datetime_parsing", async () => {
    const mock = authMock();
    const create = async (expires_at: unknown) => {
      const response = await mock.request("/v1/system/api_keys", jsonInit("POST", { data: { name: "k", expires_at } }, bearer(mock.adminSecret)));
      return { status: response.status, body: (await response.json()) as { detail: unknown[] } };
    };
    for (const [value, range] of [[1.98e37, "after 9999"], [-1.98e37, "before 0000"], [1e308, "after 9999"], [1e20, "after 9999"]] as const) {
      const error = `dates ${range} are not supported as unix timestamps`;
      expect(await create(value)).toEqual({
        status: 422,
        body: { detail: [{ type: "datetime_parsing", loc: ["body", "data", "expires_at"], msg: `Input should be a valid datetime, ${error}`, input: value, ctx: { error } }] },
      });
    }
    expect((await create("0000-01-01")).body.detail[0]).toMatchObject({ type: "datetime_parsing", msg: "Input should be a valid datetime, year 0 is out of range" });
    expect((await create("9999-12-31T23:59:59Z")).status).toBe(201);
  });

  it("JSON nested deeper than Phoenix's parsers go: FastAPI's 400, not a crash (Phoenix: 500 from 957 levels)", async () => {
    const mock = authMock();
    const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    const users = (body: string) => mock.request("/v1/users", { method: "POST", headers: { "content-type": "application/json", ...bearer(mock.adminSecret) }, body });
    expect((await users(deep(956))).status).toBe(422);
    for (const depth of [957, 100_000]) {
      const response = await users(deep(depth));
      expect([response.status, await response.text()]).toEqual([400, "There was an error parsing the body"]);
    }
    const graphql = await mock.request("/graphql", { method: "POST", headers: { "content-type": "application/json", ...bearer(mock.adminSecret) }, body: deep(100_000) });
    expect(graphql.status).toBe(400);
  });

  it("tokens: only joserfc's canonical base64url verifies (Phoenix refuses other spellings of the same bytes)", async () => {
    const mock = authMock();
    const { key } = await mock.createSystemApiKey();
    const status = async (token: string) => (await mock.request("/v1/user", { headers: bearer(token) })).status;
    expect(await status(key)).toBe(200);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const [header, payload, signature] = key.split(".") as [string, string, string];
    expect(signature.length % 4).toBe(3); // HS256: 32 bytes → 43 characters, 2 unused bits in the last one
    const last = alphabet.indexOf(signature.at(-1)!);
    for (let bits = 1; bits < 4; bits++) {
      expect(await status(`${header}.${payload}.${signature.slice(0, -1)}${alphabet[last ^ bits]}`)).toBe(401);
    }
    expect(await status(`${header}.${payload}.${signature}=`)).toBe(401);
    expect(await status(`${header}.${payload}.${signature.slice(0, 5)}\t${signature.slice(5)}`)).toBe(401);
  });
});
