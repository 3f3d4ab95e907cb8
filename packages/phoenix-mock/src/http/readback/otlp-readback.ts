/**
 * How Phoenix reads stored spans back (REST span routes and the span-query route): times as the microsecond
 * datetimes it stores, attributes as the flattening of the nested map it stores, status names.
 */
import { isoformat } from "../../core/instant.js";
import type { OtlpAttributeValue, OtlpAttributes } from "../../otlp/decode.js";
import { setOwn } from "../../otlp/convert.js";
import { kindOf } from "../../otlp/values.js";
import { storedAttributes } from "../../otlp/phoenix-attributes.js";

/** Phoenix stores `datetime.fromtimestamp(ns / 1e9)`: microseconds, through a double. */
export function microsOf(unixNano: string): number {
  const seconds = Number(unixNano) / 1e9;
  const whole = Math.floor(seconds);
  return whole * 1_000_000 + Math.round((seconds - whole) * 1e6);
}

/** Python's isoformat of a stored span time (UTC), through the mock's one formatter. */
export function isoFromMicros(micros: number): string {
  return isoformat(BigInt(micros));
}

/** `int(dt.timestamp() * 1e9)` as Python computes it, exact digits. */
export function nanosFromMicros(micros: number): bigint {
  return BigInt(Math.trunc((micros / 1e6) * 1e9));
}

interface TrieNode {
  value?: OtlpAttributeValue;
  children: Map<string, TrieNode>;
}

const isMap = (value: OtlpAttributeValue): value is OtlpAttributes => kindOf(value) === "kvlist";

/**
 * Dotted keys in wire order, as Phoenix's `flatten` makes them at ingest: kvlist values become dotted keys too, and an
 * array holding at least one map becomes `<key>.<index>.<map key>` for each map, its other items dropped (recorded
 * from 20.26.1: conformance case spans-hostile-attribute-keys).
 */
export function dotted(attributes: OtlpAttributes, prefix = "", whole?: (name: string) => boolean): [string, OtlpAttributeValue][] {
  return Object.entries(attributes).flatMap(([key, value]): [string, OtlpAttributeValue][] => {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isMap(value)) return whole?.(name) ? [[name, value]] : dotted(value, name, whole);
    if (Array.isArray(value) && value.some(isMap)) return value.flatMap((item, index) => (isMap(item) ? dotted(item, `${name}.${index}`, whole) : []));
    return [[name, value]];
  });
}

/**
 * Attributes in the order Phoenix reads them back: it stores `unflatten(...)` (a trie of the dotted keys, in
 * first-seen order) and lists `flatten(...)` of it, so keys sharing a prefix come out grouped. A map under a name
 * `whole` accepts stays one value (the span query keeps its JSON-string attributes whole).
 */
export function flatten(attributes: OtlpAttributes, whole?: (name: string) => boolean): Record<string, OtlpAttributeValue> {
  const root: TrieNode = { children: new Map() };
  for (const [key, value] of dotted(attributes, "", whole)) {
    if (value === null) continue;
    let node = root;
    for (const segment of key.split(".")) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    node.value = value;
  }
  const flat: Record<string, OtlpAttributeValue> = {};
  const walk = (node: TrieNode, prefix: string): void => {
    if (node.value !== undefined) setOwn(flat, prefix, node.value);
    for (const [segment, child] of node.children) walk(child, prefix ? `${prefix}.${segment}` : segment);
  };
  walk(root, "");
  return flat;
}

/**
 * A span's attributes as Phoenix lists them: the flattening of the nested map it stored for the span (Phoenix's
 * ingest transformation, otlp/phoenix-attributes.ts). Every read-back route reads a span's attributes here.
 */
export function spanAttributes(span: { readonly attributes: OtlpAttributes }): Record<string, OtlpAttributeValue> {
  return flatten(storedAttributes(span));
}

export const STATUS_NAMES: Record<string, string> = { STATUS_CODE_OK: "OK", STATUS_CODE_ERROR: "ERROR" };
