/**
 * GET /v1/projects/{project_identifier}/spans (and /spans/otlpv1): the simple filters — `span_kind`, `status_code`,
 * `start_time` / `end_time` — alone and combined, `sort=start_time` with its cursor, and their 422s, over five spans
 * with fixed kinds and times.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { exportRequest, type Attributes } from "../otlp.js";

/** 2023-11-14T22:13:20Z: trace A starts here, B 100 s later (22:15:00), C 200 s later (22:16:40). */
const T0 = 1_700_000_000;

export async function ingest(ctx: CaseContext, project: string, names: string[], startSeconds: number, rootAttributes: Attributes = {}) {
  const batch = await exportRequest({ names, project, startSeconds, rootAttributes });
  ctx.generated(batch.traceId, `trace-id-${names[0]}`);
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${names[i === batch.spanIds.length - 1 ? 0 : i + 1]}`));
  const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
  if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
}

interface Listed {
  status: number;
  spans?: string[];
  next_cursor?: string | null;
  body?: unknown;
}

/** A 200's spans as `name/span_kind` (sorted unless `ordered`: ids within one OTLP batch are the server's choice). */
export async function list(ctx: CaseContext, label: string, path: string, ordered = false): Promise<Listed & { raw: any }> {
  const res = await ctx.send("GET", path, ctx.admin);
  let out: Listed;
  let raw: any;
  if (res.status === 200) {
    raw = res.json();
    const spans = (raw.data as any[]).map((s) => `${s.name}/${s.span_kind ?? "-"}`);
    out = { status: 200, spans: ordered ? spans : spans.sort(), next_cursor: raw.next_cursor === null ? null : "<cursor>" };
  } else {
    out = { status: res.status, body: normalizeJson(res.headers.get("content-type")?.includes("json") ? res.json() : res.text, ctx.normalizeContext) };
  }
  // A cursor carries a row id (which differs between servers): the request shows `<cursor>` for it.
  const request = `GET ${path.replace(/^\/v1\/projects\/[^/]+/, "/v1/projects/<project>").replace(/cursor=[^&]*/, "cursor=<cursor>")}`;
  ctx.note(label, { request, ...out });
  return { ...out, raw };
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

export const spanFilterCases: ConformanceCase[] = [
  {
    id: "project-spans-filters",
    title: "GET /v1/projects/{id}/spans: span_kind, status_code, start_time (inclusive), end_time (exclusive), sort=start_time and their 422s",
    covers: "spans read-back",
    async run(ctx) {
      const project = ctx.unique("filterproj");
      // A: a-root CHAIN at T0+0.000123, a-llm LLM at T0+0.001234; B: b-root "tool" (stored TOOL), b-llm; C: c-root "bogus" (UNKNOWN).
      await ingest(ctx, project, ["a-root", "a-llm"], T0);
      await ctx.waitForSpans(project, 2);
      await ingest(ctx, project, ["b-root", "b-llm"], T0 + 100, { "openinference.span.kind": "tool" });
      await ctx.waitForSpans(project, 4);
      await ingest(ctx, project, ["c-root"], T0 + 200, { "openinference.span.kind": "bogus" });
      await ctx.waitForSpans(project, 5);
      const base = `/v1/projects/${project}/spans`;

      const all = await list(ctx, "all", base);
      expect(all.spans).toHaveLength(5);
      expect((await list(ctx, "kind-llm", `${base}?span_kind=LLM`)).spans).toEqual(["a-llm/LLM", "b-llm/LLM"]);
      await list(ctx, "kind-lowercase", `${base}?span_kind=llm`);
      await list(ctx, "kind-tool-stored-from-lowercase", `${base}?span_kind=TOOL`);
      await list(ctx, "kind-unknown", `${base}?span_kind=UNKNOWN`);
      await list(ctx, "kind-two", `${base}?span_kind=CHAIN&span_kind=unknown`);
      await list(ctx, "kind-prompt", `${base}?span_kind=PROMPT`);
      await list(ctx, "status-unset", `${base}?status_code=unset`);
      await list(ctx, "status-ok-error", `${base}?status_code=OK&status_code=Error`);
      await list(ctx, "start-inclusive", `${base}?start_time=2023-11-14T22:13:20.001234Z`);
      await list(ctx, "end-exclusive", `${base}?end_time=2023-11-14T22:13:20.001234Z`);
      await list(ctx, "start-naive-is-utc", `${base}?start_time=2023-11-14T22:15:00`);
      await list(ctx, "start-offset", `${base}?start_time=2023-11-14T23:15:00%2B01:00`);
      await list(ctx, "start-unix-seconds", `${base}?start_time=${T0 + 100}`);
      await list(ctx, "end-unix-milliseconds", `${base}?end_time=${(T0 + 200) * 1000}`);
      await list(ctx, "end-date-only", `${base}?end_time=2023-11-15`);
      await list(ctx, "start-after-end", `${base}?start_time=2023-11-14T22:16:00Z&end_time=2023-11-14T22:14:00Z`);
      await list(ctx, "combined-kind-window", `${base}?span_kind=LLM&start_time=2023-11-14T22:15:00Z&end_time=2023-11-14T22:16:40Z`);
      await list(ctx, "combined-roots-status-window", `${base}?parent_id=null&status_code=UNSET&start_time=2023-11-14T22:15:00Z`);
      await list(ctx, "combined-name-kind", `${base}?name=a-root&name=b-root&span_kind=TOOL`);

      // sort=start_time: ties broken by id; the cursor is base64 "<rowid>:DATETIME:<isoformat>".
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 1; page <= 4; page++) {
        const path: string = `${base}?sort=start_time&order=asc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const res = await list(ctx, `sort-start-asc-page-${page}`, path, true);
        seen.push(...res.spans!);
        cursor = res.raw.next_cursor;
        if (cursor) {
          const decoded = Buffer.from(cursor, "base64").toString();
          ctx.note(`sort-start-asc-page-${page} cursor`, decoded.replace(/^\d+:/, "<rowid>:"));
          const nextStart = (page === 1 ? "2023-11-14T22:15:00.000123" : "2023-11-14T22:16:40.000123") + "+00:00";
          expect(decoded).toMatch(new RegExp(`^\\d+:DATETIME:${nextStart.replace(/[.+]/g, "\\$&")}$`));
        }
        if (!cursor) break;
      }
      expect(seen).toEqual(["a-root/CHAIN", "a-llm/LLM", "b-root/tool", "b-llm/LLM", "c-root/bogus"]);
      const desc = await list(ctx, "sort-start-desc-page-1", `${base}?sort=start_time&limit=3`, true);
      await list(ctx, "sort-start-desc-page-2", `${base}?sort=start_time&limit=3&cursor=${encodeURIComponent(desc.raw.next_cursor)}`, true);
      await list(ctx, "sort-start-kind-filter", `${base}?sort=start_time&order=asc&span_kind=llm`, true);
      await list(ctx, "sort-start-naive-cursor-asc", `${base}?sort=start_time&order=asc&cursor=${encodeURIComponent(b64("0:DATETIME:2023-11-14T22:15:00"))}`, true);
      await list(ctx, "sort-start-cursor-desc", `${base}?sort=start_time&cursor=${encodeURIComponent(b64("999999999:DATETIME:2023-11-14T22:15:00+00:00"))}`, true);
      await list(ctx, "sort-id-asc-window", `${base}?order=asc&start_time=2023-11-14T22:15:00Z`);

      // Refusals.
      await ctx.req("bad-span-kind", "GET", `${base}?span_kind=FOO&span_kind=llm&span_kind=bar`, ctx.admin);
      await ctx.req("bad-span-kind-quote", "GET", `${base}?span_kind=it's`, ctx.admin);
      await ctx.req("bad-status-code", "GET", `${base}?status_code=fine`, ctx.admin);
      await ctx.req("bad-kind-and-status", "GET", `${base}?status_code=fine&span_kind=nope`, ctx.admin);
      await ctx.req("bad-start-time", "GET", `${base}?start_time=yesterday`, ctx.admin);
      await ctx.req("bad-sort-start-end", "GET", `${base}?end_time=2023-13-01&start_time=yesterday&sort=name`, ctx.admin);
      await ctx.req("bad-start-unknown-project", "GET", `/v1/projects/${ctx.unique("noproj")}/spans?start_time=yesterday`, ctx.admin);
      await ctx.req("bad-kind-unknown-project", "GET", `/v1/projects/${ctx.unique("noproj")}/spans?span_kind=nope`, ctx.admin);
      await ctx.req("sort-start-with-id-cursor", "GET", `${base}?sort=start_time&cursor=${encodeURIComponent(b64("Span:1"))}`, ctx.admin);
      await ctx.req("sort-id-with-start-cursor", "GET", `${base}?cursor=${encodeURIComponent(b64("5:DATETIME:2023-11-14T22:15:00+00:00"))}`, ctx.admin);
      await ctx.req("sort-start-cursor-not-datetime", "GET", `${base}?sort=start_time&cursor=${encodeURIComponent(b64("5:INT:7"))}`, ctx.admin);

      // /spans/otlpv1 shares start_time, end_time and status_code; it has no span_kind or sort (ignored).
      const otlp = async (label: string, query: string) => {
        const res = await ctx.send("GET", `${base}/otlpv1?${query}`, ctx.admin);
        const isJson = res.headers.get("content-type")?.includes("json");
        const body = res.status === 200 ? (res.json().data as any[]).map((s) => s.name).sort() : normalizeJson(isJson ? res.json() : res.text, ctx.normalizeContext);
        ctx.note(label, { request: `GET /v1/projects/<project>/spans/otlpv1?${query}`, status: res.status, body });
      };
      await otlp("otlpv1-window", "start_time=2023-11-14T22:15:00Z&end_time=2023-11-14T22:16:40Z");
      await otlp("otlpv1-status", "status_code=unset&end_time=2023-11-14T22:15:00");
      await otlp("otlpv1-kind-and-sort-ignored", "span_kind=FOO&sort=name&status_code=OK");
      await otlp("otlpv1-bad-status", "status_code=fine");
      await otlp("otlpv1-bad-end", "end_time=later");
    },
  },
];
