/** PUT and DELETE /v1/projects/{project_identifier}: admins only, the description changes, the default project stays. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";
import { ingest } from "./span-filters.js";

export const projectAdminCases: ConformanceCase[] = [
  {
    id: "projects-update-delete",
    title: "PUT /v1/projects/{id} (description; admins only; 422s; 404) and DELETE (204, its spans gone, default 403, member 403, 404)",
    covers: "projects (Phoenix's client tests tear down with DELETE)",
    async run(ctx) {
      const name = ctx.unique("adminproj");
      expect((await ctx.req("create", "POST", "/v1/projects", { ...ctx.admin, json: { name, description: "before" } })).status).toBe(200);
      const member = await ctx.userWithSession("MEMBER");
      await ctx.req("member-put", "PUT", `/v1/projects/${name}`, { bearer: member.session.access, json: { description: "x" } });
      await ctx.req("put-description", "PUT", `/v1/projects/${name}`, { ...ctx.admin, json: { description: "after" } });
      await ctx.req("put-null-description", "PUT", `/v1/projects/${name}`, { ...ctx.admin, json: { description: null } });
      await ctx.req("put-empty-body", "PUT", `/v1/projects/${name}`, { ...ctx.admin, json: {} });
      await ctx.req("put-name-ignored", "PUT", `/v1/projects/${name}`, { ...ctx.admin, json: { name: "renamed", description: "named" } });
      await ctx.req("put-bad-type", "PUT", `/v1/projects/${name}`, { ...ctx.admin, json: { description: 5 } });
      await ctx.req("put-not-object", "PUT", `/v1/projects/${name}`, { ...ctx.admin, json: [1] });
      await ctx.req("put-no-body", "PUT", `/v1/projects/${name}`, ctx.admin);
      await ctx.req("put-unknown", "PUT", `/v1/projects/${ctx.unique("noproj")}`, { ...ctx.admin, json: { description: "x" } });
      await ctx.req("get-after-put", "GET", `/v1/projects/${name}`, ctx.admin);
      await ingest(ctx, name, ["doomed"], 1_700_000_000);
      await ctx.waitForSpans(name, 1);
      await ctx.req("member-delete", "DELETE", `/v1/projects/${name}`, { bearer: member.session.access });
      await ctx.req("delete-default", "DELETE", "/v1/projects/default", ctx.admin);
      await ctx.req("delete", "DELETE", `/v1/projects/${name}`, ctx.admin);
      await ctx.req("get-after-delete", "GET", `/v1/projects/${name}`, ctx.admin);
      await ctx.req("spans-after-delete", "GET", `/v1/projects/${name}/spans`, ctx.admin);
      await ctx.req("delete-again", "DELETE", `/v1/projects/${name}`, ctx.admin);
      await ctx.req("no-credentials", "DELETE", `/v1/projects/${name}`);
    },
  },
];
