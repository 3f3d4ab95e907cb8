import type { DecodedSpan, OtlpAttributeValue, OtlpAttributes } from "./decode.js";
import { kindOf, pythonFloat } from "./values.js";

/**
 * The session a span names (`session.id`, flat or as a nested map), as Phoenix reads it at ingest:
 * `str(value).strip()`, no session when empty. Only strings and numbers are read; other kinds name no session.
 */
export function sessionIdOf(span: DecodedSpan): string | undefined {
  const attributes = span.attributes;
  let value: OtlpAttributeValue | undefined = Object.hasOwn(attributes, "session.id") ? attributes["session.id"] : undefined;
  const nested = Object.hasOwn(attributes, "session") ? attributes.session : undefined;
  if (value === undefined && nested !== undefined && kindOf(nested) === "kvlist") {
    const map = nested as OtlpAttributes;
    value = Object.hasOwn(map, "id") ? map.id : undefined;
  }
  const kind = value === undefined ? undefined : kindOf(value);
  const number = kind === "int" || kind === "double" ? Number(value) : undefined;
  // Python's str(): an int as its digits, a double as its repr (2.0).
  const text = typeof value === "string" ? value : number !== undefined && Number.isFinite(number) ? (kind === "int" ? String(value) : pythonFloat(number)) : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
