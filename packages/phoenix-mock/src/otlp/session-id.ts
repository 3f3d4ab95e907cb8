import type { DecodedSpan, OtlpAttributeValue } from "./decode.js";

/**
 * The session a span names (`session.id`, flat or as a nested map), as Phoenix reads it at ingest:
 * `str(value).strip()`, no session when empty. Only strings and numbers are read; other kinds name no session.
 */
export function sessionIdOf(span: DecodedSpan): string | undefined {
  const attributes = span.attributes;
  let value: OtlpAttributeValue | undefined = Object.hasOwn(attributes, "session.id") ? attributes["session.id"] : undefined;
  const nested = Object.hasOwn(attributes, "session") ? attributes.session : undefined;
  if (value === undefined && nested && typeof nested === "object" && !Array.isArray(nested) && !(nested instanceof Uint8Array)) {
    value = Object.hasOwn(nested, "id") ? nested.id : undefined;
  }
  const text = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
