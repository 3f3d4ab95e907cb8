/**
 * What Phoenix makes of OTLP span attributes at ingest (`decode_otlp_span`): token counts made ints, the JSON-string
 * attributes (`metadata`, `tool.parameters`, `llm.prompt_template.variables`, `document.metadata`, and any key ending
 * in one of them) parsed, and the dotted keys unflattened into the nested map it stores. Read back through span JSON,
 * OTLP JSON, the `attribute=key:value` filter, the span query's pandas JSON and GraphQL `attributes`.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { exportRequest, type Attributes } from "../otlp.js";
import { rawJsonValue } from "./attribute-kinds.js";

const T0 = 1_700_000_000;

const SPANS: Record<string, Attributes> = {
  "meta-object": {
    metadata: '{"foo": "bar", "n": 1, "d": 2.0, "f": 1.5, "nested": {"k": "v", "dotted.key": 1}, "nul": null, "list": [1, 2], "objs": [{"o": 1}]}',
    "metadata.extra": "x",
    "llm.input_messages.0.message.role": "user",
    "llm.input_messages.0.message.content": "hi",
    "llm.input_messages.1.message.role": "assistant",
  },
  "other-keys": {
    "other.json": '{"x": 1}',
    user_metadata: '{"u": 1}',
    "tool.parameters": '{"p": "q"}',
    "llm.prompt_template.variables": '{"v": "w"}',
    "retrieval.documents.0.document.metadata": '{"dm": 1}',
    "llm.token_count.prompt": "12",
    "llm.token_count.completion": "twelve",
    "llm.token_count.total": 3.7,
  },
  "odd-json": {
    "x1.metadata": "5",
    "x2.metadata": '"quoted"',
    "x3.metadata": "null",
    "x4.metadata": "true",
    "x5.metadata": "[1, 2]",
    "x7.metadata": "{bad",
    "x8.metadata": ' {"s": 1} ',
    "x9.metadata": "",
    "x10.metadata": "1.0",
  },
  // Values a read-back encoder may not write: one span each, so that each answer is seen on its own.
  "meta-big": { metadata: '{"big": 12345678901234567890}' },
  "meta-mixed-list": { metadata: '{"list": [1, "a"]}' },
  "meta-nan": { metadata: "NaN" },
  "meta-mixed-objects": { metadata: '[{"a": 1}, 2, {"b": 2}]' },
  conflicts: {
    a: 1,
    "a.b": 2,
    "c.d": 3,
    c: 4,
    "deep.x.y.z.w": "v",
    "e..f": "g",
    " sp . q ": "s",
    "idx.5.k": "v5",
    "idx.2.k": "v2",
    "tags.0": "t0",
    "input.value": 42,
  },
};

const FILTERS = [
  "metadata.foo:bar",
  "metadata.n:1",
  "metadata.d:2",
  "metadata.nested.k:v",
  "metadata:bar",
  "metadata.extra:x",
  "user_metadata.u:1",
  "other.json.x:1",
  "tool.parameters.p:q",
  "llm.input_messages.0.message.role:user",
  "llm.token_count.prompt:12",
  'llm.token_count.prompt:"12"',
  "llm.token_count.total:3",
  "x1.metadata:5",
  "x2.metadata:quoted",
  "x8.metadata.s:1",
  "x7.metadata:{bad",
  "a:1",
  "a.b:2",
  "c:4",
  "c.d:3",
  "deep.x.y.z.w:v",
  "idx.0.k:v2",
  "idx.5.k:v5",
  "sp.q:s",
  'input.value:"42"',
  "input.value:42",
];

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  }
  return value;
}

async function seed(ctx: CaseContext): Promise<{ project: string; spanIds: Record<string, string> }> {
  const project = ctx.unique("jsonstr");
  const spanIds: Record<string, string> = {};
  let i = 0;
  for (const [name, rootAttributes] of Object.entries(SPANS)) {
    const batch = await exportRequest({ names: [name], project, startSeconds: T0 + i++, rootAttributes });
    ctx.generated(batch.traceId, `trace-id-${name}`);
    ctx.generated(batch.spanIds[0]!, `span-id-${name}`);
    spanIds[name] = batch.spanIds[0]!;
    const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
    if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
  }
  await ctx.waitForSpans(project, Object.keys(SPANS).length);
  return { project, spanIds };
}

/** The pandas JSON frame's rows by span name: their attribute columns only (a position prefix dropped), keys sorted. */
function frameRows(text: string): Record<string, unknown> {
  const rows: Record<string, unknown> = {};
  for (const part of text.split(/\r\n\r\n/).slice(1)) {
    const json = part.slice(0, part.lastIndexOf("}") + 1);
    if (!json.startsWith("{")) continue;
    const frame = JSON.parse(json) as { data: Record<string, unknown>[] };
    for (const row of frame.data) {
      const named = Object.entries(row).map(([key, value]) => [key.replace(/^\d+_/, ""), value] as const);
      const cells = named.filter(([key, value]) => key.startsWith("attributes.") && value !== null);
      rows[String(Object.fromEntries(named)["name"])] = sorted(Object.fromEntries(cells));
    }
  }
  return sorted(rows) as Record<string, unknown>;
}

export const spanJsonStringCases: ConformanceCase[] = [
  {
    id: "spans-json-string-attributes",
    title: "OTLP ingest: JSON-string attributes parsed (metadata and other suffixes), token counts coerced, dotted keys unflattened (conflicts, empty and spaced segments, indices), as every read-back shows them",
    covers: "spans read-back (OTLP ingest: load_json_strings, unflatten)",
    async run(ctx) {
      const { project, spanIds } = await seed(ctx);
      const spans = await ctx.send("GET", `/v1/projects/${project}/spans?limit=100`, ctx.admin);
      expect(spans.status).toBe(200);
      const data = spans.json<{ data: Array<{ name: string; attributes: Record<string, unknown> }> }>().data;
      ctx.note("span JSON attributes", sorted(Object.fromEntries(data.map((s) => [s.name, s.attributes]))));
      ctx.note("span JSON raw numbers", Object.fromEntries(["metadata.d", "metadata.n", "metadata.big", "x10.metadata", "llm.token_count.total"].map((key) => [key, rawJsonValue(spans.text, key.replace(/\./g, "\\."))])));
      for (const [name, spanId] of Object.entries(spanIds)) {
        const otlp = await ctx.send("GET", `/v1/projects/${project}/spans/otlpv1?span_id=${spanId}`, ctx.admin);
        const data = otlp.status === 200 ? otlp.json<{ data: Array<{ attributes: Array<{ key: string; value: unknown }> }> }>().data : undefined;
        ctx.note(`OTLP JSON ${name}`, data ? sorted(data.map((s) => [...s.attributes].sort((a, b) => a.key.localeCompare(b.key)))) : { status: otlp.status });
      }
      for (const filter of FILTERS) {
        const res = await ctx.send("GET", `/v1/projects/${project}/spans?attribute=${encodeURIComponent(filter)}`, ctx.admin);
        ctx.note(`filter ${filter}`, res.status === 200 ? res.json<{ data: Array<{ name: string }> }>().data.map((s) => s.name).sort() : { status: res.status });
      }
      const frame = await ctx.send("POST", `/v1/spans?project_name=${project}`, {
        ...ctx.admin,
        headers: { accept: "application/json" },
        json: { queries: [{}], start_time: null, end_time: null, limit: 100, root_spans_only: null },
      });
      ctx.note("span query status", frame.status);
      if (frame.status === 200) ctx.note("span query attribute cells", frameRows(frame.text));
      for (const name of ["meta-object", "conflicts"]) {
        const res = await ctx.send("POST", "/graphql", {
          ...ctx.admin,
          json: { query: "query ($spanId: String!) { getSpanByOtelId(spanId: $spanId) { attributes } }", variables: { spanId: spanIds[name] } },
        });
        const attributes = res.json<{ data?: { getSpanByOtelId?: { attributes: string } } }>().data?.getSpanByOtelId?.attributes;
        ctx.note(`GraphQL attributes ${name}`, attributes === undefined ? res.json() : sorted(JSON.parse(attributes)));
      }
    },
  },
];
