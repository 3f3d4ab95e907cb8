/**
 * Every OTLP attribute value kind read back through each of Phoenix's encodings: span JSON (GET /v1/projects/{id}/spans),
 * OTLP JSON (/spans/otlpv1) and the span query's pandas JSON (POST /v1/spans). JSON.parse makes `2` and `2.0` one
 * number, so the case notes each value's raw text as the server wrote it: an integral double must stay a double.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { exportRequest } from "../otlp.js";

const VALUES = {
  kint: { raw: { int_value: 2 } },
  kdoubleintegral: { raw: { double_value: 2 } },
  kdouble: { raw: { double_value: 2.5 } },
  kdoublelarge: { raw: { double_value: 1e21 } },
  kbigint: { raw: { int_value: "4611686018427387904" } },
  kstringnumber: "2",
  kbool: true,
  kdoublearray: { raw: { array_value: { values: [{ double_value: 1 }, { double_value: 2.5 }] } } },
  kintarray: [1, 2],
  kkvlist: { raw: { kvlist_value: { values: [{ key: "d", value: { double_value: 3 } }, { key: "i", value: { int_value: 3 } }] } } },
  kempty: { raw: {} },
} as const;

/** The raw JSON text after `"<key>":` in `text` (a scalar, or a bracketed value), or null when the key is absent. */
export function rawJsonValue(text: string, key: string): string | null {
  const found = new RegExp(`"${key}"\\s*:\\s*`).exec(text);
  if (!found) return null;
  let at = found.index + found[0].length;
  const start = at;
  let depth = 0;
  let inString = false;
  for (; at < text.length; at++) {
    const c = text[at]!;
    if (inString) {
      if (c === "\\") at++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      if (depth === 0) break;
      depth--;
    } else if (c === "," && depth === 0) break;
  }
  return text.slice(start, at).trim();
}

async function seed(ctx: CaseContext): Promise<string> {
  const project = ctx.unique("kinds");
  const batch = await exportRequest({ names: ["kinds"], project, rootAttributes: VALUES });
  ctx.generated(batch.traceId, "trace-id");
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${i + 1}`));
  const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
  if (res.status !== 200) throw new Error(`setup: POST /v1/traces → ${res.status} ${res.text}`);
  await ctx.waitForSpans(project, 1);
  return project;
}

export const attributeKindCases: ConformanceCase[] = [
  {
    id: "spans-bytes-attribute",
    title: "A span with a bytes attribute (top level, and in an array) is accepted (200) and stored or dropped as Phoenix does; a later span is stored",
    covers: "spans read-back (issue: one value type)",
    async run(ctx) {
      const project = ctx.unique("bytes");
      const send = async (label: string, rootAttributes: Parameters<typeof exportRequest>[0]["rootAttributes"]) => {
        const batch = await exportRequest({ names: [label], project, rootAttributes });
        ctx.generated(batch.traceId, `${label}-trace-id`);
        batch.spanIds.forEach((id) => ctx.generated(id, `${label}-span-id`));
        const res = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
        ctx.note(`${label}: status`, res.status);
      };
      await send("top-level", { kbytes: { raw: { bytes_value: Buffer.from([1, 2, 255]) } } });
      await send("in-array", { kbytesarray: { raw: { array_value: { values: [{ bytes_value: Buffer.from([7]) }] } } } });
      await send("plain", { kplain: 1 });
      // Phoenix inserts in arrival order: once the plain span is readable, the others are stored or never will be.
      await ctx.waitForSpans(project, 1);
      const spans = await ctx.send("GET", `/v1/projects/${project}/spans`, ctx.admin);
      ctx.note("stored spans", (spans.json<{ data: Array<{ name: string }> }>().data ?? []).map((s) => s.name).sort());
      ctx.note("span JSON", { kbytes: rawJsonValue(spans.text, "kbytes"), kbytesarray: rawJsonValue(spans.text, "kbytesarray") });
    },
  },
  {
    id: "spans-attribute-kinds",
    title: "Each OTLP value kind (int, integral double, double, big int, bytes, arrays, map, empty) as span JSON, OTLP JSON and pandas JSON write it",
    covers: "spans read-back (issue: one value type, a double read back as a double)",
    async run(ctx) {
      const project = await seed(ctx);
      const keys = Object.keys(VALUES);
      const spans = await ctx.send("GET", `/v1/projects/${project}/spans`, ctx.admin);
      expect(spans.status).toBe(200);
      ctx.note("span JSON", Object.fromEntries(keys.map((key) => [key, rawJsonValue(spans.text, key)])));
      const otlp = await ctx.send("GET", `/v1/projects/${project}/spans/otlpv1`, ctx.admin);
      expect(otlp.status).toBe(200);
      const otlpAttributes = otlp.json<{ data: Array<{ attributes: Array<{ key: string }> }> }>().data[0]!.attributes;
      ctx.note("OTLP JSON", Object.fromEntries(keys.map((key) => {
        const at = otlp.text.indexOf(`"key":"${key}"`) >= 0 ? otlp.text.indexOf(`"key":"${key}"`) : otlp.text.indexOf(`"key": "${key}"`);
        return [key, at < 0 ? null : rawJsonValue(otlp.text.slice(at), "value")];
      })));
      ctx.note("OTLP JSON keys", otlpAttributes.map((a) => a.key).filter((key) => keys.includes(key)).sort());
      const frame = await ctx.send("POST", `/v1/spans?project_name=${project}`, {
        ...ctx.admin,
        headers: { accept: "application/json" },
        json: { queries: [{}], start_time: null, end_time: null, limit: 10, root_spans_only: null },
      });
      expect(frame.status).toBe(200);
      // A map's key order comes from a Python set in Phoenix (it varies between runs): its members are noted one by one.
      const pandasRaw = (key: string) => rawJsonValue(frame.text, `(?:\\d+_)?attributes\\.${key}`);
      ctx.note("pandas JSON", Object.fromEntries(keys.map((key) => {
        const raw = pandasRaw(key);
        return [key, key === "kkvlist" && raw ? { d: rawJsonValue(raw, "d"), i: rawJsonValue(raw, "i") } : raw];
      })));
      ctx.note("pandas JSON types", Object.fromEntries(keys.map((key) => {
        const field = new RegExp(`\\{"name":\\s*"(?:\\d+_)?attributes\\.${key}",\\s*"type":\\s*"([^"]+)"`).exec(frame.text);
        return [key, field?.[1] ?? null];
      })));
    },
  },
];
