/**
 * Phoenix's `unflatten` (phoenix/trace/attributes.py), which turns dotted attribute keys into the nested map it stores:
 * each key is split at `.`, every segment stripped of surrounding whitespace; an all-digit segment followed by more
 * becomes a list index (the list holds one map per index, in index order, so `a.5.b` reads back as `a.0.b`), an
 * all-digit last segment stays a map key; null values are dropped; a value and deeper keys under one name both stay.
 * `POST /v1/projects/{id}/spans` stores attributes through it (recorded: conformance case project-spans-create).
 * Phoenix iterates sets of keys here, so its key order is not reproducible; the mock keeps first-seen order.
 */
import { setOwn } from "./convert.js";
import type { OtlpAttributeValue, OtlpAttributes } from "./types.js";

type Segment = string | number;

/** A trie node; its branches are the children not listed as indices (allocated only when used: hostile keys). */
class Trie {
  value: OtlpAttributeValue | undefined;
  children: Map<Segment, Trie> | undefined;
  indices: Set<number> | undefined;

  child(segment: Segment): Trie {
    this.children ??= new Map();
    let node = this.children.get(segment);
    if (!node) this.children.set(segment, (node = new Trie()));
    return node;
  }

  branches(): Segment[] {
    return this.children ? [...this.children.keys()].filter((segment) => typeof segment !== "number" || !this.indices?.has(segment)) : [];
  }

  setValue(value: OtlpAttributeValue): void {
    this.value = value;
    this.indices = undefined;
  }

  addIndex(index: number): Trie {
    const isBranch = this.children?.has(index) && !this.indices?.has(index);
    if (this.value === undefined && !isBranch) (this.indices ??= new Set()).add(index);
    return this.child(index);
  }

  addBranch(branch: Segment): Trie {
    if (typeof branch === "number") this.indices?.delete(branch);
    return this.child(branch);
  }
}

/** Past this many segments a key always exceeds Phoenix's recursion (1.5 frames a segment at the least). */
const MAX_SEGMENTS = 700;

function build(pairs: Iterable<[string, unknown]>): Trie {
  const root = new Trie();
  for (const [key, value] of pairs) {
    if (value === null || value === undefined) continue;
    let node = root;
    let segments = 0;
    // One pass over the key (no re-slicing of what is left: a long key costs its length).
    for (let from = 0; ; ) {
      const dot = key.indexOf(".", from);
      const prefix = (dot < 0 ? key.slice(from) : key.slice(from, dot)).trim();
      const last = dot < 0 || dot === key.length - 1; // Python's partition: "a." ends at "a"
      if (/^[0-9]+$/.test(prefix)) node = last ? node.addBranch(Number(prefix)) : node.addIndex(Number(prefix));
      else node = node.addBranch(prefix);
      if (last) break;
      if (++segments > MAX_SEGMENTS) throw new RecursionLimit();
      from = dot + 1;
    }
    node.setValue(value as OtlpAttributeValue);
  }
  return root;
}

function toMap(entries: [string, OtlpAttributeValue][]): OtlpAttributes {
  const map: OtlpAttributes = {};
  for (const [key, value] of entries) setOwn(map, key, value);
  return map;
}

/**
 * Phoenix walks its trie recursively, so a deep key raises Python's RecursionError there (the span is refused as
 * invalid). `frames` counts the Python frames Phoenix's walk would hold (one per walk, one per list comprehension);
 * past FRAME_BUDGET (calibrated on 20.26.1: a key of 481 plain segments passes, 482 fail) the mock raises the same.
 */
const FRAME_BUDGET = 962;

export class RecursionLimit extends Error {
  constructor() {
    super("maximum recursion depth exceeded");
    this.name = "RecursionLimit";
  }
}

function walk(node: Trie, prefix: string, frames: number): [string, OtlpAttributeValue][] {
  if (frames > FRAME_BUDGET) throw new RecursionLimit();
  const out: [string, OtlpAttributeValue][] = [];
  const sorted = () => [...(node.indices ?? [])].sort((a, b) => a - b);
  const hasIndices = (node.indices?.size ?? 0) > 0;
  if (node.value !== undefined) out.push([prefix, node.value]);
  else if (prefix && hasIndices) {
    if (frames + 1 > FRAME_BUDGET) throw new RecursionLimit();
    out.push([prefix, sorted().map((index) => toMap(walk(node.child(index), "", frames + 2)))]);
  } else if (hasIndices) for (const index of sorted()) out.push(...walk(node.child(index), String(index), frames + 1));
  else if (prefix) return [[prefix, toMap(walk(node, "", frames + 1))]];
  for (const branch of node.branches()) out.push(...walk(node.child(branch), prefix ? `${prefix}.${branch}` : String(branch), frames + 1));
  return out;
}

/** The nested attributes Phoenix stores for these (dotted) keys and values; RecursionLimit where Phoenix's walk fails. */
export function unflatten(attributes: Record<string, unknown>): OtlpAttributes {
  return toMap(walk(build(Object.entries(attributes)), "", 1));
}
