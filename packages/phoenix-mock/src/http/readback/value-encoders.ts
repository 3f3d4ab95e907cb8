/**
 * Each read-back encoding of an attribute value, one function per kind (otlp/values.ts): OTLP JSON's AnyValue
 * (`/spans/otlpv1`), Python's `repr` (Phoenix's `str()` of a mixed array's items), and JSON as Phoenix writes it
 * (`/spans`: Python floats, exact big ints). Bytes are written as hex here and only here.
 */
import { Double, kindOf, numberOf, pythonFloat, type ValueKind } from "../../otlp/values.js";
import type { OtlpAttributeValue, OtlpAttributes } from "../../otlp/types.js";
import { PhoenixUnhandledError } from "../errors.js";

const EMPTY_ANY_VALUE = {
  array_value: null,
  bool_value: null,
  bytes_value: null,
  double_value: null,
  int_value: null,
  kvlist_value: null,
  string_value: null,
};

/** A JSON number literal to write as it is (a Python float, an int beyond 2^53). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export function bytesAsHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

interface KindEncoders {
  /** OTLP JSON's AnyValue with every member present (null but one). */
  anyValue(value: OtlpAttributeValue): Record<string, unknown>;
  /** Python's repr of the decoded value. */
  repr(value: OtlpAttributeValue): string;
  /** The value as a JSON-ready tree (JsonNumber where JS would print another literal). */
  json(value: OtlpAttributeValue): unknown;
}

const number = (value: OtlpAttributeValue) => numberOf(value as number | bigint | Double);
const floatJson = (value: OtlpAttributeValue) => {
  const n = number(value) as number;
  return Number.isFinite(n) ? new JsonNumber(pythonFloat(n)) : null;
};

const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/**
 * An OTLP `int_value` (int64). Only a parsed JSON-string attribute can hold a bigger int (Phoenix stores up to 2^64 - 1):
 * its protobuf encoder raises, and the route answers a bare 500 (recorded from 20.26.1: spans-json-string-attributes).
 */
function int64Text(value: OtlpAttributeValue): string {
  const big = BigInt(value as number | bigint);
  if (big < INT64[0] || big > INT64[1]) throw new PhoenixUnhandledError(`Value out of range: ${big}`);
  return String(big);
}

export const VALUE_ENCODERS: Record<ValueKind, KindEncoders> = {
  string: {
    anyValue: (value) => ({ ...EMPTY_ANY_VALUE, string_value: value }),
    repr: (value) => `'${(value as string).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
    json: (value) => value,
  },
  bool: {
    anyValue: (value) => ({ ...EMPTY_ANY_VALUE, bool_value: value }),
    repr: (value) => (value ? "True" : "False"),
    json: (value) => value,
  },
  int: {
    anyValue: (value) => ({ ...EMPTY_ANY_VALUE, int_value: new JsonNumber(int64Text(value)) }),
    repr: (value) => String(value),
    json: (value) => new JsonNumber(String(value)),
  },
  double: {
    anyValue: (value) => ({ ...EMPTY_ANY_VALUE, double_value: floatJson(value) }),
    repr: (value) => pythonFloat(number(value) as number),
    json: floatJson,
  },
  bytes: {
    anyValue: (value) => ({ ...EMPTY_ANY_VALUE, bytes_value: bytesAsHex(value as Uint8Array) }),
    repr: (value) => `'${bytesAsHex(value as Uint8Array)}'`,
    json: (value) => bytesAsHex(value as Uint8Array),
  },
  array: {
    anyValue: (value) => {
      // Phoenix's _to_array_value: nested arrays become their str(); then, unless every item is an instance of the
      // first item's Python type (a bool is an int), every item is written as its str().
      const items = (value as OtlpAttributeValue[]).map((item) => (kindOf(item) === "array" ? pythonStr(item) : item));
      const first = items.length > 0 ? PYTHON_TYPES[kindOf(items[0]!)] : "";
      const same = items.every((item) => PYTHON_TYPES[kindOf(item)] === first || (first === "int" && kindOf(item) === "bool"));
      return { ...EMPTY_ANY_VALUE, array_value: { values: items.map((item) => (same ? anyValueJson(item) : { ...EMPTY_ANY_VALUE, string_value: pythonStr(item) })) } };
    },
    repr: (value) => `[${(value as OtlpAttributeValue[]).map(pythonRepr).join(", ")}]`,
    json: (value) => (value as OtlpAttributeValue[]).map(valueJson),
  },
  kvlist: {
    anyValue: () => EMPTY_ANY_VALUE,
    repr: (value) => `{${Object.entries(value as OtlpAttributes).map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`).join(", ")}}`,
    json: (value) => Object.fromEntries(Object.entries(value as OtlpAttributes).map(([key, item]) => [key, valueJson(item)])),
  },
  empty: {
    anyValue: () => EMPTY_ANY_VALUE,
    repr: () => "None",
    json: () => null,
  },
};

/** The Python type Phoenix's decoder gives each kind. */
const PYTHON_TYPES: Record<ValueKind, string> = { string: "str", bool: "bool", int: "int", double: "float", bytes: "bytes", array: "list", kvlist: "dict", empty: "NoneType" };

export const anyValueJson = (value: OtlpAttributeValue) => VALUE_ENCODERS[kindOf(value)].anyValue(value);
export const pythonRepr = (value: OtlpAttributeValue) => VALUE_ENCODERS[kindOf(value)].repr(value);
export const valueJson = (value: OtlpAttributeValue) => VALUE_ENCODERS[kindOf(value)].json(value);
/** Python's `str()`: a string as it is, anything else its repr. */
export const pythonStr = (value: OtlpAttributeValue) => (typeof value === "string" ? value : pythonRepr(value));

/** JSON text of a tree holding JsonNumber literals and bigints (written exactly). */
export function stringifyJson(value: unknown): string {
  const marker = "\u0000literal:";
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof JsonNumber ? `${marker}${v.text}` : typeof v === "bigint" ? `${marker}${v}` : v)).replace(
    /"\\u0000literal:([^"]*)"/g,
    "$1",
  );
}

/**
 * A span-frame cell (frame.ts) of an attribute value: the value itself (ints, doubles and their `Double` kept, so
 * pandas' dtype and pyarrow's type follow the kind), bytes as hex. Cells also come from parsed JSON strings, whose
 * numbers are plain: `numericKind` tells the two apart for the pandas encoders.
 */
export function frameCell(value: OtlpAttributeValue): unknown {
  switch (kindOf(value)) {
    case "bytes":
      return bytesAsHex(value as Uint8Array);
    case "array":
      return (value as OtlpAttributeValue[]).map(frameCell);
    case "kvlist":
      return Object.fromEntries(Object.entries(value as OtlpAttributes).map(([key, item]) => [key, frameCell(item)]));
    default:
      return value;
  }
}

/**
 * "int" or "double" for a numeric frame cell, else undefined: a bigint or a `Double` says; a plain number is an int
 * when it is a safe integer (always so for a decoded attribute; a number parsed from JSON text beyond 2^53 has lost
 * its digits and is taken as a double, as before this type existed).
 */
export function numericKind(cell: unknown): "int" | "double" | undefined {
  if (typeof cell === "bigint") return "int";
  if (cell instanceof Double) return "double";
  if (typeof cell === "number") return Number.isSafeInteger(cell) && !Object.is(cell, -0) ? "int" : "double";
  return undefined;
}
