/**
 * The generated route table (src/http/phoenix-routes.ts) against the mock's router: every method + path of
 * Phoenix 20.26.1's /v1 table is served by the mock (implemented, or Phoenix's auth checks and then the 501), so a
 * route missing from the router fails here; and the table's access flags (viewer, admin) act on every route.
 */
import { describe, expect, it } from "vitest";
import { PHOENIX_ROUTES_VERSION, PHOENIX_V1_ROUTES } from "../../src/http/phoenix-routes.js";
import { PHOENIX_VERSION } from "../../src/http/responses.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { createMockPhoenix } from "../../src/index.js";
import { authMock, bearer, login } from "../helpers.js";

const pairs = PHOENIX_V1_ROUTES.flatMap((route) =>
  route.methods.split(" ").map((method) => ({ method, route, path: route.path.replace(/\{\w+\}/g, "x1") })),
);

describe("generated Phoenix route table", () => {
  it("was generated from the Phoenix version the mock claims, and lists the hidden span and trace routes", () => {
    expect(PHOENIX_ROUTES_VERSION).toBe(PHOENIX_VERSION);
    const hidden = pairs.filter((p) => p.route.hidden).map((p) => `${p.method} ${p.route.path}`);
    expect(hidden.sort()).toEqual(["GET /v1/spans", "POST /v1/spans", "POST /v1/traces"]);
  });

  it("every route answers 401 Invalid token without credentials, as Phoenix's /v1 router does", async () => {
    const mock = authMock();
    const answers = await Promise.all(
      pairs.map(async ({ method, path }) => {
        const response = await mock.request(path, { method });
        return `${method} ${path} → ${response.status} ${await response.text()}`;
      }),
    );
    expect(answers.filter((line) => !line.endsWith("→ 401 Invalid token"))).toEqual([]);
  });

  it("no route answers 405 to an authenticated caller, and viewers get 403 on the viewer-restricted writes", async () => {
    const mock = authMock();
    const password = generatePassword();
    await mock.createUser({ email: "viewer@example.com", password, role: "VIEWER" });
    const viewer = await login((path, init) => mock.request(path, init), "viewer@example.com", password);
    const wrong: string[] = [];
    for (const { method, route, path } of pairs) {
      const admin = await mock.request(path, { method, headers: bearer(mock.adminSecret) });
      if (admin.status === 405) wrong.push(`${method} ${path}: admin got 405`);
      if (method === "GET") continue;
      const asViewer = await mock.request(path, { method, headers: bearer(viewer.access) });
      if (route.viewerRestricted && asViewer.status !== 403) wrong.push(`${method} ${path}: viewer got ${asViewer.status}, not 403`);
    }
    expect(wrong).toEqual([]);
  });

  it("a member gets require_admin's 403 from exactly the requireAdmin routes, implemented or not; never with auth off", async () => {
    const mock = authMock();
    const password = generatePassword();
    await mock.createUser({ email: "member@example.com", password, role: "MEMBER" });
    const member = await login((path, init) => mock.request(path, init), "member@example.com", password);
    const refused: string[] = [];
    for (const { method, path, route } of pairs) {
      const response = await mock.request(path, { method, headers: bearer(member.access) });
      if (response.status === 403 && (await response.text()) === "Only admin or system users can perform this action.") refused.push(`${method} ${route.path}`);
    }
    const marked = pairs.filter((p) => p.route.requireAdmin?.split(" ").includes(p.method)).map((p) => `${p.method} ${p.route.path}`);
    expect(refused).toEqual(marked);
    expect(marked).toContain("PUT /v1/secrets");
    const open = createMockPhoenix();
    const secrets = await open.request("/v1/secrets", { method: "PUT" });
    expect([secrets.status, secrets.headers.get("x-phoenix-mock")]).toEqual([501, "not-implemented"]);
    await Promise.all([mock.close(), open.close()]);
  });
});
