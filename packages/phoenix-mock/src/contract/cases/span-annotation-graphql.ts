/**
 * GraphQL over span annotations and notes written through REST: `node(id)` of a SpanAnnotation (as Phoenix's client
 * tests read a note back), a span's `spanAnnotations` (default name order, sort, include/exclude filters and their
 * BadRequests) and `spanNotes`, an absent annotation's node.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { exportRequest } from "../otlp.js";

async function ingest(ctx: CaseContext, project: string, names: string[]): Promise<string[]> {
  const batch = await exportRequest({ names, project, startSeconds: 1_700_000_000 });
  ctx.generated(batch.traceId, "trace-id");
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${i}`));
  const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
  if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
  return batch.spanIds;
}

const FIELDS = `id name annotatorKind label score explanation metadata source identifier createdAt updatedAt
  user { id role { name } } spanId span { spanId name }`;
const NODE = `query ($id: ID!) { node(id: $id) { id __typename ... on SpanAnnotation { ${FIELDS} } } }`;
const OF_SPAN = (args: string) =>
  `query ($s: String!) { getSpanByOtelId(spanId: $s) { spanAnnotations${args} { name identifier source } } }`;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString("base64");
const NOTE_ID = /^px-span-note:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A note's identifier (`px-span-note:<uuid4>`, new each run) as its shape; anything else as is. */
function maskNoteIds(value: unknown): unknown {
  if (typeof value === "string") return NOTE_ID.test(value) ? "px-span-note:<uuid4>" : value;
  if (Array.isArray(value)) return value.map(maskNoteIds);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNoteIds(v)]));
  return value;
}

/** A GraphQL answer recorded with note identifiers masked (status and body). */
async function gqlMasked(ctx: CaseContext, label: string, query: string, variables: Record<string, unknown>, auth = ctx.admin) {
  const res = await ctx.send("POST", "/graphql", { ...auth, json: { query, variables } });
  const body = res.json<{ data?: { node?: Record<string, unknown> } }>();
  ctx.note(label, normalizeJson({ status: res.status, body: maskNoteIds(body) }, ctx.normalizeContext));
  return body;
}

export const spanAnnotationGraphqlCases: ConformanceCase[] = [
  {
    id: "graphql-span-annotations",
    title: "GraphQL: node() of a SpanAnnotation (annotation and note), Span.spanAnnotations (order, sort, filters, BadRequests), Span.spanNotes",
    covers: "span GraphQL",
    async run(ctx) {
      const project = ctx.unique("gqlann");
      const [child, root] = await ingest(ctx, project, ["ann-root", "ann-bare"]);
      await ctx.waitForSpans(project, 2);
      const admin = ctx.admin;
      const created = await ctx.send("POST", "/v1/span_annotations?sync=true", {
        ...admin,
        json: {
          data: [
            { span_id: root, name: "quality", annotator_kind: "HUMAN", result: { label: "good", score: 0.5, explanation: "fine" }, metadata: { by: "case", n: [1, 2] } },
            { span_id: root, name: "relevance", annotator_kind: "LLM", identifier: "run-1", result: { label: "yes" } },
            { span_id: root, name: "alpha", annotator_kind: "CODE", result: { score: 2 } },
            { span_id: root, name: "Zeta", annotator_kind: "HUMAN", result: { explanation: "upper case sorts first" } },
          ],
        },
      });
      expect(created.status).toBe(200);
      const [quality] = created.json<{ data: { id: string }[] }>().data;
      const note = async (text: string) => {
        const res = await ctx.send("POST", "/v1/span_notes", { ...admin, json: { data: { span_id: root, note: text } } });
        expect(res.status).toBe(200);
        return res.json<{ data: { id: string } }>().data.id;
      };
      const firstNote = await note("  first note  ");
      await note("second note");

      expect((await ctx.gql("node-annotation", NODE, { id: quality!.id }, admin)).json().data.node.name).toBe("quality");
      const noted = (await gqlMasked(ctx, "node-note", NODE, { id: firstNote })).data?.node;
      expect(noted?.explanation).toBe("first note");
      const viewer = await ctx.userWithSession("VIEWER");
      await ctx.gql("node-note-viewer", "query ($id: ID!) { node(id: $id) { ... on SpanAnnotation { name explanation } } }", { id: firstNote }, { bearer: viewer.session.access });
      await ctx.gql("node-missing-id-only", "query ($id: ID!) { node(id: $id) { id } }", { id: gid("SpanAnnotation", 987654321) }, admin);
      await ctx.gql("node-missing-fields", NODE, { id: gid("SpanAnnotation", 987654321) }, admin);

      const all = `query ($s: String!) { getSpanByOtelId(spanId: $s) { spanAnnotations { ${FIELDS} } spanNotes { name explanation identifier annotatorKind } } }`;
      await gqlMasked(ctx, "span-annotations-and-notes", all, { s: root });
      await ctx.gql("bare-span", all, { s: child }, admin);
      const list = (label: string, args: string) => gqlMasked(ctx, label, OF_SPAN(args), { s: root });
      await list("sort-name-desc", "(sort: { col: name, dir: desc })");
      await list("sort-created-asc", "(sort: { col: createdAt, dir: asc })");
      // Rows stamped in the same second keep their order under desc: only the order's consistency is compared.
      const desc = await ctx.send("POST", "/graphql", {
        ...admin,
        json: { query: `query ($s: String!) { getSpanByOtelId(spanId: $s) { spanAnnotations(sort: { col: createdAt, dir: desc }) { name createdAt } } }`, variables: { s: root } },
      });
      const rows = desc.json<{ data: { getSpanByOtelId: { spanAnnotations: { name: string; createdAt: string }[] } } }>().data.getSpanByOtelId.spanAnnotations;
      ctx.note("sort-created-desc", normalizeJson({
        names: rows.map((r) => r.name).sort(),
        nonIncreasing: rows.every((r, i) => i === 0 || Date.parse(rows[i - 1]!.createdAt) >= Date.parse(r.createdAt)),
      }, ctx.normalizeContext));
      await list("include-names", '(filter: { include: { names: ["quality", "note", "absent"] } })');
      await list("exclude-names", '(filter: { exclude: { names: ["note"] } })');
      await list("include-sources-app", "(filter: { include: { sources: [APP] } })");
      await list("exclude-sources-app", "(filter: { exclude: { sources: [APP] } })");
      await list("include-no-user", "(filter: { include: { userIds: [null] } })");
      await list("exclude-system-user", `(filter: { exclude: { userIds: ["${gid("User", 1)}"] }, include: { names: ["alpha"] } })`);
      await list("include-system-user", `(filter: { include: { names: ["alpha", "Zeta"], userIds: ["${gid("User", 1)}"] } })`);
      await list("filter-null", "(filter: null)");
      await list("filter-empty", "(filter: {})");
      await list("filter-empty-names", "(filter: { include: { names: [] } })");
      await list("filter-empty-sources", "(filter: { exclude: { sources: [] } })");
      await list("filter-empty-user-ids", "(filter: { include: { userIds: [] } })");
    },
  },
];
