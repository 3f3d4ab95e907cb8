import { beforeEach, describe, expect, it } from "vitest";
import type { MockPhoenix } from "../src/index.js";
import { createManualClock } from "../src/index.js";
import { generatePassword } from "../../../test/helpers/secrets.js";
import { authMock, bearer, jsonInit, login, otlpBody } from "./helpers.js";

let mock: MockPhoenix;
let auth: Record<string, string>;
beforeEach(() => {
  mock = authMock({ disableRateLimit: true });
  auth = bearer(mock.adminSecret);
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Body = any;
const get = async (path: string): Promise<{ status: number; body: Body }> => {
  const response = await mock.request(path, { headers: auth });
  return { status: response.status, body: response.headers.get("content-type") === "application/json" ? await response.json() : await response.text() };
};
const post = async (path: string, body: unknown): Promise<{ status: number; body: Body }> => {
  const response = await mock.request(path, jsonInit("POST", body, auth));
  return { status: response.status, body: response.headers.get("content-type") === "application/json" ? await response.json() : await response.text() };
};
const newUser = (fields: Record<string, unknown>) => ({ user: { auth_method: "LOCAL", role: "MEMBER", password: generatePassword(), ...fields } });

describe("POST /v1/users", () => {
  it("creates a LOCAL user (201) whose password needs a reset", async () => {
    const { status, body } = await post("/v1/users", newUser({ email: " M1@Example.com ", username: "m1" }));
    expect(status).toBe(201);
    expect(body).toEqual({
      data: {
        id: "VXNlcjoz",
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
        updated_at: expect.any(String),
        email: "m1@example.com",
        username: "m1",
        role: "MEMBER",
        auth_method: "LOCAL",
        password_needs_reset: true,
      },
    });
  });

  it("answers conflicts, SYSTEM and bad fields with Phoenix's statuses and messages", async () => {
    await post("/v1/users", newUser({ email: "m1@example.com", username: "m1" }));
    expect(await post("/v1/users", newUser({ email: "m1@example.com", username: "other" }))).toEqual({ status: 409, body: "Email already exists" });
    expect(await post("/v1/users", newUser({ email: "other@example.com", username: "m1" }))).toEqual({ status: 409, body: "Username already exists" });
    expect(await post("/v1/users", newUser({ email: "m1@example.com", username: "m1" }))).toEqual({ status: 409, body: "Email already exists" });
    expect(await post("/v1/users", newUser({ email: "s@example.com", username: "s", role: "SYSTEM" }))).toEqual({
      status: 400,
      body: "Cannot create users with SYSTEM role",
    });
    expect(await post("/v1/users", newUser({ email: "not-an-email", username: "x" }))).toEqual({ status: 500, body: "Internal Server Error" });
  });

  it("reports body problems as FastAPI 422s", async () => {
    expect((await post("/v1/users", {})).body).toEqual({ detail: [{ type: "missing", loc: ["body", "user"], msg: "Field required", input: {} }] });
    expect((await post("/v1/users", { user: { email: "a@b.co" } })).body).toEqual({
      detail: [
        {
          type: "union_tag_not_found",
          loc: ["body", "user"],
          msg: "Unable to extract tag using discriminator 'auth_method'",
          input: { email: "a@b.co" },
          ctx: { discriminator: "'auth_method'" },
        },
      ],
    });
    const bad = await post("/v1/users", { user: { auth_method: "LOCAL", email: 5, role: "BOSS" } });
    expect(bad.body).toEqual({
      detail: [
        { type: "string_type", loc: ["body", "user", "LOCAL", "email"], msg: "Input should be a valid string", input: 5 },
        { type: "missing", loc: ["body", "user", "LOCAL", "username"], msg: "Field required", input: { auth_method: "LOCAL", email: 5, role: "BOSS" } },
        {
          type: "literal_error",
          loc: ["body", "user", "LOCAL", "role"],
          msg: "Input should be 'SYSTEM', 'ADMIN', 'MEMBER' or 'VIEWER'",
          input: "BOSS",
          ctx: { expected: "'SYSTEM', 'ADMIN', 'MEMBER' or 'VIEWER'" },
        },
      ],
    });
  });
});

describe("listing", () => {
  it("pages users newest first with a User cursor", async () => {
    await post("/v1/users", newUser({ email: "m1@example.com", username: "m1" }));
    const first = await get("/v1/users?limit=2");
    expect(first.body.data.map((u: { username: string }) => u.username)).toEqual(["m1", "admin"]);
    expect(first.body.next_cursor).toBe("VXNlcjox");
    const second = await get(`/v1/users?cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ data: [{ username: "system", role: "SYSTEM", password_needs_reset: false }], next_cursor: null });
    expect(await get("/v1/users?cursor=%%%")).toEqual({ status: 422, body: "Invalid cursor format: %%%" });
    expect((await get("/v1/users?limit=0")).body).toEqual({
      detail: [{ type: "greater_than", loc: ["query", "limit"], msg: "Input should be greater than 0", input: "0", ctx: { gt: 0 } }],
    });
  });

  it("lists user keys across users with their owner, and system keys apart", async () => {
    await mock.createUser({ email: "m1@example.com", username: "m1", role: "MEMBER" });
    await mock.createUserApiKey({ email: "m1@example.com", name: "k1", description: "d1" });
    await mock.createSystemApiKey({ name: "sys1" });
    await mock.createUserApiKey({ email: "m1@example.com", name: "k2", expiresAt: new Date("2099-01-01T00:00:00Z") });
    const users = await get("/v1/users/api_keys?limit=1");
    expect(users.body).toEqual({
      data: [
        {
          id: "VXNlckFwaUtleToz",
          name: "k2",
          created_at: expect.any(String),
          expires_at: "2099-01-01T00:00:00+00:00",
          user: { id: "VXNlcjoz", username: "m1", email: "m1@example.com" },
        },
      ],
      next_cursor: "VXNlckFwaUtleTox",
    });
    const rest = await get("/v1/users/api_keys?cursor=VXNlckFwaUtleTox");
    expect(rest.body.data).toEqual([expect.objectContaining({ name: "k1", description: "d1" })]);
    expect(await get("/v1/users/api_keys?cursor=nope")).toEqual({ status: 422, body: "Invalid UserApiKey GlobalID format: nope" });
    expect((await get("/v1/system/api_keys")).body).toEqual({ data: [{ id: "U3lzdGVtQXBpS2V5OjI=", name: "sys1", created_at: expect.any(String) }] });
    const badSystem = await mock.request("/v1/system/api_keys/VXNlckFwaUtleTox", { method: "DELETE", headers: auth });
    expect([badSystem.status, await badSystem.text()]).toEqual([422, "Invalid SystemApiKey GlobalID format: VXNlckFwaUtleTox"]);
    const notSystem = await mock.request("/v1/system/api_keys/U3lzdGVtQXBpS2V5OjE=", { method: "DELETE", headers: auth });
    expect([notSystem.status, await notSystem.text()]).toEqual([404, "System API key not found"]);
  });

  it("finds projects by name or GlobalID and filters spans", async () => {
    await mock.request("/v1/traces", {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-protobuf", "x-project-name": "p" },
      body: otlpBody([{ spanName: "a" }, { spanName: "b" }, { spanName: "c" }]),
    });
    expect((await get("/v1/projects/UHJvamVjdDoy")).body).toEqual({ data: { name: "p", description: null, id: "UHJvamVjdDoy" } });
    expect(await get("/v1/projects/UHJvamVjdDo5")).toEqual({ status: 404, body: "Project with ID UHJvamVjdDo5 not found" });
    expect((await get("/v1/projects?name_contains=P")).body.data).toEqual([{ name: "p", description: null, id: "UHJvamVjdDoy" }]);
    const names = async (query: string) => (await get(`/v1/projects/p/spans${query}`)).body.data.map((s: { name: string }) => s.name);
    expect(await names("")).toEqual(["c", "b", "a"]);
    expect(await names("?order=asc")).toEqual(["a", "b", "c"]);
    expect(await names("?name=a&name=c")).toEqual(["c", "a"]);
    expect(await names(`?trace_id=${"02".repeat(16)}`)).toEqual(["b"]);
    expect(await names("?parent_id=null&limit=2&cursor=U3Bhbjoy")).toEqual(["b", "a"]);
    expect(await get("/v1/projects/p/spans?cursor=nope")).toEqual({ status: 422, body: "Invalid cursor" });
    expect(await names("?span_kind=unknown&status_code=UNSET")).toEqual(["c", "b", "a"]);
    expect(await names("?span_kind=LLM")).toEqual([]);
    expect(await get("/v1/projects/p/spans?span_kind=LLM&span_kind=nope")).toEqual({ status: 422, body: "Invalid span_kind values: ['NOPE']" });
    expect(await names("?attribute=a:1")).toEqual([]);
    expect(await get("/v1/projects/p/spans?attribute=nocolon")).toEqual({ status: 422, body: "Invalid attribute 'nocolon': expected format 'key:value'" });
    const otlp = await get("/v1/projects/p/spans/otlpv1?limit=1");
    expect(otlp.body).toMatchObject({
      data: [{ name: "c", kind: "SPAN_KIND_INTERNAL", attributes: [], events: null, status: { code: 0, message: null }, parent_span_id: null }],
      next_cursor: "U3Bhbjoy",
    });
  });
});

describe("fidelity details reported by the conformance suite", () => {
  it("ignores a span whose span_id Phoenix already stored", async () => {
    const body = otlpBody([{ spanName: "once" }]);
    const send = () => mock.request("/v1/traces", { method: "POST", headers: { ...auth, "content-type": "application/x-protobuf" }, body });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(mock.spans().map((s) => s.name)).toEqual(["once"]);
  });

  it("reads attributes back grouped by dotted prefix in first-seen order, as Phoenix's unflatten/flatten does", async () => {
    const spanAttributes = { "openinference.span.kind": "CHAIN", "conformance.kind": "root", "openinference.extra": "x" };
    const body = otlpBody([{ spanName: "s", spanAttributes }]);
    const headers = { ...auth, "content-type": "application/x-protobuf", "x-project-name": "p" };
    expect((await mock.request("/v1/traces", { method: "POST", headers, body })).status).toBe(200);
    const otlp = await get("/v1/projects/p/spans/otlpv1");
    expect(otlp.body.data[0].attributes.map((kv: { key: string }) => kv.key)).toEqual([
      "openinference.span.kind",
      "openinference.extra",
      "conformance.kind",
    ]);
    const spans = await get("/v1/projects/p/spans");
    expect(spans.body.data[0]).toMatchObject({ span_kind: "CHAIN", attributes: { "openinference.extra": "x", "conformance.kind": "root" } });
  });

  it("writes updated_at in microseconds once the user row was updated", async () => {
    const clock = createManualClock(Date.UTC(2030, 0, 1));
    const withClock = authMock({ clock, disableRateLimit: true });
    const password = generatePassword();
    await withClock.createUser({ email: "m1@example.com", username: "m1", role: "MEMBER", password });
    const session = await login((path, init) => withClock.request(path, init), "m1@example.com", password);
    const me = async () => ((await (await withClock.request("/v1/user", { headers: bearer(session.access) })).json()) as { data: Record<string, string> }).data;
    expect((await me()).updated_at).toBe("2030-01-01T00:00:00+00:00");
    clock.advance(1_234);
    const patched = await withClock.request(
      "/graphql",
      jsonInit("POST", { query: 'mutation { patchViewer(input: {newUsername: "m1-renamed"}) { user { id } } }' }, bearer(session.access)),
    );
    expect(await patched.json()).not.toHaveProperty("errors");
    expect(await me()).toMatchObject({ username: "m1-renamed", created_at: "2030-01-01T00:00:00+00:00", updated_at: "2030-01-01T00:00:01.234000+00:00" });
  });
});
