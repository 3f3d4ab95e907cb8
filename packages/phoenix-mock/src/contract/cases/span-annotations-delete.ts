/**
 * `DELETE /v1/projects/{project_identifier}/span_annotations`: the gate (both bounds or `delete_all=true`), the
 * narrowing filters (name, identifier, annotator_kind, the creation window), the project's annotations only, a member
 * deleting only its own rows, and the 422s, 404s, 403 and 401.
 */
import type { ConformanceCase, Credentials } from "../harness.js";
import { ingest } from "./span-annotations.js";

const annotation = (spanId: string, name: string, extra: Record<string, unknown> = {}) => ({ span_id: spanId, name, annotator_kind: "HUMAN", ...extra });

export const spanAnnotationDeleteCases: ConformanceCase[] = [
  {
    id: "span-annotations-delete",
    title: "DELETE /v1/projects/{id}/span_annotations: the bounds gate, name/identifier/annotator_kind/window filters, project scope, a member's own rows; 422/404/403/401",
    covers: "span annotations",
    async run(ctx) {
      const project = ctx.unique("delannproj");
      const other = ctx.unique("delannother");
      const [child, root] = await ingest(ctx, project, ["d-root", "d-child"], "d");
      const [elsewhere] = await ingest(ctx, other, ["e-root"], "e");
      await ctx.waitForSpans(project, 2);
      await ctx.waitForSpans(other, 1);
      const admin = ctx.admin;
      const member = await ctx.userWithSession("MEMBER");
      const viewer = await ctx.userWithSession("VIEWER");
      const asMember = { bearer: member.session.access };
      const post = async (body: unknown, auth: Credentials) => {
        const res = await ctx.send("POST", "/v1/span_annotations?sync=true", { ...auth, json: body });
        if (res.status !== 200) throw new Error(`setup: annotate → ${res.status} ${res.text}`);
      };
      const label = new Map([[root, "root"], [child, "child"], [elsewhere, "elsewhere"]]);
      const annotate = async () => {
        await post({ data: [annotation(root!, "quality"), annotation(root!, "quality", { identifier: "run-1" }), annotation(child!, "relevance", { annotator_kind: "LLM" }), annotation(child!, "tone", { annotator_kind: "CODE", identifier: "run-2" })] }, admin);
        await post({ data: [annotation(elsewhere!, "quality"), annotation(elsewhere!, "relevance", { annotator_kind: "LLM" })] }, admin);
        await post({ data: [annotation(root!, "by-member"), annotation(child!, "relevance", { annotator_kind: "LLM", identifier: "member" })] }, asMember);
      };
      /** What is left on the three spans, as (span, name, identifier, annotator_kind), sorted. */
      const left = async (note: string) => {
        const rows: string[] = [];
        for (const [base, ids] of [[project, [root, child]], [other, [elsewhere]]] as const) {
          const query = ids.map((id) => `span_ids=${id}`).join("&");
          const res = await ctx.send("GET", `/v1/projects/${base}/span_annotations?${query}&limit=100`, admin);
          for (const a of res.json().data) rows.push(`${label.get(a.span_id)} ${a.name} ${a.identifier || "-"} ${a.annotator_kind}`);
        }
        ctx.note(note, rows.sort());
      };
      const del = (step: string, query: string, auth: Credentials = admin, base = project) =>
        ctx.req(step, "DELETE", `/v1/projects/${base}/span_annotations${query}`, auth);

      await annotate();
      await left("before");
      // Refusals: the gate and bounds come before the project.
      await del("unbounded", "");
      await del("unbounded-filters-only", "?name=quality&identifier=run-1&annotator_kind=HUMAN");
      await del("half-bounded", "?start_time=2020-01-01T00:00:00Z");
      await del("bad-params", "?name=&identifier=&annotator_kind=ROBOT&start_time=yesterday&end_time=2020-13-01&delete_all=maybe");
      await del("reversed", "?start_time=2030-01-01&end_time=2020-01-01");
      await del("equal-bounds", "?start_time=2024-06-01T00:00:00Z&end_time=2024-06-01T01:00:00%2B01:00&delete_all=true");
      const unknown = ctx.unique("noproj");
      await del("unknown-project-unbounded", "", admin, unknown);
      await del("unknown-project", "?delete_all=true", admin, unknown);
      await del("unknown-global-id", "?delete_all=true", admin, "UHJvamVjdDo5OTk5OTk5");
      await del("viewer", "?delete_all=true", { bearer: viewer.session.access });
      await del("no-credentials", "?delete_all=true", {});
      await left("after refusals");

      // A window before anything was created deletes nothing; narrowing filters; a member deletes only its own.
      await del("window-in-the-past", "?start_time=2020-01-01T00:00:00Z&end_time=2021-01-01T00:00:00");
      await left("after past window");
      await del("name-and-identifier", "?name=quality&identifier=run-1&delete_all=true");
      await left("after name and identifier");
      await del("member-all", "?delete_all=true", asMember);
      await left("after member delete_all");
      await del("annotator-kind-in-window", "?annotator_kind=LLM&start_time=2020-01-01&end_time=2100-01-01");
      await left("after annotator_kind in window");
      await del("all", "?delete_all=true&start_time=2020-01-01");
      await left("after delete_all");
      await del("nothing-left", "?delete_all=true");
    },
  },
];
