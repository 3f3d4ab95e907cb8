import { PhoenixConfigError } from "../../errors.js";
import { maskSecret } from "../../../../internal/src/secrets.js";
import { firstSet, fromEnv, type EnvName } from "./environment.js";
import type { ConfigSource, Env, Resolved } from "../types.js";

export const option = (name: string): ConfigSource => ({ from: "option", name });
export const DEFAULT: ConfigSource = { from: "default" };

/** `url` option -> "option `url`"; env var -> its name. Used in every message that points at a value. */
export function describeSource(source: ConfigSource): string {
  if (source.from === "option") return `option \`${source.name}\``;
  if (source.from === "env") return source.name;
  return "the default";
}

export function sourceName(source: ConfigSource): string {
  return source.from === "default" ? "default" : source.name;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, space and tab: what Node accepts in a header value without throwing at send time.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Parses a `k=v,k2=v2` list (W3C baggage style, URL-decoded), as used by PHOENIX_CLIENT_HEADERS in
 * Phoenix's Python client, OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES. Empty segments are skipped.
 */
export function parseKeyValueList(text: string, source: ConfigSource, what: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const segment of text.split(",")) {
    if (segment.trim() === "") continue;
    const eq = segment.indexOf("=");
    const fail = (why: string): never => {
      throw new PhoenixConfigError(
        sourceName(source),
        maskSecret(text),
        `${describeSource(source)} is not a valid ${what} list: ${why}. ` +
          `Use comma-separated key=value pairs with URL-encoded values, e.g. "x-a=1,x-b=two%20words"` +
          (what === "header" ? `, or a JSON object such as '{"x-a":"1"}'.` : "."),
      );
    };
    if (eq <= 0) fail(`the entry at position ${pairs.length + 1} has no "key=" part`);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(segment.slice(0, eq).trim());
      value = decodeURIComponent(segment.slice(eq + 1).trim());
    } catch {
      return fail(`the entry at position ${pairs.length + 1} has a malformed %-escape`);
    }
    if (key === "") fail(`the entry at position ${pairs.length + 1} has an empty key`);
    pairs.push([key, value]);
  }
  return pairs;
}

/** Parses PHOENIX_CLIENT_HEADERS-style text: a JSON object of strings, or a `k=v,k2=v2` list. */
export function parseHeaderText(text: string, source: ConfigSource): Array<[string, string]> {
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new PhoenixConfigError(
        sourceName(source),
        maskSecret(text),
        `${describeSource(source)} starts with "{" but is not valid JSON (${(err as Error).message}). ` +
          `Use a JSON object of strings such as '{"x-a":"1"}', or key=value pairs such as "x-a=1,x-b=2".`,
      );
    }
    const pairs: Array<[string, string]> = [];
    // Text that starts with "{" and parses is a JSON object.
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v !== "string") {
        throw new PhoenixConfigError(
          sourceName(source),
          maskSecret(text),
          `${describeSource(source)}: the value of header "${k}" is a ${v === null ? "null" : typeof v}, not a string. ` +
            `Quote it, e.g. '{"${k}":"${String(v)}"}'.`,
        );
      }
      pairs.push([k, v]);
    }
    return checkHeaders(pairs, source);
  }
  return checkHeaders(parseKeyValueList(text, source, "header"), source);
}

/** Checks header names and values so that a bad one fails at startup, not inside the exporter. */
export function checkHeaders(pairs: Array<[string, string]>, source: ConfigSource): Array<[string, string]> {
  for (const [name, value] of pairs) {
    if (!HEADER_NAME.test(name)) {
      throw new PhoenixConfigError(
        sourceName(source),
        name,
        `${describeSource(source)}: "${name}" is not a valid HTTP header name. ` +
          `Header names may contain only letters, digits and !#$%&'*+.^_\`|~- .`,
      );
    }
    if (typeof value !== "string" || !HEADER_VALUE.test(value)) {
      throw new PhoenixConfigError(
        sourceName(source),
        maskSecret(typeof value === "string" ? value : String(value)),
        `${describeSource(source)}: the value of header "${name}" ${
          typeof value === "string" ? "contains a line break, a control character or a non-ASCII character" : "is not a string"
        }. Remove it, or URL-encode it in the key=value form.`,
      );
    }
  }
  return pairs;
}

/** An integer >= min, from an option (number) or an env var (text). */
export function parseInteger(raw: unknown, source: ConfigSource, min: number, unit = ""): number {
  const n = typeof raw === "string" ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new PhoenixConfigError(
      sourceName(source),
      String(raw),
      `${describeSource(source)} must be a whole number >= ${min}${unit}, got ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

/** The option (if defined), else the first set variable of `variables` in order, else the default; `parse` validates. */
export function firstOf<T>(
  [name, optionValue]: [name: string, optionValue: unknown],
  variables: readonly EnvName[],
  env: Env,
  fallback: T,
  parse: (raw: unknown, source: ConfigSource) => T,
): Resolved<T> {
  if (optionValue !== undefined) return { value: parse(optionValue, option(name)), source: option(name) };
  const set = firstSet(env, variables);
  if (set) return { value: parse(set.value, fromEnv(set.name)), source: fromEnv(set.name) };
  return { value: fallback, source: DEFAULT };
}
