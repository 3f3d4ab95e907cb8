/**
 * GET /v1/projects/{project_identifier}/traces (the Python client's `traces.get_traces()`): four traces logged with
 * fixed times, kinds, statuses and token counts, listed by start time and by latency, paged with the cursor (the last
 * row of a page), filtered by time window, error and latency, with and without their spans; and its 404/422s.
 */
import { randomBytes } from "node:crypto";
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { conformancePython, runPython } from "../python.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const b64 = (text: string) => Buffer.from(text).toString("base64");

export interface SpanSpec {
  name: string;
  kind?: string;
  parent?: string;
  start: string;
  end: string;
  status?: string;
  attributes?: Record<string, unknown>;
}

/** One trace's spans in Phoenix's span JSON; its id random but for `suffix`, a fixed ending a filter can look for. */
export function trace(ctx: CaseContext, label: string, specs: SpanSpec[], suffix = ""): Record<string, unknown>[] {
  const traceId = ctx.generated(hex(16 - suffix.length / 2) + suffix, `trace-${label}`);
  const ids = new Map(specs.map((s) => [s.name, ctx.generated(hex(8), `span-${s.name}`)]));
  return specs.map((s) => ({
    name: s.name,
    context: { trace_id: traceId, span_id: ids.get(s.name) },
    span_kind: s.kind ?? "CHAIN",
    parent_id: s.parent ? ids.get(s.parent) : null,
    start_time: s.start,
    end_time: s.end,
    status_code: s.status ?? "OK",
    attributes: s.attributes ?? {},
  }));
}

/** A listing: each trace with its row-dependent ids masked; a cursor decoded with its row id masked. */
export async function list(ctx: CaseContext, label: string, base: string, query: string, options: { bearer?: string } = {}): Promise<any> {
  const res = await ctx.send("GET", `${base}${query}`, options.bearer === undefined ? ctx.admin : { bearer: options.bearer });
  const request = `GET /v1/projects/<project>/traces${query.replace(/cursor=[^&]*/, "cursor=<cursor>")}`;
  if (res.status !== 200) {
    ctx.note(label, { request, status: res.status, body: normalizeJson(res.headers.get("content-type")?.includes("json") ? res.json() : res.text, ctx.normalizeContext) });
    return undefined;
  }
  const raw = res.json();
  const mask = (t: any) => ({
    ...t,
    id: /^VHJhY2U6/.test(t.id) ? "<Trace id>" : t.id,
    project_id: /^UHJvamVjdDo/.test(t.project_id) ? "<Project id>" : t.project_id,
    spans: t.spans === null ? null : t.spans.map((s: any) => ({ ...s, id: /^U3Bhbjo/.test(s.id) ? "<Span id>" : s.id })),
  });
  const cursor = raw.next_cursor === null ? null : Buffer.from(raw.next_cursor, "base64").toString().replace(/^\d+:/, "<rowid>:");
  // The normalizer masks ISO times: the exact values, written so that it leaves them alone.
  const at = (t: string) => t.replace(/(\d)T(\d)/, "$1 at $2");
  const times = raw.data.map((t: any) => [at(t.start_time), at(t.end_time), ...(t.spans ?? []).flatMap((s: any) => [at(s.start_time), at(s.end_time)])]);
  const shownCursor = cursor && at(cursor);
  ctx.note(label, normalizeJson({ request, status: 200, keys: Object.keys(raw), data: raw.data.map(mask), next_cursor: shownCursor, times }, ctx.normalizeContext));
  return raw;
}

export const projectTraceCases: ConformanceCase[] = [
  {
    id: "project-traces-list",
    title: "GET /v1/projects/{id}/traces: sort by start_time or latency_ms, cursor pages, time window, error and latency filters, include_spans; 404/422s",
    covers: "traces list",
    async run(ctx) {
      const project = ctx.unique("traceproj");
      const spans = [
        ...trace(ctx, "a", [
          { name: "a-root", start: "2024-03-01T10:00:00Z", end: "2024-03-01T10:00:02Z" },
          { name: "a-llm", kind: "LLM", parent: "a-root", start: "2024-03-01T10:00:00.5Z", end: "2024-03-01T10:00:03.25Z", attributes: { "llm.token_count.prompt": 10, "llm.token_count.completion": 5 } },
          { name: "a-llm2", kind: "llm", parent: "a-root", start: "2024-03-01T10:00:00.25Z", end: "2024-03-01T10:00:01Z", attributes: { llm: { token_count: { prompt: "7", completion: 2.9 } } } },
        ]),
        ...trace(ctx, "b", [{ name: "b-root", start: "2024-03-01T10:01:40Z", end: "2024-03-01T10:01:40.5Z", status: "ERROR" }]),
        ...trace(ctx, "c", [{ name: "c-root", kind: "LLM", start: "2024-03-01T10:03:20.000123Z", end: "2024-03-01T10:03:21.234690Z", attributes: { "llm.token_count.prompt": "x" } }]),
        ...trace(ctx, "d", [{ name: "d-root", kind: "TOOL", start: "2024-03-01T10:03:20.000123Z", end: "2024-03-01T10:03:22.000123Z", attributes: { "llm.token_count.prompt": 3 } }]),
      ];
      const logged = await ctx.send("POST", `/v1/projects/${project}/spans`, { ...ctx.admin, json: { data: spans } });
      if (logged.status !== 202) throw new Error(`setup: log spans → ${logged.status} ${logged.text}`);
      await ctx.waitForSpans(project, spans.length);
      const base = `/v1/projects/${project}/traces`;

      const all = await list(ctx, "default", base, "");
      expect(all.data).toHaveLength(4);
      await list(ctx, "include-spans", base, "?include_spans=true&order=asc");
      await list(ctx, "include-spans-false", base, "?include_spans=0&limit=1");
      await list(ctx, "latency-asc", base, "?sort=latency_ms&order=asc");
      await list(ctx, "latency-desc", base, "?sort=latency_ms");
      await list(ctx, "window", base, "?start_time=2024-03-01T10:01:40Z&end_time=2024-03-01T10:03:20.000123Z");
      await list(ctx, "window-naive-and-unix", base, `?start_time=2024-03-01T10:00:00.000001&end_time=${Date.parse("2024-03-01T10:03:21Z") / 1000}`);
      await list(ctx, "error-true", base, "?error=true");
      await list(ctx, "error-false", base, "?error=false&order=asc");
      await list(ctx, "latency-bounds", base, "?min_latency_ms=500&max_latency_ms=2000&sort=latency_ms");
      await list(ctx, "empty-filter", base, "?filter=&limit=2");

      // Pages: the cursor is the last row of a page; the next page starts after it.
      for (const [sort, order] of [["start_time", "desc"], ["start_time", "asc"], ["latency_ms", "asc"]] as const) {
        let cursor: string | null = null;
        const names: string[] = [];
        for (let page = 1; page <= 4; page++) {
          const query: string = `?sort=${sort}&order=${order}&limit=2&include_spans=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
          const res: any = await list(ctx, `pages-${sort}-${order}-${page}`, base, query);
          names.push(...res.data.map((t: any) => t.spans.find((s: any) => s.parent_id === null).name));
          cursor = res.next_cursor;
          if (!cursor) break;
        }
        ctx.note(`pages-${sort}-${order} order`, names);
        expect(names).toHaveLength(4);
      }
      await list(ctx, "cursor-naive-datetime", base, `?order=asc&cursor=${encodeURIComponent(b64("0:DATETIME:2024-03-01T10:01:40"))}`);
      await list(ctx, "cursor-float", base, `?sort=latency_ms&cursor=${encodeURIComponent(b64("999999999:FLOAT:1234.567"))}`);

      // Refusals.
      await ctx.req("bad-cursor-garbage", "GET", `${base}?cursor=garbage`, ctx.admin);
      await ctx.req("bad-cursor-rowid-only", "GET", `${base}?cursor=${encodeURIComponent(b64("5"))}`, ctx.admin);
      await ctx.req("bad-cursor-float-for-start", "GET", `${base}?cursor=${encodeURIComponent(b64("5:FLOAT:1.5"))}`, ctx.admin);
      await ctx.req("bad-cursor-datetime-for-latency", "GET", `${base}?sort=latency_ms&cursor=${encodeURIComponent(b64("5:DATETIME:2024-03-01T10:01:40+00:00"))}`, ctx.admin);
      await ctx.req("bad-cursor-type", "GET", `${base}?cursor=${encodeURIComponent(b64("5:BOGUS:1"))}`, ctx.admin);
      await ctx.req("bad-params", "GET", `${base}?sort=name&order=up&limit=0&include_spans=maybe&error=2&min_latency_ms=-1&max_latency_ms=abc&start_time=yesterday`, ctx.admin);
      await ctx.req("bad-limit-high", "GET", `${base}?limit=1001`, ctx.admin);
      const unknown = ctx.unique("noproj");
      await ctx.req("unknown-project", "GET", `/v1/projects/${unknown}/traces`, ctx.admin);
      await ctx.req("unknown-project-bad-param", "GET", `/v1/projects/${unknown}/traces?limit=0`, ctx.admin);
      await ctx.req("unknown-project-bad-cursor", "GET", `/v1/projects/${unknown}/traces?cursor=garbage`, ctx.admin);
      await ctx.req("unknown-project-global-id", "GET", "/v1/projects/UHJvamVjdDo5OTk5OTk5/traces", ctx.admin);

      // The project by GlobalID; a project without spans; who may read.
      const id = (await ctx.send("GET", `/v1/projects/${project}`, ctx.admin)).json().data.id;
      await list(ctx, "by-global-id", `/v1/projects/${id}/traces`, "?limit=1");
      const empty = ctx.unique("emptyproj");
      await ctx.send("POST", "/v1/projects", { ...ctx.admin, json: { name: empty } });
      await ctx.req("empty-project", "GET", `/v1/projects/${empty}/traces`, ctx.admin);
      const viewer = await ctx.userWithSession("VIEWER");
      await list(ctx, "viewer", base, "?limit=1", { bearer: viewer.session.access });
      await ctx.req("no-credentials", "GET", `${base}?limit=1`);
    },
  },
  {
    id: "project-traces-python-client",
    title: "phoenix.client: spans.log_spans() (then SpanCreationError for a duplicate, 403 for a viewer) and traces.get_traces() with its sorts, filters and spans",
    covers: "spans log, traces list",
    skipReason: (target) =>
      target.name === "mock-msw" ? "Python cannot reach the in-process mock: MSW intercepts this process's HTTP only (mock-server covers it)" : conformancePython().reason,
    async run(ctx) {
      const project = ctx.unique("pyproj");
      const spans = [
        ...trace(ctx, "p", [
          { name: "p-root", start: "2024-05-01T09:00:00Z", end: "2024-05-01T09:00:01Z" },
          { name: "p-llm", kind: "LLM", parent: "p-root", start: "2024-05-01T09:00:00.1Z", end: "2024-05-01T09:00:00.9Z", attributes: { "llm.token_count.prompt": 4 } },
        ]),
        ...trace(ctx, "q", [{ name: "q-root", start: "2024-05-01T09:00:02Z", end: "2024-05-01T09:00:03.5005Z", status: "ERROR" }]),
        ...trace(ctx, "r", [{ name: "r-root", kind: "TOOL", start: "2024-05-01T09:00:04Z", end: "2024-05-01T09:00:04.25Z" }]),
      ];
      const viewer = await ctx.userWithSession("VIEWER");
      const viewerKey = await ctx.createUserKey(viewer.session);
      const out = await runPython<Record<string, any>>(
        "log_and_list.py",
        { project, api_key: ctx.target.adminSecret, viewer_key: viewerKey.key, unknown_project: ctx.unique("noproj"), spans },
        { PHOENIX_COLLECTOR_ENDPOINT: ctx.target.baseUrl },
      );
      for (const [label, result] of Object.entries(out)) ctx.note(label, normalizeJson(result, ctx.normalizeContext));
      expect(out.traces).toHaveLength(3);
    },
  },
  {
    id: "project-traces-delete",
    title: "DELETE /v1/projects/{id}/traces: traces starting in [start_time, end_time) go with their spans (204); 422s before the 404; viewer 403",
    covers: "traces delete",
    async run(ctx) {
      const project = ctx.unique("delproj");
      const spans = [
        ...trace(ctx, "x", [
          { name: "x-root", start: "2024-06-01T00:00:00Z", end: "2024-06-01T00:00:05Z" },
          { name: "x-child", parent: "x-root", start: "2024-06-01T00:00:01Z", end: "2024-06-01T00:00:02Z" },
        ]),
        ...trace(ctx, "y", [{ name: "y-root", start: "2024-06-01T00:01:00Z", end: "2024-06-01T00:01:01Z" }]),
        ...trace(ctx, "z", [{ name: "z-root", start: "2024-06-01T00:02:00Z", end: "2024-06-01T00:02:01Z" }]),
      ];
      const logged = await ctx.send("POST", `/v1/projects/${project}/spans`, { ...ctx.admin, json: { data: spans } });
      if (logged.status !== 202) throw new Error(`setup: log spans → ${logged.status} ${logged.text}`);
      await ctx.waitForSpans(project, spans.length);
      const base = `/v1/projects/${project}/traces`;
      const left = async (label: string) => {
        const names = (await ctx.send("GET", `/v1/projects/${project}/spans?limit=100`, ctx.admin)).json().data.map((s: any) => s.name).sort();
        ctx.note(label, names);
        await list(ctx, `${label} traces`, base, "?order=asc");
      };
      await ctx.req("missing-bounds", "DELETE", base, ctx.admin);
      await ctx.req("bad-bounds", "DELETE", `${base}?start_time=yesterday&end_time=2024-13-01`, ctx.admin);
      await ctx.req("equal-bounds", "DELETE", `${base}?start_time=2024-06-01T00:00:00Z&end_time=2024-06-01T01:00:00%2B01:00`, ctx.admin);
      const unknown = ctx.unique("noproj");
      await ctx.req("reversed-unknown-project", "DELETE", `/v1/projects/${unknown}/traces?start_time=2025-01-01&end_time=2024-01-01`, ctx.admin);
      await ctx.req("unknown-project", "DELETE", `/v1/projects/${unknown}/traces?start_time=2024-01-01&end_time=2025-01-01`, ctx.admin);
      await ctx.req("unknown-global-id", "DELETE", "/v1/projects/UHJvamVjdDo5OTk5OTk5/traces?start_time=2024-01-01&end_time=2025-01-01", ctx.admin);
      const viewer = await ctx.userWithSession("VIEWER");
      await ctx.req("viewer", "DELETE", `${base}?start_time=2024-01-01&end_time=2025-01-01`, { bearer: viewer.session.access });
      await ctx.req("no-credentials", "DELETE", `${base}?start_time=2024-01-01&end_time=2025-01-01`);
      await left("before");
      await ctx.req("window", "DELETE", `${base}?start_time=2024-06-01T00:00:30Z&end_time=2024-06-01T00:02:00Z`, ctx.admin);
      await left("after-window");
      await ctx.req("naive-unix", "DELETE", `${base}?start_time=2024-06-01T00:00:00&end_time=${Date.parse("2024-06-01T00:00:01Z") / 1000}`, ctx.admin);
      await left("after-naive-unix");
      // A deleted span's id is free again.
      const again = await ctx.send("POST", `/v1/projects/${project}/spans`, { ...ctx.admin, json: { data: spans.slice(0, 1) } });
      ctx.note("log a deleted span again", [again.status, again.text]);
      await ctx.waitForSpans(project, 2);
      const member = await ctx.userWithSession("MEMBER");
      await ctx.req("member-all", "DELETE", `${base}?start_time=2024-01-01&end_time=2025-01-01`, { bearer: member.session.access });
      await left("after-all");
      await ctx.req("project-stays", "GET", `/v1/projects/${project}`, ctx.admin);
    },
  },
];
