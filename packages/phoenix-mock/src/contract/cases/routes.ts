/** The whole /v1 route table of Phoenix (src/http/phoenix-routes.ts, generated from 20.26.1) without credentials. */
import { expect } from "../expect.js";
import { PHOENIX_V1_ROUTES } from "../../http/phoenix-routes.js";
import type { ConformanceCase } from "../harness.js";

const METHODS = ["get", "post", "put", "patch", "delete"];

/** require_admin's refusal of a non-admin (phoenix/server/authorization.py). */
const ADMIN_ONLY = "Only admin or system users can perform this action.";

/** `METHOD /path` of every generated route; `hidden` ones are those Phoenix leaves out of /openapi.json. */
function tableRoutes(includeHidden: boolean): string[] {
  return PHOENIX_V1_ROUTES.filter((route) => includeHidden || !route.hidden)
    .flatMap((route) => route.methods.split(" ").map((method) => `${method} ${route.path}`))
    .sort();
}

/** `METHOD /path` of the generated routes behind require_admin. */
function adminRoutes(): string[] {
  return PHOENIX_V1_ROUTES.flatMap((route) => (route.requireAdmin?.split(" ") ?? []).map((method) => `${method} ${route.path}`)).sort();
}

export const routeCases: ConformanceCase[] = [
  {
    id: "routes-without-credentials",
    title: "Every /v1 route of Phoenix's table (OpenAPI plus hidden routes) without credentials → the same status and body",
    covers: "issue #13 (3)",
    async run(ctx) {
      const answers: Record<string, string> = {};
      for (const route of tableRoutes(true)) {
        const [method = "GET", pattern = ""] = route.split(" ");
        const res = await ctx.send(method, pattern.replace(/\{\w+\}/g, "x1"));
        answers[route] = `${res.status} ${res.text}`;
      }
      ctx.note("answers", answers);
      // A route the server does not have answers 405 (Phoenix's UI mount) or 501 (the mock): none may.
      expect(Object.entries(answers).filter(([, answer]) => /^(405|501) /.test(answer))).toEqual([]);
    },
  },
  {
    id: "routes-table-matches-openapi",
    title: "The generated route table is the target's /openapi.json route set (real Phoenix only: the mock serves no OpenAPI document)",
    covers: "issue #13 (3)",
    async run(ctx) {
      if (ctx.target.name !== "real") return;
      const res = await ctx.send("GET", "/openapi.json");
      expect(res.status).toBe(200);
      const served: string[] = [];
      for (const [path, item] of Object.entries(res.json<{ paths: Record<string, Record<string, unknown>> }>().paths)) {
        if (!path.startsWith("/v1/")) continue;
        for (const method of Object.keys(item)) if (METHODS.includes(method)) served.push(`${method.toUpperCase()} ${path}`);
      }
      expect(served.sort(), "re-run scripts/generate-phoenix-routes.mjs against this Phoenix").toEqual(tableRoutes(false));
    },
  },
  {
    id: "routes-require-admin",
    title: "Every /v1 route of Phoenix's table as a member: exactly the table's require_admin routes answer its 403, implemented or not",
    covers: "issue #25 (2)",
    async run(ctx) {
      const { session } = await ctx.userWithSession("MEMBER");
      const refused: string[] = [];
      for (const route of tableRoutes(true)) {
        const [method = "GET", pattern = ""] = route.split(" ");
        const res = await ctx.send(method, pattern.replace(/\{\w+\}/g, "x1"), { bearer: session.access });
        if (res.status === 403 && res.text === ADMIN_ONLY) refused.push(route);
      }
      ctx.note("refused to a member", refused);
      expect(refused, "re-run scripts/generate-phoenix-routes.mjs (its ADMIN_ROUTES)").toEqual(adminRoutes());
      // Routes the mock does not implement: the member's whole answer, and a viewer's (the viewer check comes first).
      await ctx.req("member-put-secrets", "PUT", "/v1/secrets", { bearer: session.access, json: { secrets: [] } });
      await ctx.req("member-delete-project", "DELETE", "/v1/projects/default", { bearer: session.access });
      await ctx.req("member-patch-retention", "PATCH", "/v1/projects/default/retention", { bearer: session.access, json: {} });
      const viewer = await ctx.userWithSession("VIEWER");
      await ctx.req("viewer-put-project", "PUT", "/v1/projects/default", { bearer: viewer.session.access, json: {} });
    },
  },
];
