/** DELETE /v1/spans/{span_identifier}: by OpenTelemetry span id or Span GlobalID; children stay; 404s; roles. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";
import { ingest, list } from "./span-filters.js";

export const spanDeleteCases: ConformanceCase[] = [
  {
    id: "spans-delete",
    title: "DELETE /v1/spans/{id}: by span id and by Span GlobalID (204), the children stay; unknown ids 404 in both wordings; viewer 403, no credentials 401",
    covers: "spans (Phoenix's client tests: span deletion)",
    async run(ctx) {
      const project = ctx.unique("delproj");
      await ingest(ctx, project, ["root", "child-a", "child-b"], 1_700_000_000);
      await ctx.waitForSpans(project, 3);
      const spans = (await ctx.send("GET", `/v1/projects/${project}/spans`, ctx.admin)).json<{ data: Array<{ id: string; name: string; context: { span_id: string } }> }>().data;
      const byName = (name: string) => spans.find((s) => s.name === name)!;
      const viewer = await ctx.userWithSession("VIEWER");
      await ctx.req("viewer", "DELETE", `/v1/spans/${byName("root").context.span_id}`, { bearer: viewer.session.access });
      await ctx.req("no-credentials", "DELETE", `/v1/spans/${byName("root").context.span_id}`);
      expect((await ctx.req("by-span-id", "DELETE", `/v1/spans/${byName("root").context.span_id}`, ctx.admin)).status).toBe(204);
      await ctx.req("by-span-id-again", "DELETE", `/v1/spans/${byName("root").context.span_id}`, ctx.admin);
      await list(ctx, "after-root-deleted", `/v1/projects/${project}/spans`);
      await ctx.req("by-global-id", "DELETE", `/v1/spans/${byName("child-a").id}`, ctx.admin);
      await ctx.req("by-global-id-again", "DELETE", `/v1/spans/${byName("child-a").id}`, ctx.admin);
      await ctx.req("unknown-span-id", "DELETE", "/v1/spans/0123456789abcdef", ctx.admin);
      await ctx.req("project-global-id", "DELETE", `/v1/spans/${Buffer.from("Project:1").toString("base64")}`, ctx.admin);
      await ctx.req("span-global-id-unknown", "DELETE", `/v1/spans/${Buffer.from("Span:999999999").toString("base64")}`, ctx.admin);
      await list(ctx, "after-child-deleted", `/v1/projects/${project}/spans`);
      expect((await ctx.req("last", "DELETE", `/v1/spans/${byName("child-b").context.span_id}`, ctx.admin)).status).toBe(204);
      await list(ctx, "after-all-deleted", `/v1/projects/${project}/spans`);
    },
  },
];
