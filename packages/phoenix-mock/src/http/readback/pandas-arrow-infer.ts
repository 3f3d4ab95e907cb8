/**
 * pyarrow's type inference for a pandas object column (`pa.array(values, from_pandas=True)`), for the cells the
 * span frame holds: None, bool, int, float, str, lists and mappings, nested. Mappings become structs whose fields are
 * the union of keys in order of first appearance; ints and floats together become double; anything else mixed has no
 * common type (pyarrow raises), which `mergeKinds` reports as undefined.
 */
import { numericKind } from "./value-encoders.js";

export type Kind =
  | { readonly type: "null" | "bool" | "int" | "double" | "string" }
  | { readonly type: "list"; readonly item: Kind }
  | { readonly type: "struct"; readonly fields: ReadonlyMap<string, Kind> };

const NULL: Kind = { type: "null" };

/** The kind of one cell, with every nested value merged; undefined when its parts conflict. */
export function inferCell(value: unknown): Kind | undefined {
  if (value === null || value === undefined) return NULL;
  if (typeof value === "boolean") return { type: "bool" };
  // An int, a bigint or a Double (an integral OTLP double) keeps its kind; a plain number from parsed JSON text is an
  // int when it is integral (JSON.parse cannot say more).
  const numeric = numericKind(value);
  if (numeric) return { type: numeric };
  if (typeof value === "string" || value instanceof Uint8Array) return { type: "string" };
  if (Array.isArray(value)) {
    let item: Kind | undefined = NULL;
    for (const element of value) item = item && mergeKinds(item, inferCell(element));
    return item && { type: "list", item };
  }
  if (typeof value === "object") {
    const fields = new Map<string, Kind>();
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const kind = inferCell(child);
      if (!kind) return undefined;
      fields.set(key, kind);
    }
    return { type: "struct", fields };
  }
  return { type: "string" };
}

/** The common kind of two, or undefined when pyarrow has none. */
export function mergeKinds(a: Kind, b: Kind | undefined): Kind | undefined {
  if (!b) return undefined;
  if (a.type === "null") return b;
  if (b.type === "null") return a;
  if (a.type === "list" && b.type === "list") {
    const item = mergeKinds(a.item, b.item);
    return item && { type: "list", item };
  }
  if (a.type === "struct" && b.type === "struct") {
    const fields = new Map(a.fields);
    for (const [key, kind] of b.fields) {
      const merged = fields.has(key) ? mergeKinds(fields.get(key)!, kind) : kind;
      if (!merged) return undefined;
      fields.set(key, merged);
    }
    return { type: "struct", fields };
  }
  if (a.type === b.type) return a;
  const numbers = new Set(["int", "double"]);
  if (numbers.has(a.type) && numbers.has(b.type)) return { type: "double" };
  return undefined;
}
