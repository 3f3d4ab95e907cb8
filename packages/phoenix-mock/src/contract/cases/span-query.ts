/**
 * The span-query route (POST /v1/spans, hidden from Phoenix's OpenAPI document) as Phoenix's own Python client uses
 * it: `Client().spans.get_spans_dataframe(project_identifier=…)`, plus the raw multipart answer and its refusals.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { exportRequest } from "../otlp.js";
import { conformancePython, runPython } from "../python.js";

const JSON_ACCEPT = { accept: "application/json" };
const DEFAULT_QUERY = { queries: [{ index: { key: "context.span_id" } }], start_time: null, end_time: null, limit: 1000, root_spans_only: null };

/** Three spans (a CHAIN root and two LLM children) ingested over OTLP/HTTP into a fresh project; ids registered. */
export async function seed(ctx: CaseContext, extra: Pick<Parameters<typeof exportRequest>[0], "rootAttributes" | "rootEvent"> = {}): Promise<string> {
  const project = ctx.unique("queryproj");
  // Explicit, distinct start times (the SDK's own are milliseconds, often equal): a fixed order, microseconds kept.
  const batch = await exportRequest({ names: ["root", "child-a", "child-b"], project, startSeconds: Math.floor(Date.now() / 1000) - 60, ...extra });
  ctx.generated(batch.traceId, "trace-id");
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${i + 1}`));
  const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
  if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
  await ctx.waitForSpans(project, 3);
  return project;
}

/**
 * A multipart JSON answer, comparable: the boundary becomes `<boundary>`, each part's frame is parsed, and the
 * attribute columns (from position 11 on), whose order comes from Python sets in Phoenix, are sorted by name.
 */
function describeMultipart(ctx: CaseContext, contentType: string | null, text: string): unknown {
  const boundary = /boundary=([^;]+)/.exec(contentType ?? "")?.[1];
  if (!boundary) return { contentType, text };
  const parts = text.split(`--${boundary}`).slice(1, -1);
  return {
    contentType: contentType!.replace(boundary, `<boundary ${boundary.length} chars>`),
    framing: text.split(boundary).join("<boundary>").replace(/\r\n\r\n\{.*?\}\r\n/gs, "\r\n\r\n<json>\r\n"),
    parts: parts.map((part) => {
      const frame = JSON.parse(part.split("\r\n\r\n")[1]!) as { schema: { fields: { name: string }[] }; data: Record<string, unknown>[] };
      const rename = (name: string) => (Number(name.split("_")[0]) >= 11 ? `*_${name.slice(name.indexOf("_") + 1)}` : name);
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      const fields = frame.schema.fields.map((f) => ({ ...f, name: rename(f.name) }));
      const data = frame.data.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [rename(k), v]).sort(([a], [b]) => String(a).localeCompare(String(b)))));
      return normalizeJson({ schema: { ...frame.schema, fields: [...fields.slice(0, 11), ...fields.slice(11).sort(byName)] }, data }, ctx.normalizeContext);
    }),
  };
}

async function query(ctx: CaseContext, label: string, path: string, body: unknown, options: Record<string, unknown> = {}) {
  const res = await ctx.send("POST", path, { ...ctx.admin, headers: JSON_ACCEPT, json: body, ...options });
  ctx.note(label, { status: res.status, ...(res.status === 200 ? (describeMultipart(ctx, res.headers.get("content-type"), res.text) as object) : { text: res.text }) });
  return res;
}

export const spanQueryCases: ConformanceCase[] = [
  {
    id: "span-query-rules",
    title: "POST /v1/spans: viewer → 403; missing queries → 422; no queries → 404; GET without a body → 422; an empty body without a key",
    covers: "issue #13 (2)",
    async run(ctx) {
      const viewer = await ctx.userWithSession("VIEWER");
      const member = await ctx.userWithSession("MEMBER");
      const key = await ctx.createUserKey(member.session);
      await ctx.req("viewer-post", "POST", "/v1/spans", { bearer: viewer.session.access, headers: JSON_ACCEPT, json: DEFAULT_QUERY });
      await ctx.req("viewer-get-no-body", "GET", "/v1/spans", { bearer: viewer.session.access });
      await ctx.req("member-missing-queries", "POST", "/v1/spans", { bearer: key.key, headers: JSON_ACCEPT, json: {} });
      await ctx.req("member-queries-not-list", "POST", "/v1/spans", { bearer: key.key, headers: JSON_ACCEPT, json: { queries: "x" } });
      await ctx.req("member-no-queries", "POST", "/v1/spans", { bearer: key.key, headers: JSON_ACCEPT, json: { queries: [] } });
      await ctx.req("bad-json-no-key", "POST", "/v1/spans", { headers: { ...JSON_ACCEPT, "content-type": "application/json" }, body: "" });
      const ok = await ctx.send("POST", "/v1/spans?project_name=nope-nope", { bearer: key.key, headers: JSON_ACCEPT, json: DEFAULT_QUERY });
      expect(ok.status).toBe(200);
      ctx.note("member-unknown-project", describeMultipart(ctx, ok.headers.get("content-type"), ok.text));
    },
  },
  {
    id: "span-query-raw-json",
    title: "POST /v1/spans with Accept: application/json → multipart/mixed, one pandas table-schema JSON frame per query",
    covers: "issue #13 (2)",
    async run(ctx) {
      const project = await seed(ctx);
      const all = await query(ctx, "all", `/v1/spans?project_name=${project}`, DEFAULT_QUERY);
      expect(all.status).toBe(200);
      await query(ctx, "llm-filter-limit-1", `/v1/spans?project_name=${project}`, {
        ...DEFAULT_QUERY,
        limit: 1,
        queries: [{ filter: { condition: "span_kind == 'LLM'" }, index: { key: "context.span_id" } }],
      });
      await query(ctx, "two-queries-roots", "/v1/spans", {
        ...DEFAULT_QUERY,
        project_name: project,
        queries: [{ filter: { condition: "name == 'root'" } }, { filter: { condition: "parent_id is None" } }],
      });
      await query(ctx, "future-start", `/v1/spans?project_name=${project}`, { ...DEFAULT_QUERY, start_time: "2999-01-01T00:00:00+00:00" });
    },
  },
  {
    id: "span-query-python-dataframe",
    title: "phoenix.client Client().spans.get_spans_dataframe(project_identifier=…) returns the same frame (all, filtered, limited, empty)",
    covers: "issue #13 (2)",
    skipReason: (target) =>
      target.name === "mock-msw" ? "Python cannot reach the in-process mock: MSW intercepts this process's HTTP only (mock-server covers it)" : conformancePython().reason,
    async run(ctx) {
      const project = await seed(ctx);
      const api = { api_key: ctx.target.adminSecret };
      const out = await runPython<Record<string, any>>(
        "spans_frame.py",
        {
          steps: [
            { label: "all", project_identifier: project, ...api },
            { label: "llm", project_identifier: project, where: "span_kind == 'LLM'", ...api },
            { label: "limit-1", project_identifier: project, limit: 1, ...api },
            { label: "future", project_identifier: project, start_time: "2999-01-01T00:00:00+00:00", ...api },
            { label: "unknown-project", project_identifier: ctx.unique("noproj"), ...api },
          ],
        },
        { PHOENIX_COLLECTOR_ENDPOINT: ctx.target.baseUrl },
      );
      for (const [label, frame] of Object.entries(out)) ctx.note(label, normalizeJson(frame, ctx.normalizeContext));
      expect(out.all.rows).toHaveLength(3);
      expect(out.all.index).toBe("context.span_id");
    },
  },
];
