/**
 * The span-query route's Arrow answer (POST /v1/spans without `Accept: application/json`): what Phoenix sends the
 * legacy `px.Client` (arize-phoenix before 5.9), one Arrow IPC stream per query with pandas metadata, read here the
 * way that client read it, with Phoenix's SpanQuery DSL and pyarrow from the venv (python/spans_arrow.py), and compared as schema, pandas
 * metadata and the `read_pandas()` frame (normalised ids and times).
 */
import { RecordBatchReader, Table, Vector } from "apache-arrow";
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { conformancePython, runPython } from "../python.js";
import { seed } from "./span-query.js";

/** Attributes of every kind the frame holds: int, float, bool, a list, a JSON-string (parsed), a nested name. */
const ROOT_ATTRIBUTES = { n: 3, f: 1.5, b: true, tags: ["a", "b"], metadata: '{"k": 1, "nested": {"deep": "x"}}', "llm.token_count.prompt": 5 };

/** An Arrow cell as plain JSON: vectors as arrays, struct rows as objects with sorted keys, int64 as numbers. */
function cell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Vector) return [...value].map(cell);
  if (typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    const entries = Object.entries((value as { toJSON(): Record<string, unknown> }).toJSON());
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, cell(v)]));
  }
  return value;
}

/** Microseconds since the epoch as an ISO time with six decimals (Arrow's own getter gives float milliseconds). */
function isoMicros(micros: bigint): string {
  const seconds = micros / 1_000_000n;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${String(micros % 1_000_000n).padStart(6, "0")}+00:00`;
}

/** Each Arrow IPC stream of the body, read with apache-arrow: sorted fields with types, pandas metadata, rows. */
function describeStreams(bytes: Uint8Array): unknown[] {
  const streams: unknown[] = [];
  for (const reader of RecordBatchReader.readAll(bytes)) {
    const table = new Table(reader.schema, [...reader]);
    const pandas = JSON.parse(table.schema.metadata.get("pandas") ?? "null") as { columns: { field_name: string }[] } | null;
    pandas?.columns.sort((a, b) => a.field_name.localeCompare(b.field_name));
    const rows = table.batches.flatMap((batch) =>
      Array.from({ length: batch.numRows }, (_, row) =>
        Object.fromEntries(
          batch.schema.fields
            .map((field, i): [string, unknown] => {
              const data = batch.getChildAt(i)!.data[0]!;
              const timestamp = String(field.type).startsWith("Timestamp") && data.getValid(row);
              return [field.name, timestamp ? isoMicros((data.values as BigInt64Array)[row]!) : cell(batch.getChildAt(i)!.get(row))];
            })
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      ),
    );
    const fields = table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`).sort();
    streams.push({ fields, pandas, batches: table.batches.length, rows });
  }
  return streams;
}

async function arrowQuery(ctx: CaseContext, label: string, project: string, body: unknown): Promise<void> {
  const res = await ctx.target.fetch(`${ctx.target.baseUrl}/v1/spans?project_name=${project}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ctx.target.adminSecret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get("content-type");
  ctx.note(label, normalizeJson({ status: res.status, type, streams: res.status === 200 ? describeStreams(bytes) : new TextDecoder().decode(bytes) }, ctx.normalizeContext));
}

const BODY = { queries: [{ index: { key: "context.span_id" } }], start_time: null, end_time: null, limit: 1000, root_spans_only: null };

export const spanQueryArrowCases: ConformanceCase[] = [
  {
    id: "span-query-arrow-raw",
    title: "POST /v1/spans without Accept: application/json, read with apache-arrow: the same schema, pandas metadata and rows (one stream per query)",
    covers: "issue #13 (2)",
    async run(ctx) {
      const project = await seed(ctx, { rootAttributes: ROOT_ATTRIBUTES, rootEvent: { name: "ev", attributes: { x: 1, label: "e" } } });
      await arrowQuery(ctx, "all", project, BODY);
      await arrowQuery(ctx, "root-then-llm", project, { ...BODY, queries: [{ filter: { condition: "name == 'root'" } }, { filter: { condition: "span_kind == 'LLM'" } }] });
      await arrowQuery(ctx, "unknown-project", ctx.unique("noproj"), BODY);
    },
  },
  {
    id: "span-query-arrow-legacy-client",
    title:
      "POST /v1/spans without Accept: application/json → application/x-pandas-arrow, read as the legacy px.Client did (pyarrow): same schema, pandas metadata and frame; a column Arrow cannot type ends the body; no key 401, viewer 403",
    covers: "issue #13 (2)",
    skipReason: (target) =>
      target.name === "mock-msw" ? "Python cannot reach the in-process mock: MSW intercepts this process's HTTP only (mock-server covers it)" : conformancePython().reason,
    async run(ctx) {
      const project = await seed(ctx, { rootAttributes: ROOT_ATTRIBUTES, rootEvent: { name: "ev", attributes: { x: 1, label: "e" } } });
      // `conformance.kind` is 7 on this root and "child" on its children: no common Arrow type for the column.
      const mixed = await seed(ctx, { rootAttributes: { "conformance.kind": 7 } });
      const viewer = await ctx.userWithSession("VIEWER");
      const viewerKey = await ctx.createUserKey(viewer.session);
      const api = { project_name: project, api_key: ctx.target.adminSecret };
      const out = await runPython<Record<string, any>>(
        "spans_arrow.py",
        {
          steps: [
            { label: "all", ...api },
            { label: "two-queries", ...api, where: ["name == 'root'", "span_kind == 'LLM'"] },
            { label: "llm-limit-1", ...api, where: ["span_kind == 'LLM'"], limit: 1 },
            { label: "future", ...api, start_time: "2999-01-01T00:00:00+00:00" },
            { label: "explicit-accept", ...api, accept: "application/x-pandas-arrow" },
            { label: "unknown-project", ...api, project_name: ctx.unique("noproj") },
            { label: "mixed-types-one-query", ...api, project_name: mixed },
            { label: "mixed-types-root-then-all", ...api, project_name: mixed, where: ["name == 'root'", null] },
            { label: "no-key", project_name: project },
            { label: "viewer-key", project_name: project, api_key: viewerKey.key },
          ],
        },
        { PHOENIX_COLLECTOR_ENDPOINT: ctx.target.baseUrl },
      );
      for (const [label, answer] of Object.entries(out)) ctx.note(label, normalizeJson(answer, ctx.normalizeContext));
      expect(out.all.content_type).toBe("application/x-pandas-arrow");
      expect(out.all.streams).toHaveLength(1);
      expect(out.all.streams[0].frame.rows).toHaveLength(3);
      expect(out["two-queries"].streams).toHaveLength(2);
      expect([out["no-key"].status, out["viewer-key"].status]).toEqual([401, 403]);
    },
  },
];
