/**
 * Span annotations over REST: `POST /v1/span_annotations` (sync and queued, the upsert on name + span + identifier,
 * the reserved name, unknown spans, pydantic's 422s, who may write) and
 * `GET /v1/projects/{project_identifier}/span_annotations` (span ids, identifiers, name include/exclude, the cursor,
 * its 404s and 422s).
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase, Credentials } from "../harness.js";
import { exportRequest } from "../otlp.js";

export async function ingest(ctx: CaseContext, project: string, names: string[], label: string): Promise<string[]> {
  const batch = await exportRequest({ names, project, startSeconds: 1_700_000_000 });
  ctx.generated(batch.traceId, `trace-id-${label}`);
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${label}-${i}`));
  const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
  if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
  return batch.spanIds;
}

const annotation = (spanId: string, name: string, extra: Record<string, unknown> = {}) => ({ span_id: spanId, name, annotator_kind: "HUMAN", ...extra });

export const spanAnnotationCases: ConformanceCase[] = [
  {
    id: "span-annotations",
    title: "POST /v1/span_annotations (sync, queued, upsert, 400/404/422, roles) and GET /v1/projects/{id}/span_annotations (filters, cursor, 404/422)",
    covers: "span annotations",
    async run(ctx) {
      const project = ctx.unique("annproj");
      const other = ctx.unique("annother");
      const [child, root] = await ingest(ctx, project, ["a-root", "a-child"], "a");
      const [bare] = await ingest(ctx, project, ["b-root"], "b");
      const [elsewhere] = await ingest(ctx, other, ["o-root"], "o");
      await ctx.waitForSpans(project, 3);
      await ctx.waitForSpans(other, 1);
      const admin = ctx.admin;
      const post = (label: string, body: unknown, query = "?sync=true", auth: Credentials = admin) =>
        ctx.req(label, "POST", `/v1/span_annotations${query}`, { ...auth, json: body });

      const created = await post("create-sync", {
        data: [
          annotation(root!, "quality", { result: { label: "good", score: 0.5, explanation: "fine" }, metadata: { by: "case", n: [1, 2] } }),
          annotation(root!, "quality", { identifier: "run-1", result: { score: "1.5" } }),
          annotation(child!, "relevance", { annotator_kind: "LLM", result: { label: "yes" } }),
        ],
      });
      expect(created.status).toBe(200);
      const firstId = created.json().data[0].id;
      const updated = await post("upsert-sync", { data: [annotation(root!, "quality", { annotator_kind: "CODE", result: { score: 2 } })] });
      expect(updated.json().data[0].id).toBe(firstId);
      expect((await post("create-queued", { data: [annotation(child!, "queued", { identifier: "run-1" })] }, "")).json()).toEqual({ data: [] });
      await post("queued-unknown-span", { data: [annotation("00000000000000ff", "queued")] }, "?sync=false");
      await post("sync-unknown-span", { data: [annotation(root!, "x"), annotation("00000000000000ff", "x")] });
      await post("reserved-note", { data: [annotation(root!, "note")] });
      await post("empty-data", { data: [] });
      await post("bad-types", { data: [{ name: 5, annotator_kind: "ROBOT", span_id: 7, result: "x", metadata: [1], identifier: null }] });
      await post("bad-result-types", { data: [annotation(root!, "q", { result: { label: 1, score: "high", explanation: false } })] });
      await post("missing-fields", { data: [{}] });
      await post("item-not-object", { data: [5, "x", null, [annotation(root!, "q")]] });
      await post("data-not-list", { data: { name: "x" } });
      await post("no-data", {});
      await post("bad-sync", { data: [] }, "?sync=maybe");
      await post("bad-sync-and-body", { data: 1 }, "?sync=maybe");
      const viewer = await ctx.userWithSession("VIEWER");
      const member = await ctx.userWithSession("MEMBER");
      await post("viewer", { data: [annotation(root!, "by-viewer")] }, "?sync=true", { bearer: viewer.session.access });
      await post("member", { data: [annotation(bare!, "by-member")] }, "?sync=true", { bearer: member.session.access });
      await post("anonymous", { data: [annotation(root!, "anon")] }, "?sync=true", {});

      // The queued write lands a moment later on Phoenix: wait for it before listing.
      const base = `/v1/projects/${project}/span_annotations`;
      for (let i = 0; i < 50; i++) {
        const res = await ctx.send("GET", `${base}?span_ids=${child}&include_annotation_names=queued`, admin);
        if (res.status === 200 && res.json().data.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const get = (label: string, query: string, auth: Credentials = admin) => ctx.req(label, "GET", `${base}${query}`, auth);
      await get("list-spans", `?span_ids=${root}&span_ids=${child}&span_ids=${root}&limit=100`);
      await get("list-include", `?span_ids=${root}&span_ids=${child}&include_annotation_names=relevance&include_annotation_names=queued`);
      await get("list-exclude", `?span_ids=${root}&span_ids=${child}&exclude_annotation_names=quality`);
      await get("list-identifier", "?identifier=run-1");
      await get("list-identifier-and-span", `?identifier=run-1&span_ids=${root}`);
      const page1 = await get("list-page-1", `?span_ids=${root}&span_ids=${child}&limit=2`);
      const cursor = page1.json().next_cursor;
      expect(typeof cursor).toBe("string");
      await get("list-page-2", `?span_ids=${root}&span_ids=${child}&limit=2&cursor=${encodeURIComponent(cursor)}`);
      await get("list-member-annotation", `?span_ids=${bare}`);
      await get("list-viewer", `?span_ids=${child}&include_annotation_names=relevance`, { bearer: viewer.session.access });
      await get("list-no-annotations", `?span_ids=${bare}&exclude_annotation_names=by-member`);
      await get("list-identifier-none", `?identifier=nope&span_ids=${root}`);
      await get("list-other-project-span", `?span_ids=${elsewhere}`);
      await get("list-unknown-span", "?span_ids=00000000000000ff");
      await get("list-no-filter", "");
      await get("list-empty-identifier", "?identifier=&span_ids=x");
      await get("list-limit-zero", `?span_ids=${root}&limit=0`);
      await get("list-limit-big", `?span_ids=${root}&limit=10001`);
      await get("list-bad-cursor", `?span_ids=${root}&cursor=nope`);
      await get("list-cursor-other-type", `?span_ids=${root}&limit=1&cursor=${encodeURIComponent(Buffer.from("Span:999999").toString("base64"))}`);
      await ctx.req("list-unknown-project", "GET", `/v1/projects/${ctx.unique("noproj")}/span_annotations?span_ids=${root}`, admin);
      await ctx.req("list-anonymous", "GET", `${base}?span_ids=${root}`);
    },
  },
];
