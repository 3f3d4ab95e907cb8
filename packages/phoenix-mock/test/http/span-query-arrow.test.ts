/**
 * POST /v1/spans without `Accept: application/json`: the Arrow IPC answer (`application/x-pandas-arrow`, one stream per
 * query, back to back), decoded here with apache-arrow's reader and, where a Python with pyarrow and pandas exists, with
 * pyarrow the way the legacy `px.Client` read it (`pa.ipc.open_stream` until ArrowInvalid, `read_pandas()`). The types
 * expected are those a real Phoenix 20.26.1 sent for the same spans (src/contract/cases/span-query-arrow.ts
 * compares the two servers).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { context, trace } from "@opentelemetry/api";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { RecordBatchReader, Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { authMock, bearer } from "../helpers.js";

const QUERY = { queries: [{ index: { key: "context.span_id" } }], limit: 1000 };
const START = 1_795_701_195;

/** A CHAIN root with typed attributes and an event, and an LLM child, through the real SDK serializer. */
async function seeded(childAttributes: Record<string, string> = {}, logged?: string[]) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "openinference.project.name": "shop" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("arrow");
  const root = tracer.startSpan("root", {
    startTime: [START, 123_456_000],
    attributes: { "openinference.span.kind": "CHAIN", "conformance.kind": "root", n: 3, f: 1.5, b: true, tags: ["a", "b"], metadata: '{"k": 1}', "llm.token_count.prompt": 5 },
  });
  root.addEvent("ev", { x: 1 }, [START, 200_000_000]);
  tracer.startSpan("child", { startTime: [START, 300_000_000], attributes: { "openinference.span.kind": "LLM", "input.value": "hi", ...childAttributes } }, trace.setSpan(context.active(), root)).end([START, 400_000_000]);
  root.end([START, 500_000_000]);
  await provider.forceFlush();
  const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
  // A 500 here would be a bug of the mock: fail with its log line rather than a bare status.
  const mock = authMock({ logger: (message) => (logged ? logged.push(message) : expect.fail(message)) });
  const res = await mock.request("/v1/traces", { method: "POST", headers: { ...bearer(mock.adminSecret), "content-type": "application/x-protobuf" }, body });
  expect(res.status).toBe(200);
  return { mock, rootId: root.spanContext().spanId };
}

async function arrowQuery(mock: Awaited<ReturnType<typeof seeded>>["mock"], body: unknown, project = "shop", accept?: string): Promise<Uint8Array> {
  const headers = { ...bearer(mock.adminSecret), "content-type": "application/json", ...(accept ? { accept } : {}) };
  const res = await mock.request(`/v1/spans?project_name=${project}`, { method: "POST", headers, body: JSON.stringify(body) });
  expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/x-pandas-arrow"]);
  return new Uint8Array(await res.arrayBuffer());
}

/** Every stream in `bytes`, one after another until the bytes end (as the legacy client read them). */
function readStreams(bytes: Uint8Array): Table[] {
  const tables: Table[] = [];
  for (const reader of RecordBatchReader.readAll(bytes)) tables.push(new Table(reader.schema, [...reader]));
  return tables;
}

function fieldTypes(table: Table): Record<string, string> {
  return Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
}

describe("POST /v1/spans as Arrow (no Accept: application/json)", () => {
  it("answers one Arrow IPC stream with pyarrow's types for a pandas frame, the index as __index_level_0__ and pandas metadata", async () => {
    const { mock, rootId } = await seeded();
    const tables = readStreams(await arrowQuery(mock, QUERY));
    expect(tables).toHaveLength(1);
    const table = tables[0]!;
    expect(table.numRows).toBe(2);
    const types = fieldTypes(table);
    expect(Object.keys(types).slice(0, 10)).toEqual([
      "name", "span_kind", "parent_id", "start_time", "end_time", "status_code", "status_message", "events", "context.span_id", "context.trace_id",
    ]);
    expect(Object.keys(types).at(-1)).toBe("__index_level_0__");
    // The types a real Phoenix 20.26.1 sent for these two spans (scripts/real-phoenix.sh, pyarrow's schema).
    expect(types).toMatchObject({
      name: "LargeUtf8",
      parent_id: "LargeUtf8",
      start_time: "Timestamp<MICROSECOND, UTC>",
      events: "List<Struct<{name:Utf8, timestamp:Utf8, attributes:Struct<{x:Int64}>}>>",
      "attributes.n": "Float64",
      "attributes.f": "Float64",
      "attributes.b": "Bool",
      "attributes.tags": "List<Utf8>",
      "attributes.metadata": "Struct<{k:Int64}>",
      "attributes.conformance": "Struct<{kind:Utf8}>",
      "attributes.llm.token_count.prompt": "Float64",
      "attributes.input.value": "LargeUtf8",
      __index_level_0__: "LargeUtf8",
    });
    const pandas = JSON.parse(table.schema.metadata.get("pandas")!);
    expect(pandas.index_columns).toEqual(["__index_level_0__"]);
    expect(pandas.columns.at(-1)).toEqual({ name: "context.span_id", field_name: "__index_level_0__", pandas_type: "object", numpy_type: "str", metadata: null });
    expect(pandas.columns.find((c: { name: string }) => c.name === "start_time")).toMatchObject({ pandas_type: "datetimetz", numpy_type: "datetime64[us]", metadata: { timezone: "UTC" } });
    expect(pandas.columns.find((c: { name: string }) => c.name === "attributes.b")).toMatchObject({ pandas_type: "bool", numpy_type: "object" });
    const root = table.toArray().find((row) => row.name === "root")!.toJSON();
    expect(root["context.span_id"]).toBe(rootId);
    expect(root.__index_level_0__).toBe(rootId);
    expect(root.parent_id).toBeNull();
    expect(table.getChild("start_time")!.data[0]!.values[table.toArray().findIndex((row) => row.name === "root")]).toBe(BigInt(START) * 1_000_000n + 123_456n);
    expect(root["attributes.conformance"].toJSON()).toEqual({ kind: "root" });
    expect(root["attributes.metadata"].toJSON()).toEqual({ k: 1n });
    expect([...root["attributes.tags"]]).toEqual(["a", "b"]);
    expect(root.events.get(0).toJSON()).toMatchObject({ name: "ev", timestamp: expect.stringMatching(/^2026-11-26T13:53:15\.2/) });
  });

  it("sends one stream per query back to back, an empty result as a schema of null columns without batches, and Arrow for any non-JSON Accept", async () => {
    const { mock } = await seeded();
    const two = readStreams(await arrowQuery(mock, { queries: [{ filter: { condition: "name == 'root'" } }, {}] }));
    expect(two.map((t) => t.numRows)).toEqual([1, 2]);
    // The root alone: parent_id is all None (Arrow null), the int attributes are complete (int64).
    expect(fieldTypes(two[0]!)).toMatchObject({ parent_id: "Null", "attributes.n": "Int64", "attributes.llm.token_count.prompt": "Int64" });
    const [empty] = readStreams(await arrowQuery(mock, QUERY, "nope"));
    expect(empty!.numRows).toBe(0);
    expect(Object.values(fieldTypes(empty!))).toEqual(Array(11).fill("Null"));
    expect(JSON.parse(empty!.schema.metadata.get("pandas")!).columns.map((c: { pandas_type: string }) => c.pandas_type)).toEqual(Array(11).fill("empty"));
    expect(readStreams(await arrowQuery(mock, QUERY, "shop", "application/x-pandas-arrow"))[0]!.numRows).toBe(2);
  });

  it("still names what the mock cannot evaluate (501); a column Arrow cannot type ends the body there, as in Phoenix; JSON still answers", async () => {
    const logged: string[] = [];
    const { mock } = await seeded({ n: "three" }, logged);
    const ask = (body: unknown, accept?: string) =>
      mock.request("/v1/spans?project_name=shop", { method: "POST", headers: { ...bearer(mock.adminSecret), "content-type": "application/json", ...(accept ? { accept } : {}) }, body: JSON.stringify(body) });
    const select = await ask({ queries: [{ select: { n: { key: "name" } } }] });
    expect([select.status, await select.text()]).toEqual([501, expect.stringContaining("does not implement `select` in span queries")]);
    // `attributes.n` is 3 on the root and "three" on the child: pyarrow has no common type for it either, and Phoenix's
    // streamed answer ends before that frame (recorded from 20.26.1: 200, application/x-pandas-arrow, no bytes).
    const mixed = await ask({ queries: [{ filter: { condition: "name == 'root'" } }, {}] });
    expect([mixed.status, mixed.headers.get("content-type")]).toEqual([200, "application/x-pandas-arrow"]);
    expect(readStreams(new Uint8Array(await mixed.arrayBuffer())).map((t) => t.numRows)).toEqual([1]);
    expect(logged).toEqual([expect.stringContaining('stops after 1 of 2 streams, as Phoenix\'s does: the column "attributes.n"')]);
    expect((await ask(QUERY, "application/json")).status).toBe(200);
  });

  const python = pyarrowPython();
  if (!python.python) console.log(`span-query-arrow: the pyarrow check is ${python.reason}`);
  it.skipIf(!python.python)(`pyarrow reads the answer as the legacy px.Client did (${python.reason ?? "pyarrow found"})`, async () => {
    const { mock, rootId } = await seeded();
    const bytes = Buffer.concat([await arrowQuery(mock, QUERY), await arrowQuery(mock, QUERY, "nope")]);
    const script = [
      "import io, json, sys, pyarrow as pa",
      "src = io.BytesIO(sys.stdin.buffer.read()); out = []",
      "while True:",
      "    try:",
      "        with pa.ipc.open_stream(src) as reader: df = reader.read_pandas()",
      "    except pa.ArrowInvalid: break",
      "    out.append({'index': df.index.name, 'ids': list(df.index), 'shape': list(df.shape), 'dtypes': {c: str(t) for c, t in df.dtypes.items()},",
      "                'start': [t.isoformat() for t in df['start_time']] if len(df) else [], 'metadata': [v if isinstance(v, dict) else None for v in df.get('attributes.metadata', [])]})",
      "print(json.dumps(out))",
    ].join("\n");
    const run = spawnSync(python.python!, ["-c", script], { input: bytes, encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const [all, empty] = JSON.parse(run.stdout);
    expect(all).toMatchObject({ index: "context.span_id", shape: [2, 19], dtypes: { name: "str", start_time: "datetime64[us, UTC]", "attributes.n": "float64", "attributes.b": "object" } });
    expect(all.ids).toContain(rootId);
    expect(all.start).toContain("2026-11-26T13:53:15.123456+00:00");
    expect(all.metadata).toContainEqual({ k: 1 });
    expect(empty).toMatchObject({ index: "context.span_id", shape: [0, 10] });
  });
});

/** A Python with pyarrow and pandas: PHOENIX_CONFORMANCE_PYTHON, else the conformance venv; or why there is none. */
function pyarrowPython(): { python?: string; reason?: string } {
  const cache = process.env.XDG_CACHE_HOME || `${homedir()}/.cache`;
  const python = process.env.PHOENIX_CONFORMANCE_PYTHON?.trim() || `${cache}/phoenix-otel-auth/venv-20.26.1/bin/python`;
  if (!existsSync(python)) return { reason: `skipped: no Python at ${python} (set PHOENIX_CONFORMANCE_PYTHON to one with pyarrow and pandas)` };
  const check = spawnSync(python, ["-c", "import pyarrow, pandas"], { encoding: "utf8", timeout: 30_000 });
  return check.status === 0 ? { python } : { reason: `skipped: ${python} cannot import pyarrow and pandas` };
}
