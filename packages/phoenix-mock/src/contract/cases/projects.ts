/** POST /v1/projects (create a project before exporting), and reading it back. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";

export const projectCases: ConformanceCase[] = [
  {
    id: "projects-create",
    title: "POST /v1/projects creates a project (200 {data}), readable by name and id; viewer 403; bad bodies 422; a taken name 500",
    covers: "issue #13 (6)",
    async run(ctx) {
      const name = ctx.unique("newproj");
      const created = await ctx.req("create", "POST", "/v1/projects", { ...ctx.admin, json: { name, description: "made by a test" } });
      expect(created.status).toBe(200);
      const id = created.json<{ data: { id: string } }>().data.id;
      await ctx.req("get-by-name", "GET", `/v1/projects/${name}`, ctx.admin);
      await ctx.req("get-by-id", "GET", `/v1/projects/${id}`, ctx.admin);
      await ctx.req("no-description", "POST", "/v1/projects", { ...ctx.admin, json: { name: ctx.unique("newproj") } });
      await ctx.req("taken-name", "POST", "/v1/projects", { ...ctx.admin, json: { name } });
      await ctx.req("empty-name", "POST", "/v1/projects", { ...ctx.admin, json: { name: "" } });
      await ctx.req("missing-name", "POST", "/v1/projects", { ...ctx.admin, json: { description: "x" } });
      await ctx.req("no-body", "POST", "/v1/projects", ctx.admin);
      const viewer = await ctx.userWithSession("VIEWER");
      await ctx.req("viewer", "POST", "/v1/projects", { bearer: viewer.session.access, json: { name: ctx.unique("newproj") } });
      const member = await ctx.userWithSession("MEMBER");
      await ctx.req("member", "POST", "/v1/projects", { bearer: member.session.access, json: { name: ctx.unique("newproj") } });
    },
  },
];
