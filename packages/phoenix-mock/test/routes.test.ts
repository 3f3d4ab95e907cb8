import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../src/index.js";
import { generatePassword } from "../../../test/helpers/secrets.js";
import { authMock, bearer, jsonInit, login, otlpBody, transports, type Send } from "./helpers.js";

const JWT = /^eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9\.[\w-]+\.[\w-]+$/;
const ORIGIN_401 = (origin: string) =>
  `Bearer realm="Arize Phoenix", resource_metadata="${origin}/.well-known/oauth-protected-resource"`;

describe.each(transports)("mock Phoenix routes via $name", (transport) => {
  let mock: MockPhoenix;
  let send: Send;
  let origin: string;

  async function start(m: MockPhoenix): Promise<void> {
    mock = m;
    send = await transport.connect(mock);
    origin = transport.name.includes("socket") ? mock.url : mock.baseUrl;
  }
  afterEach(() => mock.close());

  describe("auth on", () => {
    beforeEach(() => start(authMock()));

    it("health, readiness and version carry Phoenix's headers", async () => {
      const health = await send("/healthz");
      expect(health.status).toBe(200);
      expect(health.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(health.headers.get("x-phoenix-server-version")).toBe("20.26.1");
      expect(health.headers.get("x-colab-notebook-cache-control")).toBe("no-cache");
      expect(health.headers.get("vary")).toBe("Accept-Encoding");
      expect(await health.text()).toBe("OK");
      const ready = await send("/readyz");
      expect([ready.headers.get("content-type"), await ready.text()]).toEqual(["application/json", "{}"]);
      expect(await (await send("/arize_phoenix_version")).text()).toBe("20.26.1");
    });

    it("serves the protected-resource document for the request's origin", async () => {
      const response = await send("/.well-known/oauth-protected-resource");
      expect(await response.json()).toEqual({
        resource: origin,
        resource_name: "Arize Phoenix",
        authorization_servers: [origin],
        bearer_methods_supported: ["header"],
        resource_documentation: `${origin}/auth.md`,
      });
    });

    it("answers an anonymous /v1 request with 401 Invalid token and the Bearer challenge", async () => {
      const response = await send("/v1/user");
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(ORIGIN_401(origin));
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe("Invalid token");
      expect((await send("/v1/user", { headers: { authorization: "Basic abc" } })).status).toBe(401);
      expect((await send("/v1/user", { headers: bearer("not-a-jwt") })).status).toBe(401);
    });

    it("logs in with Phoenix's exact cookies and reads the viewer", async () => {
      const response = await send("/auth/login", jsonInit("POST", { email: " ADMIN@localhost ", password: "admin" }));
      expect(response.status).toBe(204);
      expect(response.headers.get("content-type")).toBeNull();
      const [access, refresh] = response.headers.getSetCookie();
      expect(access).toMatch(/^phoenix-access-token=eyJ[\w.-]+; HttpOnly; Max-Age=600; Path=\/; SameSite=strict$/);
      expect(refresh).toMatch(/^phoenix-refresh-token=eyJ[\w.-]+; HttpOnly; Max-Age=604800; Path=\/; SameSite=strict$/);
      const token = access!.split(";")[0]!.split("=")[1]!;
      expect(token).toMatch(JWT);
      const viewer = await send("/v1/user", { headers: { cookie: `phoenix-access-token=${token}` } });
      expect(await viewer.json()).toEqual({
        data: {
          id: "VXNlcjoy",
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
          updated_at: expect.any(String),
          email: "admin@localhost",
          username: "admin",
          role: "ADMIN",
          auth_method: "LOCAL",
          password_needs_reset: true,
        },
      });
    });

    it("refuses bad logins with Phoenix's messages", async () => {
      for (const [body, message] of [
        [{ email: "admin@localhost", password: generatePassword() }, "Invalid email and/or password"],
        [{ email: "ghost@localhost", password: "admin" }, "Invalid email and/or password"],
        [{ email: "admin@localhost", password: "" }, "Email and password required"],
        [{}, "Email and password required"],
      ] as const) {
        const response = await send("/auth/login", jsonInit("POST", body));
        expect([response.status, await response.text()]).toEqual([401, message]);
        expect(response.headers.get("www-authenticate")).toBe(ORIGIN_401(origin));
      }
      const array = await send("/auth/login", jsonInit("POST", []));
      expect([array.status, await array.text(), array.headers.get("x-phoenix-server-version")]).toEqual([
        500,
        "Internal Server Error",
        null,
      ]);
    });

    it("refresh is single use and revokes the access token sent beside it", async () => {
      const session = await login(send, "admin@localhost", "admin");
      const missing = await send("/auth/refresh", { method: "POST" });
      expect([missing.status, await missing.text()]).toEqual([401, "Missing refresh token"]);
      const refreshed = await send("/auth/refresh", { method: "POST", headers: { cookie: session.cookie } });
      expect(refreshed.status).toBe(204);
      expect(refreshed.headers.getSetCookie()).toHaveLength(2);
      const replay = await send("/auth/refresh", { method: "POST", headers: { cookie: session.cookie } });
      expect([replay.status, await replay.text()]).toEqual([401, "Invalid refresh token"]);
      expect((await send("/v1/user", { headers: bearer(session.access) })).status).toBe(401);
    });

    it("logout redirects, deletes Phoenix's four cookies and kills every session of the user", async () => {
      const first = await login(send, "admin@localhost", "admin");
      const second = await login(send, "admin@localhost", "admin");
      const response = await send("/auth/logout", { headers: { cookie: first.cookie }, redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/login");
      const cookies = response.headers.getSetCookie();
      expect(cookies.map((c) => c.split("=")[0])).toEqual([
        "phoenix-access-token",
        "phoenix-refresh-token",
        "phoenix-oauth2-state",
        "phoenix-oauth2-nonce",
      ]);
      for (const cookie of cookies) {
        expect(cookie).toMatch(/^[\w-]+=""; expires=\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT; Max-Age=0; Path=\/; SameSite=lax$/);
      }
      expect((await send("/v1/user", { headers: bearer(second.access) })).status).toBe(401);
      expect((await send("/auth/logout", { method: "POST" })).status).toBe(405);
    });

    it("password reset without SMTP", async () => {
      const noEmail = await send("/auth/password-reset-email", jsonInit("POST", {}));
      expect([noEmail.status, await noEmail.text()]).toEqual([422, "Email required"]);
      const noSmtp = await send("/auth/password-reset-email", jsonInit("POST", { email: "admin@localhost" }));
      expect([noSmtp.status, await noSmtp.text()]).toEqual([503, "SMTP server not configured"]);
      const reset = await send("/auth/password-reset", jsonInit("POST", { password: generatePassword(), token: "y" }));
      expect([reset.status, await reset.text()]).toEqual([401, "Invalid token"]);
    });

    it("ingests protobuf with Phoenix's content checks and project rules", async () => {
      const auth = bearer(mock.adminSecret);
      const post = (headers: Record<string, string>, body: Uint8Array | null) =>
        send("/v1/traces", { method: "POST", headers: { ...auth, ...headers }, body });
      const cases: [Record<string, string>, number, string][] = [
        [{}, 415, "Unsupported content type: None"],
        [{ "content-type": "application/json" }, 415, "Unsupported content type: application/json"],
        [{ "content-type": "application/x-protobuf; charset=utf-8" }, 415, "Unsupported content type: application/x-protobuf; charset=utf-8"],
        [{ "content-type": "application/x-protobuf", "content-encoding": "br" }, 415, "Unsupported content encoding: br"],
      ];
      for (const [headers, status, message] of cases) {
        const response = await post(headers, new Uint8Array([1]));
        expect([response.status, await response.text()]).toEqual([status, message]);
      }
      const bad = await post({ "content-type": "application/x-protobuf" }, new Uint8Array([0xff, 0xff, 0xff]));
      expect([bad.status, await bad.text()]).toEqual([422, "Request body is invalid ExportTraceServiceRequest"]);

      const resources = [
        { spanName: "from-resource", attributes: { "openinference.project.name": "res-proj" } },
        { spanName: "no-attribute" },
      ];
      const body = otlpBody(resources);
      const ok = await post({ "content-type": "application/x-protobuf" }, body);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toBe("application/x-protobuf");
      expect(ok.headers.get("vary")).toBeNull();
      expect((await ok.arrayBuffer()).byteLength).toBe(0);
      const gz = await post({ "content-type": "application/x-protobuf", "content-encoding": "gzip", "x-project-name": "hdr" }, gzipSync(otlpBody(resources, 3)));
      expect(gz.status).toBe(200);
      expect(mock.spans().map((s) => [s.project, s.name])).toEqual([
        ["res-proj", "from-resource"],
        ["default", "no-attribute"],
        ["hdr", "from-resource"],
        ["hdr", "no-attribute"],
      ]);
      const projects = await send("/v1/projects", { headers: auth });
      expect(await projects.json()).toEqual({
        data: [
          { name: "hdr", description: null, id: "UHJvamVjdDoz" },
          { name: "res-proj", description: null, id: "UHJvamVjdDoy" },
          { name: "default", description: "Default project", id: "UHJvamVjdDox" },
        ],
        next_cursor: null,
      });
      const spans = await send("/v1/projects/res-proj/spans", { headers: auth });
      expect(await spans.json()).toEqual({
        data: [
          {
            id: "U3Bhbjox",
            name: "from-resource",
            context: { trace_id: "01".repeat(16), span_id: "01".repeat(8) },
            span_kind: "UNKNOWN",
            parent_id: null,
            start_time: "2026-11-26T13:53:15.387354+00:00",
            end_time: "2026-11-26T13:53:15.388354+00:00",
            status_code: "UNSET",
            status_message: "",
            attributes: {},
            events: [],
          },
        ],
        next_cursor: null,
      });
      const otlp = await send("/v1/projects/res-proj/spans/otlpv1", { headers: auth });
      const otlpText = await otlp.text();
      expect(otlpText).toContain('"end_time_unix_nano":1795701195388354048,');
      expect(otlpText).toContain('"start_time_unix_nano":1795701195387353856,');
      const missing = await send("/v1/projects/nope/spans", { headers: auth });
      expect([missing.status, await missing.text()]).toEqual([404, "Project with name nope not found"]);
      const limited = await send("/v1/projects/hdr/spans?limit=1", { headers: auth });
      expect(await limited.json()).toMatchObject({ data: [{ name: "no-attribute" }], next_cursor: "U3Bhbjoz" });
      const tooMany = await send("/v1/projects/hdr/spans?limit=1001", { headers: auth });
      expect(await tooMany.json()).toEqual({
        detail: [
          {
            type: "less_than_equal",
            loc: ["query", "limit"],
            msg: "Input should be less than or equal to 1000",
            input: "1001",
            ctx: { le: 1000 },
          },
        ],
      });
    });

    it("answers routes it does not implement without pretending, and unknown methods like Phoenix", async () => {
      const anonymous = await send("/v1/datasets");
      expect([anonymous.status, await anonymous.text()]).toEqual([401, "Invalid token"]);
      const known = await send("/v1/datasets", { headers: bearer(mock.adminSecret) });
      expect([known.status, known.headers.get("x-phoenix-mock")]).toEqual([501, "not-implemented"]);
      expect(await known.text()).toBe("phoenix-mock does not implement GET /v1/datasets (Phoenix 20.26.1 may; see docs/divergences.md in phoenix-mock)");
      const upload = await send("/v1/datasets/upload", { method: "POST", headers: bearer(mock.adminSecret) });
      expect(upload.status).toBe(501);
      // Every other unmatched GET is Phoenix's UI mount: the mock's pages (test/pages).
      for (const path of ["/v1/nope", "/projects"]) {
        const page = await send(path);
        expect([path, page.status, page.headers.get("content-type")]).toEqual([path, 200, "text/html; charset=utf-8"]);
      }
      const wellKnown = await send("/.well-known/nope");
      expect([wellKnown.status, await wellKnown.text()]).toEqual([404, "Not Found"]);
      // Phoenix serves its OAuth2 authorization server by default; the mock names it as not implemented.
      const discovery = await send("/.well-known/openid-configuration");
      expect([discovery.status, discovery.headers.get("x-phoenix-mock")]).toEqual([501, "not-implemented"]);
      for (const [method, path] of [
        ["POST", "/somewhere"],
        ["POST", "/v1/nope"],
        ["DELETE", "/v1/user"],
        ["PUT", "/v1/traces"],
      ]) {
        const response = await send(path!, { method });
        expect([path, response.status, response.headers.get("allow"), await response.text()]).toEqual([path, 405, "GET, HEAD", "Method Not Allowed"]);
        expect(response.headers.get("www-authenticate")).toBeNull();
      }
    });
  });

  describe("auth off", () => {
    beforeEach(() => start(createMockPhoenix()));

    it("has no /auth routes, open /v1 routes and an anonymous viewer", async () => {
      const login = await send("/auth/login", jsonInit("POST", { email: "admin@localhost", password: "admin" }));
      expect([login.status, await login.text()]).toEqual([405, "Method Not Allowed"]);
      expect(await (await send("/v1/user")).json()).toEqual({ data: { auth_method: "ANONYMOUS" } });
      expect((await send("/v1/users")).status).toBe(200);
      const document = await (await send("/.well-known/oauth-protected-resource")).json();
      expect(document).toMatchObject({ authorization_servers: [] });
    });

    it("refuses every API-key route with Phoenix's message and no challenge", async () => {
      const message =
        "This action requires authentication to be enabled. Set the PHOENIX_ENABLE_AUTH environment variable to true.";
      for (const [method, path] of [
        ["GET", "/v1/user/api_keys"],
        ["POST", "/v1/user/api_keys"],
        ["GET", "/v1/users/api_keys"],
        ["GET", "/v1/system/api_keys"],
        ["POST", "/v1/system/api_keys"],
        ["DELETE", "/v1/system/api_keys/U3lzdGVtQXBpS2V5OjE="],
        ["DELETE", "/v1/user/api_keys/VXNlckFwaUtleTox"],
      ]) {
        const init = method === "POST" ? jsonInit(method, { data: { name: "k" } }) : { method };
        const response = await send(path!, init);
        expect([path, response.status, await response.text()]).toEqual([path, 403, message]);
        expect(response.headers.get("www-authenticate")).toBeNull();
      }
    });
  });

  describe("CSRF with PHOENIX_CSRF_TRUSTED_ORIGINS", () => {
    beforeEach(() => start(authMock({ env: { PHOENIX_CSRF_TRUSTED_ORIGINS: "http://localhost:3000,https://app.example.com" } })));

    it("refuses an untrusted origin or referer before authentication, without a challenge", async () => {
      for (const [header, value] of [
        ["origin", "https://evil.example.com"],
        ["referer", "https://evil.example.com/page"],
      ] as const) {
        const response = await send("/v1/user", { headers: { [header]: value, ...bearer(mock.adminSecret) } });
        expect([response.status, await response.text()]).toEqual([401, `untrusted ${header}`]);
        expect(response.headers.get("www-authenticate")).toBeNull();
        expect(response.headers.get("content-type")).toBeNull();
      }
      const trusted = await send("/v1/user", { headers: { origin: "https://app.example.com", ...bearer(mock.adminSecret) } });
      expect(trusted.status).toBe(200);
      const exempt = await send("/.well-known/oauth-protected-resource", { headers: { origin: "https://evil.example.com" } });
      expect(exempt.status).toBe(200);
    });
  });
});

describe("configuration-dependent answers (in process)", () => {
  it("uses PHOENIX_ROOT_URL in the challenge and the secure-cookie and cookie-path options in Set-Cookie", async () => {
    const mock = authMock({ env: { PHOENIX_ROOT_URL: "https://phoenix.example.com/", PHOENIX_USE_SECURE_COOKIES: "true", PHOENIX_COOKIES_PATH: "/phx" } });
    const anonymous = await mock.request("/v1/user");
    expect(anonymous.headers.get("www-authenticate")).toBe(ORIGIN_401("https://phoenix.example.com"));
    const response = await mock.request("/auth/login", jsonInit("POST", { email: "admin@localhost", password: "admin" }));
    expect(response.headers.getSetCookie()[0]).toMatch(/; HttpOnly; Max-Age=600; Path=\/phx; SameSite=strict; Secure$/);
    const logout = await mock.request("/auth/logout");
    expect(logout.headers.getSetCookie()[0]).toMatch(/; Max-Age=0; Path=\/; SameSite=lax$/);
  });

  it("reads the environment only when given", () => {
    expect(createMockPhoenix().config.enableAuth).toBe(false);
    expect(() => createMockPhoenix({ env: { PHOENIX_ENABLE_AUTH: "true" } })).toThrow(
      "`PHOENIX_SECRET` must be set when auth is enabled with `PHOENIX_ENABLE_AUTH`",
    );
  });

  it("rejects a JSON body that does not parse with FastAPI's 422 before authentication", async () => {
    const mock = authMock();
    const response = await mock.request("/v1/user/api_keys", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ detail: [{ type: "json_invalid", loc: ["body", 1], msg: "JSON decode error" }] });
  });
});
