/** The whole /v1 route table of Phoenix (src/http/phoenix-routes.ts, generated from 20.26.1) without credentials. */
import { expect } from "../expect.js";
import { PHOENIX_V1_ROUTES } from "../../http/phoenix-routes.js";
import type { ConformanceCase } from "../harness.js";

const METHODS = ["get", "post", "put", "patch", "delete"];

/** `METHOD /path` of every generated route; `hidden` ones are those Phoenix leaves out of /openapi.json. */
function tableRoutes(includeHidden: boolean): string[] {
  return PHOENIX_V1_ROUTES.filter((route) => includeHidden || !route.hidden)
    .flatMap((route) => route.methods.split(" ").map((method) => `${method} ${route.path}`))
    .sort();
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
];
