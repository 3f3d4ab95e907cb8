/**
 * Phoenix's `df_to_bytes` (phoenix/server/api/routers/utils.py): `pa.Table.from_pandas(df)` written as one Arrow IPC
 * stream (schema, at most one record batch, end-of-stream). Encoded with apache-arrow, loaded on first use so that
 * importing the mock does not load it (12 MB on disk). The types follow what pyarrow 26 gives a pandas 3 frame (recorded from a
 * real Phoenix 20.26.1): text columns `large_string`, times `timestamp[us, tz=UTC]`, Python-object cells inferred
 * (nested mappings as structs, lists as lists, inner text as `string`, all-missing as `null`), the index
 * (`context.span_id`) once more as the last column `__index_level_0__`, and the `pandas` schema metadata that lets
 * `read_pandas()` restore the index and dtypes.
 */
import { bytesAsHex } from "./value-encoders.js";
import { createRequire } from "node:module";
import type * as Arrow from "apache-arrow";
import type { FrameColumn, SpanFrame } from "./frame.js";
import { inferCell, mergeKinds, type Kind } from "./pandas-arrow-infer.js";

type ArrowModule = typeof Arrow;
let arrowModule: ArrowModule | undefined;

/**
 * apache-arrow's CommonJS build, required on first use in both of our builds: require() works where import() does
 * not (Jest's CommonJS registry), and the CJS build loads on every Node version `engines` claims.
 */
function loadArrow(): ArrowModule {
  arrowModule ??= createRequire(import.meta.url)("apache-arrow") as ArrowModule;
  return arrowModule;
}

const INDEX_FIELD = "__index_level_0__";
const CREATOR = { library: "pyarrow", version: "26.0.1" };
const PANDAS_VERSION = "3.1.1";

interface Planned {
  readonly column: FrameColumn;
  readonly fieldName: string;
  /** The inferred kind of an object column, else undefined (the dtype decides). */
  readonly kind?: Kind;
}

/** `pandas_type` of an Arrow type, pyarrow's `get_logical_type`. */
function logicalType(kind: Kind): string {
  switch (kind.type) {
    case "null":
      return "empty";
    case "bool":
      return "bool";
    case "int":
      return "int64";
    case "double":
      return "float64";
    case "string":
      return "unicode";
    case "list":
      return `list[${logicalType(kind.item)}]`;
    default:
      return "object";
  }
}

/** The `columns` entry of pandas metadata for one column. */
function columnMetadata(plan: Planned): Record<string, unknown> {
  const { column, fieldName, kind } = plan;
  const entry = (pandasType: string, numpyType: string, metadata: unknown = null) => ({
    name: column.name,
    field_name: fieldName,
    pandas_type: pandasType,
    numpy_type: numpyType,
    metadata,
  });
  switch (column.dtype) {
    case "str":
      return entry("object", "str");
    case "datetime":
      return entry("datetimetz", "datetime64[us]", { timezone: "UTC" });
    case "int64":
    case "float64":
    case "bool":
      return entry(column.dtype, column.dtype);
    default:
      return entry(logicalType(kind!), "object");
  }
}

/** Python's `json.dumps` with its defaults (`", "`, `": "`, non-ASCII escaped), as pyarrow writes the metadata. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`)
      .join(", ")}}`;
  }
  if (typeof value === "string") return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return JSON.stringify(value);
}

function pandasMetadata(plans: readonly Planned[]): string {
  return pythonJson({
    index_columns: [INDEX_FIELD],
    column_indexes: [{ name: null, field_name: null, pandas_type: "unicode", numpy_type: "str", metadata: { encoding: "UTF-8" } }],
    columns: plans.map(columnMetadata),
    attributes: {},
    creator: CREATOR,
    pandas_version: PANDAS_VERSION,
  });
}

function arrowType(arrow: ArrowModule, kind: Kind): Arrow.DataType {
  switch (kind.type) {
    case "null":
      return new arrow.Null();
    case "bool":
      return new arrow.Bool();
    case "int":
      return new arrow.Int64();
    case "double":
      return new arrow.Float64();
    case "string":
      return new arrow.Utf8();
    case "list":
      return new arrow.List(new arrow.Field("item", arrowType(arrow, kind.item), true));
    default:
      return new arrow.Struct([...kind.fields].map(([name, child]) => new arrow.Field(name, arrowType(arrow, child), true)));
  }
}

/** A cell as apache-arrow's builders take it for `kind`: int64 as bigint, missing struct fields as null. */
function builderValue(value: unknown, kind: Kind): unknown {
  if (value === null || value === undefined || kind.type === "null") return null;
  switch (kind.type) {
    case "int":
      return BigInt(value as number | bigint);
    case "double":
      return Number(value);
    case "string":
      return value instanceof Uint8Array ? bytesAsHex(value) : String(value);
    case "list":
      return (value as unknown[]).map((item) => builderValue(item, kind.item));
    case "struct": {
      // Own fields only: a row without a `constructor` (or `toString`, …) field must not read Object.prototype's.
      const record = value as Record<string, unknown>;
      return Object.fromEntries([...kind.fields].map(([name, child]) => [name, builderValue(Object.hasOwn(record, name) ? record[name] : null, child)]));
    }
    default:
      return value;
  }
}

/** A top-level column as an Arrow vector of the type pyarrow gives its pandas dtype. */
function columnVector(arrow: ArrowModule, plan: Planned): Arrow.Vector {
  const { column } = plan;
  const values = column.values;
  switch (column.dtype) {
    case "str":
      return arrow.vectorFromArray(values.map((v) => (v === null || v === undefined ? null : String(v))), new arrow.LargeUtf8());
    case "datetime": {
      // Microseconds straight into the int64 buffer (the builder takes milliseconds as a float and would round).
      const micros = new BigInt64Array(values.map((v) => (typeof v === "number" ? BigInt(Math.round(v)) : 0n)));
      const valid = values.map((v) => typeof v === "number");
      const nullBitmap = valid.every(Boolean) ? undefined : bitmap(valid);
      const type = new arrow.TimestampMicrosecond("UTC");
      return arrow.makeVector(arrow.makeData({ type, length: values.length, data: micros, nullBitmap, nullCount: valid.filter((v) => !v).length }));
    }
    case "int64":
      return arrow.vectorFromArray(values.map((v) => BigInt(v as number | bigint)), new arrow.Int64());
    case "float64":
      // pyarrow reads NaN in a float column as missing (null).
      return arrow.vectorFromArray(values.map((v) => (v === null || v === undefined ? null : Number(v))), new arrow.Float64());
    case "bool":
      return arrow.vectorFromArray(values.map((v) => v === true), new arrow.Bool());
    default: {
      const kind = plan.kind!;
      return arrow.vectorFromArray(values.map((v) => builderValue(v, kind)), arrowType(arrow, kind));
    }
  }
}

/** The one chunk of a column built in one go. */
function singleChunk(vector: Arrow.Vector): Arrow.Data {
  if (vector.data.length !== 1) throw new Error(`an Arrow column came out in ${vector.data.length} chunks`);
  return vector.data[0]!;
}

function bitmap(valid: readonly boolean[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((ok, i) => {
    if (ok) bytes[i >> 3]! |= 1 << (i & 7);
  });
  return bytes;
}

/** What pyarrow infers for an object column, or the column's name when its cells have no common Arrow type. */
function planColumn(column: FrameColumn, fieldName: string): Planned | string {
  if (column.dtype !== "object") return { column, fieldName };
  let kind: Kind = { type: "null" };
  for (const value of column.values) {
    const merged = mergeKinds(kind, inferCell(value));
    if (!merged) return column.name;
    kind = merged;
  }
  return { column, fieldName, kind };
}

/** The bytes of one frame's Arrow IPC stream, or which column pyarrow could not type either. */
export type ArrowEncoding = { readonly bytes: Uint8Array } | { readonly untypedColumn: string };

/** One frame as the bytes of an Arrow IPC stream, as Phoenix sends each query's result. */
export function encodeFrameArrow(frame: SpanFrame): ArrowEncoding {
  const plans: Planned[] = [];
  for (const [i, column] of [...frame.columns, frame.index].entries()) {
    const plan = planColumn(column, i === frame.columns.length ? INDEX_FIELD : column.name);
    if (typeof plan === "string") return { untypedColumn: plan };
    plans.push(plan);
  }
  const arrow = loadArrow();
  const built = plans.map((plan) => columnVector(arrow, plan));
  const fields = plans.map((plan, i) => new arrow.Field(plan.fieldName, built[i]!.type, true));
  const schema = new arrow.Schema(fields, new Map([["pandas", pandasMetadata(plans)]]));
  const length = frame.index.values.length;
  const batches =
    length === 0
      ? []
      : [new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length, children: built.map(singleChunk) }))];
  return { bytes: arrow.tableToIPC(new arrow.Table(schema, batches), "stream") };
}
