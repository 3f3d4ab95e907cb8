/**
 * POST /v1/projects/{project_identifier}/spans (the Python client's `spans.log_spans()`): spans in Phoenix's span JSON,
 * read back through GET /spans and /spans/otlpv1; duplicates (400), the body's 422s, the project by name (created with
 * its first span) or by GlobalID (404 when unknown), and who may log (member yes, viewer 403, nobody 401).
 */
import { randomBytes } from "node:crypto";
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase, Credentials } from "../harness.js";
import { normalizeJson } from "../normalize.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A fresh trace id and span ids, registered for normalization as `<label#n>`. */
function ids(ctx: CaseContext, spans: number): { traceId: string; spanIds: string[] } {
  const traceId = ctx.generated(hex(16), "trace-id");
  return { traceId, spanIds: Array.from({ length: spans }, () => ctx.generated(hex(8), "span-id")) };
}

function span(traceId: string, spanId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "plain",
    context: { trace_id: traceId, span_id: spanId },
    span_kind: "CHAIN",
    start_time: "2024-01-01T12:00:00Z",
    end_time: "2024-01-01T12:00:01Z",
    status_code: "OK",
    ...fields,
  };
}

/** GET a project's spans (both encodings), GlobalIDs masked, sorted by name, as a note. */
async function readBack(ctx: CaseContext, label: string, project: string): Promise<unknown[]> {
  const spans = await ctx.send("GET", `/v1/projects/${project}/spans?limit=100`, ctx.admin);
  const otlp = await ctx.send("GET", `/v1/projects/${project}/spans/otlpv1?limit=100`, ctx.admin);
  const byName = (a: any, b: any) => String(a.name).localeCompare(String(b.name));
  // Phoenix files a logged span's attributes through a Python set (hash order, new each server process): keys sorted.
  const sortedKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  const byKey = (x: any, y: any) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  const data = (spans.json().data as any[]).map((s) => ({ ...s, id: s.id ? "<id>" : s.id, attributes: sortedKeys(s.attributes) })).sort(byName);
  const otlpData = (otlp.json().data as any[]).map((s) => ({ ...s, attributes: [...s.attributes].sort(byKey) })).sort(byName);
  ctx.note(label, normalizeJson({ spans: data, otlpv1: otlpData }, ctx.normalizeContext));
  // The normalizer masks ISO times and OTLP nanoseconds: the exact values, written so that it leaves them alone.
  const at = (t: string) => t.replace(/(\d)T(\d)/, "$1 at $2");
  const times = data.map((s: any) => [s.name, at(s.start_time), at(s.end_time), ...s.events.map((e: any) => at(e.timestamp))]);
  const nanos = [...otlp.text.matchAll(/"(?:start_time|end_time|time)_unix_nano":(\d+)/g)].map((m) => `ns ${m[1]}`);
  ctx.note(`${label} times`, { times, nanos: nanos.sort() });
  return data;
}

const post = (ctx: CaseContext, label: string, project: string, json: unknown, credentials: Credentials = ctx.admin) =>
  ctx.req(label, "POST", `/v1/projects/${project}/spans`, { ...credentials, json });

export const spanCreateCases: ConformanceCase[] = [
  {
    id: "project-spans-create",
    title: "POST /v1/projects/{id}/spans: 202 counts, read back as sent; duplicates 400; 422s; project by name or GlobalID; member ok, viewer 403",
    covers: "spans log",
    async run(ctx) {
      const project = ctx.unique("logproj");
      const a = ids(ctx, 3);
      const sent = [
        span(a.traceId, a.spanIds[0]!, {
          name: "root",
          id: "ignored",
          start_time: "2024-01-01T12:00:00.123456+00:00",
          end_time: "2024-01-01T13:00:02.5+01:00",
          status_code: "ok",
          attributes: { "input.value": "hello", "metadata.tags": ["a", "b"], nested: { deep: { n: 1 } }, flag: true, ratio: 0.25, none: null },
        }),
        span(a.traceId, a.spanIds[1]!, {
          name: "llm",
          span_kind: "llm",
          parent_id: a.spanIds[0],
          start_time: "2024-01-01T12:00:00.5Z",
          end_time: "2024-01-01T12:00:00.75Z",
          status_code: "Error",
          status_message: "boom",
          attributes: { "llm.token_count.prompt": 10, "llm.token_count.completion": 5, "llm.input_messages": [{ "message.role": "user" }] },
          events: [
            { name: "exception", timestamp: "2024-01-01T12:00:00.6Z", attributes: { "exception.message": "boom", "a.b": { c: 1 } } },
            { name: "second", timestamp: 1704110400.7 },
          ],
        }),
        span(a.traceId, a.spanIds[2]!, { name: "odd", span_kind: "bogus", status_code: "weird", start_time: 1704110400, end_time: 1704110401000 }),
      ];
      const created = await post(ctx, "create", project, { data: sent });
      expect(created.status).toBe(202);
      await ctx.waitForSpans(project, 3);
      expect(await readBack(ctx, "read-back", project)).toHaveLength(3);

      // Keys as Phoenix's unflatten files them: spaces around segments, digit segments, a value beside a branch.
      const k = ids(ctx, 1);
      const keys = { " spaced . key ": 1, "list.0.x": "a", "list.1.x": "b", "k.0": "zero", mixed: 1, "mixed.sub": 2, "deep.1.a.0.b": true };
      await post(ctx, "create-keys", project, { data: [span(k.traceId, k.spanIds[0]!, { name: "keys", attributes: keys })] });
      await ctx.waitForSpans(project, 4);
      await readBack(ctx, "read-back-keys", project);

      // A key of 2,000 segments: Phoenix's unflatten recurses once a segment (Python's recursion limit); 200 pass.
      const deep = ids(ctx, 2);
      const deepSpans = [
        span(deep.traceId, deep.spanIds[0]!, { name: "deep-ok", attributes: { [`d${".d".repeat(199)}`]: 1 } }),
        span(deep.traceId, deep.spanIds[1]!, { name: "too-deep", attributes: { [`d${".d".repeat(1999)}`]: 1 } }),
      ];
      await post(ctx, "too-deep-key", project, { data: deepSpans });

      const b = ids(ctx, 1);
      await post(ctx, "duplicate", project, { data: [span(b.traceId, b.spanIds[0]!), sent[1], sent[0]] });
      await post(ctx, "empty-data", project, { data: [] });
      const c = ids(ctx, 1);
      await post(ctx, "repeat-within-request", project, { data: [span(c.traceId, c.spanIds[0]!, { name: "first" }), span(c.traceId, c.spanIds[0]!, { name: "second" })] });
      await ctx.waitForSpans(project, 5);
      await readBack(ctx, "read-back-after-repeat", project);

      // The project: a new name is created with its first span; a Project GlobalID must exist; another type's GlobalID is a name.
      const fresh = ctx.unique("logproj");
      const d = ids(ctx, 1);
      await post(ctx, "new-project", fresh, { data: [span(d.traceId, d.spanIds[0]!)] });
      await ctx.waitForSpans(fresh, 1);
      const got = await ctx.send("GET", `/v1/projects/${fresh}`, ctx.admin);
      ctx.note("new-project exists", got.status);
      const e = ids(ctx, 1);
      await post(ctx, "by-global-id", got.json().data.id, { data: [span(e.traceId, e.spanIds[0]!)] });
      await post(ctx, "unknown-global-id", "UHJvamVjdDo5OTk5OTk5", { data: [span(e.traceId, e.spanIds[0]!)] });
      await post(ctx, "empty-unknown-global-id", "UHJvamVjdDo5OTk5OTk5", { data: [] });

      // Validation (the body's 422s come before the project is looked up).
      const f = ids(ctx, 1);
      const ok = span(f.traceId, f.spanIds[0]!);
      await ctx.req("no-body", "POST", `/v1/projects/${project}/spans`, ctx.admin);
      await ctx.req("json-invalid", "POST", `/v1/projects/${project}/spans`, { ...ctx.admin, headers: { "content-type": "application/json" }, body: '{"data": [' });
      await post(ctx, "body-not-object", project, [ok]);
      await post(ctx, "data-missing", project, { spans: [ok] });
      await post(ctx, "data-not-list", project, { data: ok });
      await post(ctx, "span-not-object", project, { data: [ok, "span", null] });
      await post(ctx, "span-empty", project, { data: [{}] });
      await post(ctx, "wrong-types", project, {
        data: [{ ...ok, id: null, name: 1, context: "ctx", span_kind: null, parent_id: 5, status_code: false, status_message: null, attributes: [], events: {} }],
      });
      await post(ctx, "context-fields", project, { data: [{ ...ok, context: { trace_id: 1 } }] });
      await post(ctx, "bad-times", project, { data: [{ ...ok, start_time: "yesterday", end_time: true }] });
      await post(ctx, "naive-start", project, { data: [{ ...ok, start_time: "2024-01-01T12:00:00" }] });
      await post(ctx, "naive-both-date-only", project, { data: [{ ...ok, start_time: "2024-01-01", end_time: "2024-01-02T00:00:00" }] });
      await post(ctx, "bad-events", project, { data: [{ ...ok, events: [{ name: "e" }, "x", { name: 2, timestamp: "2024-01-01T00:00:00Z", attributes: 3 }] }] });
      await post(ctx, "naive-event", project, { data: [{ ...ok, events: [{ name: "e", timestamp: "2024-01-01T12:00:00" }] }] });
      await post(ctx, "invalid-and-unknown-project", "UHJvamVjdDo5OTk5OTk5", { data: [{}] });

      // Who may log.
      const member = await ctx.userWithSession("MEMBER");
      const g = ids(ctx, 1);
      await post(ctx, "member", project, { data: [span(g.traceId, g.spanIds[0]!, { name: "by-member" })] }, { bearer: member.session.access });
      const viewer = await ctx.userWithSession("VIEWER");
      const h = ids(ctx, 1);
      await post(ctx, "viewer", project, { data: [span(h.traceId, h.spanIds[0]!)] }, { bearer: viewer.session.access });
      await post(ctx, "viewer-bad-body", project, { data: "x" }, { bearer: viewer.session.access });
      await post(ctx, "no-credentials", project, { data: [span(h.traceId, h.spanIds[0]!)] }, {});
      await ctx.waitForSpans(project, 6);
      const names = (await ctx.send("GET", `/v1/projects/${project}/spans?limit=100`, ctx.admin)).json().data.map((s: any) => s.name).sort();
      ctx.note("names after all", names);
    },
  },
];
