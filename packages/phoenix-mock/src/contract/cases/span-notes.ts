/** POST /v1/span_notes: a note on a stored span (appended, or upserted on an identifier), its 404 and 422s, roles. */
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";
import { exportRequest } from "../otlp.js";

export const spanNoteCases: ConformanceCase[] = [
  {
    id: "span-notes",
    title: "POST /v1/span_notes: 200 {data:{id}}, notes append unless an identifier upserts, stripped text; unknown span 404; 422s; viewer 403; listed as annotations named note",
    covers: "span notes (Phoenix's client tests)",
    async run(ctx) {
      const project = ctx.unique("noteproj");
      const batch = await exportRequest({ names: ["noted"], project, startSeconds: 1_700_000_000 });
      ctx.generated(batch.traceId, "trace-id");
      ctx.generated(batch.spanIds[0]!, "span-id");
      expect((await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body })).status).toBe(200);
      await ctx.waitForSpans(project, 1);
      const spanId = batch.spanIds[0]!;
      const post = (label: string, json: unknown, credentials = ctx.admin) => ctx.req(label, "POST", "/v1/span_notes", { ...credentials, json });
      const first = await post("note", { data: { span_id: spanId, note: "first" } });
      const second = await post("note-again-appends", { data: { span_id: ` ${spanId} `, note: "  second  " } });
      expect(first.json<{ data: { id: string } }>().data.id).not.toBe(second.json<{ data: { id: string } }>().data.id);
      const keyed = await post("note-with-identifier", { data: { span_id: spanId, note: "keyed", identifier: "mine" } });
      const rekeyed = await post("same-identifier-upserts", { data: { span_id: spanId, note: "keyed again", identifier: "mine" } });
      ctx.note("upsert keeps the id", keyed.json<{ data: { id: string } }>().data.id === rekeyed.json<{ data: { id: string } }>().data.id);
      await post("unknown-span", { data: { span_id: "0123456789abcdef", note: "x" } });
      await post("empty-note", { data: { span_id: spanId, note: "   " } });
      await post("empty-span-id", { data: { span_id: "", note: "x" } });
      await post("missing-note", { data: { span_id: spanId } });
      await post("data-not-object", { data: [1] });
      await post("no-data", {});
      await post("identifier-not-string", { data: { span_id: spanId, note: "x", identifier: 5 } });
      const viewer = await ctx.userWithSession("VIEWER");
      await post("viewer", { data: { span_id: spanId, note: "x" } }, { bearer: viewer.session.access });
      await ctx.req("no-credentials", "POST", "/v1/span_notes", { json: { data: { span_id: spanId, note: "x" } } });
      const listed = await ctx.send("GET", `/v1/projects/${project}/span_annotations?span_ids=${spanId}&include_annotation_names=note`, ctx.admin);
      const rows = (listed.json<{ data?: Array<Record<string, unknown>> }>().data ?? []).map((row) => ({
        name: row.name,
        annotator_kind: row.annotator_kind,
        result: row.result,
        metadata: row.metadata,
        identifier: typeof row.identifier === "string" && row.identifier.startsWith("px-span-note:") ? `px-span-note:<uuid ${row.identifier.length - 13} chars>` : row.identifier,
        source: row.source,
        user: row.user_id === null ? null : "<user id>",
      }));
      ctx.note("listed notes", { status: listed.status, rows: rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) });
    },
  },
];
