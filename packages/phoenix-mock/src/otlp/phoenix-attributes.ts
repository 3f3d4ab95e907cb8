/**
 * The attributes Phoenix stores for an OTLP span (phoenix/trace/otel.py `decode_otlp_span`), from the attributes as
 * sent: the token counts `llm.token_count.{prompt,completion,total}` made ints where Python's `int()` can; every
 * attribute whose key ends with a JSON-string attribute name (`metadata`, `tool.parameters`,
 * `llm.prompt_template.variables`, `document.metadata`: so `user_metadata` too) parsed with `json.loads` when it can
 * be (kept as sent when not, dropped when it is `null`); the dotted keys unflattened (unflatten.ts); and a non-string,
 * truthy `input.value` written as its JSON text with `input.mime_type` `application/json`. Recorded from 20.26.1:
 * conformance case spans-json-string-attributes.
 *
 * The span store keeps each span's bytes as sent (and `mock.spans()` shows them so); the read-back routes all read a
 * span's attributes through `storedAttributes`, so each sees what Phoenix would have stored.
 */
import { setOwn } from "./convert.js";
import { pythonJsonLoads } from "./python-json.js";
import { JSON_STRING_ATTRIBUTES } from "./semantic-conventions.js";
import { RecursionLimit, unflatten } from "./unflatten.js";
import { intValue, kindOf, pythonFloat, type OtlpAttributeValue, type OtlpAttributes } from "./values.js";
import type { DecodedSpan } from "./types.js";

const TOKEN_COUNTS = new Set(["llm.token_count.prompt", "llm.token_count.completion", "llm.token_count.total"]);
const JSON_SUFFIXES = [...JSON_STRING_ATTRIBUTES];
const PYTHON_INT = /^\s*[-+]?\d+(?:_\d+)*\s*$/;

/** Records already in Phoenix's stored shape (`POST /v1/projects/{id}/spans` logs them so): read as they are. */
const alreadyStored = new WeakSet<object>();

export function markStored<S extends object>(span: S): S {
  alreadyStored.add(span);
  return span;
}

/** The nested attributes Phoenix stores for this span. */
export function storedAttributes(span: Pick<DecodedSpan, "attributes">): OtlpAttributes {
  if (alreadyStored.has(span)) return span.attributes;
  try {
    return phoenixAttributes(span.attributes);
  } catch (error) {
    // A key too deep for Phoenix's recursive walk fails its ingest; such a span, stored by the mock, reads as sent.
    if (error instanceof RecursionLimit) return span.attributes;
    throw error;
  }
}

export function phoenixAttributes(sent: OtlpAttributes): OtlpAttributes {
  const pairs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sent)) {
    const coerced = TOKEN_COUNTS.has(key) ? pythonInt(value) : value;
    const loaded = JSON_SUFFIXES.some((suffix) => key.endsWith(suffix)) ? loadJson(coerced) : coerced;
    if (loaded !== null) setOwn(pairs, key, loaded); // unflatten drops null values too (and the key with them)
  }
  const stored = unflatten(pairs);
  const input = stored["input"];
  if (input && kindOf(input) === "kvlist") {
    const map = input as OtlpAttributes;
    const value = Object.hasOwn(map, "value") ? map["value"] : undefined;
    const dumped = value === undefined ? undefined : jsonInput(value);
    if (dumped !== undefined) stored["input"] = { ...map, value: dumped, mime_type: "application/json" };
  }
  return stored;
}

/** `int(value)` where Python's int() takes it, else the value unchanged. */
function pythonInt(value: OtlpAttributeValue): OtlpAttributeValue {
  switch (kindOf(value)) {
    case "bool":
      return value ? 1 : 0;
    case "double": {
      const number = Number(value);
      return Number.isFinite(number) ? intValue(BigInt(Math.trunc(number)).toString()) : value;
    }
    case "string":
      return PYTHON_INT.test(value as string) ? intValue(BigInt((value as string).trim().replace(/_/g, "")).toString()) : value;
    default:
      return value;
  }
}

/** `json.loads(value)` when it parses (a string; bytes as UTF-8), else the value as sent. */
function loadJson(value: OtlpAttributeValue): OtlpAttributeValue {
  let text: string | undefined;
  if (typeof value === "string") text = value;
  else if (value instanceof Uint8Array) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(value);
    } catch {
      return value;
    }
  }
  if (text === undefined) return value;
  const parsed = pythonJsonLoads(text);
  return parsed === undefined ? value : finite(parsed);
}

/** Phoenix stores attributes with orjson, which writes NaN and ±Infinity as null. */
function finite(value: OtlpAttributeValue): OtlpAttributeValue {
  switch (kindOf(value)) {
    case "double":
      return Number.isFinite(Number(value)) ? value : null;
    case "array":
      return (value as OtlpAttributeValue[]).map(finite);
    case "kvlist": {
      const map = value as OtlpAttributes;
      for (const key of Object.keys(map)) setOwn(map, key, finite(map[key]!));
      return map;
    }
    default:
      return value;
  }
}

/** `json.dumps(value)` of a truthy non-string `input.value`, or undefined where Phoenix leaves it (falsy, a string, bytes). */
function jsonInput(value: OtlpAttributeValue): string | undefined {
  switch (kindOf(value)) {
    case "string":
    case "empty":
    case "bytes":
      return undefined;
    case "array":
      return (value as OtlpAttributeValue[]).length > 0 && !containsBytes(value) ? pythonDumps(value) : undefined;
    case "kvlist":
      return Object.keys(value as OtlpAttributes).length > 0 && !containsBytes(value) ? pythonDumps(value) : undefined;
    default:
      return Number(value) !== 0 && value !== false ? pythonDumps(value) : undefined;
  }
}

function containsBytes(value: OtlpAttributeValue): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(containsBytes);
  return kindOf(value) === "kvlist" && Object.values(value as OtlpAttributes).some(containsBytes);
}

/** Python's `json.dumps` (default separators, ensure_ascii) of a decoded value without bytes. */
function pythonDumps(value: OtlpAttributeValue): string {
  switch (kindOf(value)) {
    case "empty":
      return "null";
    case "bool":
      return value ? "true" : "false";
    case "int":
      return String(value);
    case "double": {
      const number = Number(value);
      if (Number.isNaN(number)) return "NaN";
      if (!Number.isFinite(number)) return number > 0 ? "Infinity" : "-Infinity";
      return pythonFloat(number);
    }
    case "string":
      return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    case "array":
      return `[${(value as OtlpAttributeValue[]).map(pythonDumps).join(", ")}]`;
    default:
      return `{${Object.entries(value as OtlpAttributes).map(([k, v]) => `${pythonDumps(k)}: ${pythonDumps(v)}`).join(", ")}}`;
  }
}
