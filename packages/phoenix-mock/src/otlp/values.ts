/**
 * The one attribute value type. Decode (convert.ts) makes each OTLP AnyValue into the JS value of its kind, chosen so
 * that the kind can always be told back: a string, a boolean, an int (a number when safe, a bigint beyond ±(2^53-1)),
 * a double (a number when it has a fraction or is not finite; a `Double` when it is integral, 2.0 or -0.0, which a JS
 * number cannot tell from an int), bytes (Uint8Array), an array, a kvlist (a plain object) or empty (null).
 *
 * `kindOf` is the only place that tells them apart; the read-back encodings are one function per kind in
 * http/readback/value-encoders.ts. A new kind touches decode, this file and that table.
 */

/** A decoded attribute value (see the top of this file for which JS value each OTLP kind becomes). */
export type OtlpAttributeValue =
  | string
  | boolean
  | number
  | bigint
  | Double
  | Uint8Array
  | null
  | OtlpAttributeValue[]
  | { [key: string]: OtlpAttributeValue };

/** Attributes by key, with plain values (see {@link OtlpAttributeValue}). */
export type OtlpAttributes = Record<string, OtlpAttributeValue>;

/** An OTLP double with an integral value: it reads back as `2.0`, where the int 2 reads back as `2`. */
export class Double {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

export type ValueKind = "string" | "bool" | "int" | "double" | "bytes" | "array" | "kvlist" | "empty";

export function kindOf(value: OtlpAttributeValue): ValueKind {
  if (value === null) return "empty";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return Number.isInteger(value) && !Object.is(value, -0) ? "int" : "double";
  }
  if (value instanceof Double) return "double";
  if (value instanceof Uint8Array) return "bytes";
  return Array.isArray(value) ? "array" : "kvlist";
}

/** A decoded OTLP double. */
export function doubleValue(value: number): number | Double {
  return Number.isInteger(value) || Object.is(value, -0) ? new Double(value) : value;
}

/** A decoded OTLP int64, from its decimal text. */
export function intValue(text: string): number | bigint {
  const asNumber = Number(text);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(text);
}

/** The number of an int or double (a bigint stays a bigint). */
export function numberOf(value: number | bigint | Double): number | bigint {
  return value instanceof Double ? value.value : value;
}

/** The value as users of `mock.spans()` see it: doubles as numbers, everything else as decoded. */
export function plainValue(value: OtlpAttributeValue): unknown {
  switch (kindOf(value)) {
    case "double":
      return numberOf(value as number | Double);
    case "array":
      return (value as OtlpAttributeValue[]).map(plainValue);
    case "kvlist":
      return plainAttributes(value as OtlpAttributes);
    default:
      return value;
  }
}

export function plainAttributes(attributes: OtlpAttributes): Record<string, unknown> {
  // Object.fromEntries defines own properties, so a `__proto__` key stays an attribute.
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, plainValue(value)]));
}

/** True when any value, at any depth, is bytes. */
export function holdsBytes(value: OtlpAttributeValue): boolean {
  switch (kindOf(value)) {
    case "bytes":
      return true;
    case "array":
      return (value as OtlpAttributeValue[]).some(holdsBytes);
    case "kvlist":
      return Object.values(value as OtlpAttributes).some(holdsBytes);
    default:
      return false;
  }
}

/** Python's `repr(float)`: the shortest round-trip digits, fixed between 1e-4 and 1e16, else `1e+16` / `1e-05`. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

interface WithAttributes {
  readonly attributes: OtlpAttributes;
}

/** A decoded span as `mock.spans()` and the trace printer show it: every attribute value plain (plainValue). */
export function plainSpan<T extends WithAttributes & { readonly events: readonly WithAttributes[]; readonly links: readonly WithAttributes[] }>(span: T): T {
  const plain = <A extends WithAttributes>(item: A): A => ({ ...item, attributes: plainAttributes(item.attributes) as OtlpAttributes });
  return { ...plain(span), events: span.events.map(plain), links: span.links.map(plain) };
}
