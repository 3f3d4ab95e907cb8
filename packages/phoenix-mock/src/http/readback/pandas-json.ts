/**
 * Phoenix's `encode_df_as_json_string` (phoenix/utilities/json.py): a pandas table-schema JSON document whose column
 * names are prefixed with their position (`0_context.span_id` is the index), written by pandas' ujson: ISO dates in
 * nanoseconds with `Z`, floats with up to 10 decimals and a `.0` when whole, `/` escaped as `\/`, NaN as null.
 */
import { Double } from "../../otlp/values.js";
import type { FrameColumn, FrameDtype, SpanFrame } from "./frame.js";

/** `build_table_schema` field of one column. */
function field(name: string, dtype: FrameDtype): Record<string, string> {
  switch (dtype) {
    case "str":
      return { name, type: "string", extDtype: "str" };
    case "datetime":
      return { name, type: "datetime", tz: "UTC" };
    case "int64":
      return { name, type: "integer" };
    case "float64":
      return { name, type: "number" };
    case "bool":
      return { name, type: "boolean" };
    default:
      return { name, type: "string" };
  }
}

function encodeString(value: string): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}

function encodeNumber(value: number, asFloat: boolean): string {
  if (!Number.isFinite(value)) return "null";
  // Beyond 1e21 both write an exponent ("1e+21"), which takes no ".0".
  if (Number.isInteger(value)) return asFloat && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  const fixed = value.toFixed(10).replace(/0+$/, "");
  return fixed.endsWith(".") ? `${fixed}0` : fixed;
}

/** Microseconds since the epoch as pandas writes a UTC Timestamp with date_unit="ns". */
function encodeDatetime(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19);
  return `"${iso}.${String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, "0")}000Z"`;
}

function encodeValue(value: unknown, dtype: FrameDtype): string {
  if (value === null || value === undefined) return "null";
  if (dtype === "datetime") return encodeDatetime(value as number);
  if (typeof value === "number") return encodeNumber(value, dtype === "float64");
  if (typeof value === "bigint") return String(value);
  if (value instanceof Double) return encodeNumber(value.value, true);
  if (typeof value === "string") return encodeString(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => encodeValue(item, "object")).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${encodeString(key)}:${encodeValue(item, "object")}`).join(",")}}`;
  }
  return encodeString(String(value));
}

export function encodeFrameJson(frame: SpanFrame): string {
  const columns: FrameColumn[] = [frame.index, ...frame.columns];
  const names = columns.map((column, i) => `${i}_${column.name}`);
  const schema = {
    fields: columns.map((column, i) => field(names[i]!, column.dtype)),
    primaryKey: [names[0]],
    pandas_version: "1.4.0",
  };
  const rows = frame.index.values.map(
    (_, row) => `{${columns.map((column, i) => `${encodeString(names[i]!)}:${encodeValue(column.values[row], column.dtype)}`).join(",")}}`,
  );
  return `{"schema":${JSON.stringify(schema).replace(/\//g, "\\/")},"data":[${rows.join(",")}]}`;
}
