/** `POST /client_errors`: the route through which Phoenix's web UI reports its errors to the server log. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";

const REPORT = {
  message: "TypeError: x is undefined",
  stack: "at f (app.js:1:2)",
  url: "http://localhost/projects",
  user_agent: "conformance",
  attributes: { component: "projects" },
};

export const clientErrorCases: ConformanceCase[] = [
  {
    id: "client-errors",
    title: "POST /client_errors: 401 without credentials (a bad JSON body is a 422 first), 204 for any role, ErrorReport's 422s",
    covers: "issue #25 (2)",
    async run(ctx) {
      const anonymous = await ctx.req("anonymous", "POST", "/client_errors", { json: REPORT });
      expect([anonymous.status, anonymous.text]).toEqual([401, "Invalid token"]);
      const badJson = await ctx.req("anonymous-bad-json", "POST", "/client_errors", { headers: { "content-type": "application/json" }, body: "nope" });
      expect(badJson.status).toBe(422);
      const { session } = await ctx.userWithSession("MEMBER");
      const member = { bearer: session.access };
      const ok = await ctx.req("member", "POST", "/client_errors", { ...member, json: REPORT });
      expect([ok.status, ok.text, ok.headers.get("content-type")]).toEqual([204, "", null]);
      const viewer = await ctx.userWithSession("VIEWER");
      expect((await ctx.req("viewer", "POST", "/client_errors", { bearer: viewer.session.access, json: { message: "m" } })).status).toBe(204);
      expect((await ctx.req("admin-secret", "POST", "/client_errors", { ...ctx.admin, json: { message: "m", extra: 1 } })).status).toBe(204);
      const invalid: Array<[string, unknown]> = [
        ["no-body", undefined],
        ["empty-object", {}],
        ["empty-message", { message: "" }],
        ["wrong-types", { message: 5, stack: 1, url: null, user_agent: ["x"], attributes: { a: 1, b: "ok", c: null } }],
        ["attributes-list", { message: "m", attributes: [] }],
        ["attributes-null", { message: "m", attributes: null }],
        ["nul-in-stack", { message: "m", stack: "a\u0000b" }],
        ["nul-in-message-and-url", { message: "m\u0000", url: "\u0000" }],
        ["nul-in-attribute-key", { message: "m", attributes: { "k\u0000": "v" } }],
        ["array-body", []],
      ];
      for (const [label, json] of invalid) {
        const res = await ctx.req(label, "POST", "/client_errors", { ...member, ...(json === undefined ? {} : { json }) });
        expect([label, res.status]).toEqual([label, 422]);
      }
      const text = await ctx.req("text-plain-body", "POST", "/client_errors", { ...member, headers: { "content-type": "text/plain" }, body: JSON.stringify({ message: "m" }) });
      expect(text.status).toBe(422);
      const foreign = await ctx.req("foreign-origin", "POST", "/client_errors", { ...member, headers: { origin: "http://client.example" }, json: REPORT });
      expect([foreign.status, foreign.text]).toEqual([401, "untrusted origin"]);
    },
  },
  {
    id: "noauth-client-errors",
    title: "Auth off: POST /client_errors → 204 without credentials; GET is the web UI",
    covers: "issue #25 (2)",
    noAuth: true,
    async run(ctx) {
      const ok = await ctx.req("report", "POST", "/client_errors", { noAuth: true, json: REPORT });
      expect([ok.status, ok.text]).toEqual([204, ""]);
      expect((await ctx.req("no-body", "POST", "/client_errors", { noAuth: true })).status).toBe(422);
      expect((await ctx.req("get", "GET", "/client_errors", { noAuth: true })).status).toBe(200);
    },
  },
];
