/**
 * GraphQL over ingested spans, as Phoenix's own client tests find them: `getSpanByOtelId` (with its trace, project
 * and session), `node(id)` of Span, Trace, Project and ProjectSession ids, a span's attributes as JSON, and the
 * answers for unknown spans and bad ids.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { exportRequest, type Attributes } from "../otlp.js";

const T0 = 1_700_000_000;

async function ingest(ctx: CaseContext, project: string, names: string[], rootAttributes: Attributes, label: string) {
  const batch = await exportRequest({ names, project, startSeconds: T0, rootAttributes });
  ctx.generated(batch.traceId, `trace-id-${label}`);
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${label}-${i}`));
  const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
  if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
  return batch;
}

const SPAN_FIELDS = `id name spanId parentId spanKind statusCode statusMessage startTime endTime context { traceId spanId }
  project { id name description }
  trace { id traceId projectId projectSessionId project { id name } session { id sessionId project { name } } }`;
const BY_OTEL_ID = `query ($spanId: String!) { getSpanByOtelId(spanId: $spanId) { ${SPAN_FIELDS} } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id __typename
  ... on Span { spanId name } ... on Trace { traceId session { sessionId } } ... on Project { name }
  ... on ProjectSession { sessionId project { name } } } }`;
const gid = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString("base64");

/** Nested attributes with keys sorted (Phoenix walks a set, so its key order varies between runs). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

export const spanGraphqlCases: ConformanceCase[] = [
  {
    id: "graphql-span-lookups",
    title: "GraphQL: getSpanByOtelId with trace/project/session, node() of Span/Trace/Project/ProjectSession, attributes, unknown ids",
    covers: "span GraphQL",
    async run(ctx) {
      const project = ctx.unique("gqlspans");
      const session = ctx.unique("session");
      const attributes: Attributes = {
        "session.id": ` ${session} `,
        "retrieval.documents.1.document.id": "doc-b",
        "retrieval.documents.0.document.id": "doc-a",
        "llm.token_count.prompt": 12,
        "conformance.ratio": 1.5,
        "conformance.flags": [true, false],
        "tag.tags": ["x", "y"],
      };
      const withSession = await ingest(ctx, project, ["g-root", "g-child"], attributes, "s");
      const plain = await ingest(ctx, project, ["p-root"], { "openinference.span.kind": "retriever" }, "p");
      await ctx.waitForSpans(project, 3);
      const [childId, rootId] = withSession.spanIds;
      const admin = ctx.admin;

      const root = (await ctx.gql("by-otel-id-root", BY_OTEL_ID, { spanId: rootId }, admin)).json().data.getSpanByOtelId;
      expect(root.spanId).toBe(rootId);
      expect(root.trace.session.sessionId).toBe(session);
      const child = (await ctx.gql("by-otel-id-child", BY_OTEL_ID, { spanId: childId }, admin)).json().data.getSpanByOtelId;
      expect(child.trace.id).toBe(root.trace.id);
      const other = (await ctx.gql("by-otel-id-no-session", BY_OTEL_ID, { spanId: plain.spanIds[0] }, admin)).json().data.getSpanByOtelId;
      expect(other.trace.session).toBeNull();
      expect(other.trace.project.id).toBe(root.project.id);
      await ctx.gql("by-otel-id-unknown", BY_OTEL_ID, { spanId: "0123456789abcdef" }, admin);
      await ctx.gql("by-otel-id-empty", BY_OTEL_ID, { spanId: "" }, admin);
      await ctx.gql("by-otel-id-wrong-type", BY_OTEL_ID, { spanId: 5 }, admin);
      const viewer = await ctx.userWithSession("VIEWER");
      await ctx.gql("by-otel-id-viewer", "query ($s: String!) { getSpanByOtelId(spanId: $s) { spanId } }", { s: rootId }, { bearer: viewer.session.access });

      const attrs = (await ctx.send("POST", "/graphql", { ...admin, json: { query: "query ($id: ID!) { node(id: $id) { ... on Span { attributes } } }", variables: { id: root.id } } })).json();
      ctx.note("attributes (keys sorted)", normalizeJson(sortedKeys(JSON.parse(attrs.data.node.attributes)), ctx.normalizeContext));

      const span = (await ctx.gql("node-span", NODE, { id: root.id }, admin)).json().data.node;
      expect(span.spanId).toBe(rootId);
      expect((await ctx.gql("node-trace", NODE, { id: root.trace.id }, admin)).json().data.node.traceId).toBe(withSession.traceId);
      expect((await ctx.gql("node-project", NODE, { id: root.project.id }, admin)).json().data.node.name).toBe(project);
      expect((await ctx.gql("node-session", NODE, { id: root.trace.session.id }, admin)).json().data.node.sessionId).toBe(session);
      await ctx.gql("node-span-missing-id-only", "query ($id: ID!) { node(id: $id) { id } }", { id: gid("Span", 987654321) }, admin);
      await ctx.gql("node-span-missing-fields", NODE, { id: gid("Span", 987654321) }, admin);
      await ctx.gql("node-trace-missing", NODE, { id: gid("Trace", 987654321) }, admin);
      await ctx.gql("node-project-missing", NODE, { id: gid("Project", 987654321) }, admin);
      await ctx.gql("node-span-not-int", NODE, { id: gid("Span", "abc") }, admin);
      await ctx.gql("node-not-base64", NODE, { id: "not a global id!" }, admin);
      await ctx.gql("node-unknown-type", NODE, { id: gid("Spam", 1) }, admin);
    },
  },
  {
    id: "graphql-trace-spans",
    title: "GraphQL: Project.trace(traceId) by OpenTelemetry id or Trace id, Trace.spans newest first with its cursor, and its argument errors",
    covers: "span GraphQL",
    async run(ctx) {
      const project = ctx.unique("gqltrace");
      const other = ctx.unique("gqlother");
      const a = await ingest(ctx, project, ["t-root", "t-one", "t-two", "t-three"], {}, "a");
      await ingest(ctx, project, ["u-root"], {}, "b");
      const c = await ingest(ctx, other, ["o-root"], {}, "c");
      await ctx.waitForSpans(project, 5);
      await ctx.waitForSpans(other, 1);
      const admin = ctx.admin;
      const root = (await ctx.send("POST", "/graphql", { ...admin, json: { query: BY_OTEL_ID, variables: { spanId: a.spanIds[a.spanIds.length - 1] } } })).json().data.getSpanByOtelId;
      const spansOf = (args: string) => `query ($p: ID!, $t: ID!${args.includes("$after") ? ", $after: String" : ""}) { node(id: $p) { ... on Project { trace(traceId: $t) { id traceId spans(${args}) { edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } } }`;
      /** A page as names, with every cursor checked to be the base64 row id of its span (row ids differ between servers). */
      const page = async (label: string, args: string, traceId: string, variables: Record<string, unknown> = {}) => {
        const res = await ctx.send("POST", "/graphql", { ...admin, json: { query: spansOf(args), variables: { p: root.project.id, t: traceId, ...variables } } });
        const body = res.json();
        const trace = body.data?.node?.trace;
        if (!trace) throw new Error(`${label}: no trace in ${res.text}`);
        const rowId = (gid: string) => Buffer.from(gid, "base64").toString().split(":")[1];
        const edges = trace.spans.edges as { cursor: string; node: { id: string; name: string } }[];
        const cursorsAreRowIds = edges.every((e) => Buffer.from(e.cursor, "base64").toString() === rowId(e.node.id));
        const info = trace.spans.pageInfo;
        ctx.note(label, normalizeJson({
          traceId: trace.traceId,
          names: edges.map((e) => e.node.name),
          cursorsAreRowIds,
          pageInfo: { ...info, startCursor: info.startCursor === edges[0]?.cursor, endCursor: info.endCursor === edges.at(-1)?.cursor },
        }, ctx.normalizeContext));
        return body;
      };
      await page("by-otel-trace-id", "first: 1000", a.traceId);
      await page("by-trace-gid", "first: 1000", root.trace.id);
      const first = await page("page-1", "first: 2", a.traceId);
      const after = first.data.node.trace.spans.pageInfo.endCursor;
      await page("page-2", "first: 2, after: $after", a.traceId, { after });
      const rest = await page("page-3", "first: 2, after: $after", a.traceId, { after: (await page("page-2-again", "first: 2, after: $after", a.traceId, { after })).data.node.trace.spans.pageInfo.endCursor });
      expect(rest.data.node.trace.spans.pageInfo.hasNextPage).toBe(false);
      await ctx.gql("other-project-trace", spansOf("first: 5"), { p: root.project.id, t: c.traceId }, admin);
      await ctx.gql("unknown-trace", spansOf("first: 5"), { p: root.project.id, t: "f".repeat(32) }, admin);
      await ctx.gql("unknown-project", spansOf("first: 5"), { p: gid("Project", 987654321), t: a.traceId }, admin);
      await ctx.gql("first-zero", spansOf("first: 0"), { p: root.project.id, t: a.traceId }, admin);
      await ctx.gql("first-negative", spansOf("first: -1"), { p: root.project.id, t: a.traceId }, admin);
      await ctx.gql("first-too-big", spansOf("first: 1001"), { p: root.project.id, t: a.traceId }, admin);
      await ctx.gql("last", spansOf("first: 1, last: 1"), { p: root.project.id, t: a.traceId }, admin);
      await ctx.gql("before", spansOf('first: 1, before: "MQ=="'), { p: root.project.id, t: a.traceId }, admin);
      await ctx.gql("bad-after", spansOf("first: 1, after: $after"), { p: root.project.id, t: a.traceId, after: "not a cursor" }, admin);
      await ctx.gql("missing-trace-node", 'query ($id: ID!) { node(id: $id) { ... on Trace { spans(first: 5) { edges { cursor } pageInfo { hasNextPage } } } } }', { id: gid("Trace", 987654321) }, admin);
    },
  },
];
