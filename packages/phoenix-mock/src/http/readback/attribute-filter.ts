/**
 * The `attribute=key:value` filter of GET /v1/projects/{id}/spans and /spans/otlpv1 (Phoenix 20.26.1 `_parse_attribute`,
 * over SQLite): the key is a dotted path into the stored attributes, the value is read as JSON. Phoenix compares the
 * stored value's JSON text (SQLite's `JSON_QUOTE(JSON_EXTRACT(...))`) with Python's `json.dumps` of the parsed value:
 * - an int matches an int or an integral double of that value (`5` and `5.0`);
 * - a float or a string matches the same float or string (a string with non-ASCII characters never matches: Python
 *   escapes them, SQLite does not);
 * - a bool matches that bool, or a number equal to 1 / 0 (`as_boolean()` on SQLite);
 * - null, a list or an object is a 422, as are a missing `:`, an empty key and an empty value.
 * A path that leads to a list or a map matches nothing. The key is split at every `.` into a JSON path through the
 * nested map Phoenix stored (otlp/phoenix-attributes.ts), one map key a step: a dotted key kept beside a value
 * (`a` and `a.b` both sent) and a list index (`llm.input_messages.0.…`) are never reached (recorded from 20.26.1:
 * conformance case spans-json-string-attributes).
 */
import { kindOf, numberOf, type Double, type OtlpAttributeValue, type OtlpAttributes } from "../../otlp/values.js";
import { HttpError } from "../errors.js";

type Wanted = { kind: "int"; value: bigint } | { kind: "float"; value: number } | { kind: "string"; value: string } | { kind: "bool"; value: boolean };

const JSON_INT = /^-?(?:0|[1-9]\d*)$/;

/** The nested attributes Phoenix stored for a span (phoenix-attributes.ts), read by every filter of one span. */
export type StoredAttributes = OtlpAttributes;

/** The filter's test of a span's stored attributes, or the 422 Phoenix answers for `text`. */
export function parseAttributeFilter(text: string): ((stored: StoredAttributes) => boolean) | HttpError {
  const colon = text.indexOf(":");
  if (colon < 0) return new HttpError(422, `Invalid attribute '${text}': expected format 'key:value'`);
  const key = text.slice(0, colon);
  const raw = text.slice(colon + 1);
  if (!key) return new HttpError(422, "Invalid attribute: key must not be empty");
  if (!raw) return new HttpError(422, "Invalid attribute: value must not be empty");
  const wanted = parseValue(raw);
  if (!wanted) {
    return new HttpError(
      422,
      `Invalid attribute value '${raw}': must be a string, integer, float, or boolean. To match a string that looks like a number or boolean, JSON-quote the value: \`key:"12345"\`.`,
    );
  }
  const path = key.split(".");
  return (stored) => {
    const value = valueAt(stored, path);
    return value !== undefined && matches(value, wanted);
  };
}

/** SQLite's `JSON_EXTRACT(attributes, '$."a"."b"')`: one map key a step (a list is never indexed by a quoted key). */
function valueAt(stored: StoredAttributes, path: readonly string[]): OtlpAttributeValue | undefined {
  let value: OtlpAttributeValue = stored;
  for (const step of path) {
    if (kindOf(value) !== "kvlist" || !Object.hasOwn(value as OtlpAttributes, step)) return undefined;
    value = (value as OtlpAttributes)[step]!;
  }
  return value;
}

/** Python's `json.loads` of the value, as the kinds Phoenix tells apart; undefined for null, a list or an object. */
function parseValue(raw: string): Wanted | undefined {
  const trimmed = raw.trim();
  if (JSON_INT.test(trimmed)) return { kind: "int", value: BigInt(trimmed) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: "string", value: raw };
  }
  if (typeof parsed === "boolean") return { kind: "bool", value: parsed };
  if (typeof parsed === "number") return { kind: "float", value: parsed };
  if (typeof parsed === "string") return { kind: "string", value: parsed };
  return undefined;
}

function matches(stored: OtlpAttributeValue, wanted: Wanted): boolean {
  const kind = kindOf(stored);
  const number = kind === "int" || kind === "double" ? numberOf(stored as number | bigint | Double) : undefined;
  switch (wanted.kind) {
    case "int":
      if (kind === "int") return BigInt(number!) === wanted.value;
      return kind === "double" && Number.isInteger(number) && Number(number) === Number(wanted.value);
    case "float":
      return kind === "double" && Number(number) === wanted.value;
    case "string":
      return kind === "string" && stored === wanted.value && /^[\x00-\x7f]*$/.test(wanted.value);
    case "bool":
      if (kind === "bool") return stored === wanted.value;
      return number !== undefined && Number(number) === (wanted.value ? 1 : 0);
  }
}
