/**
 * Span annotations as Phoenix keeps them (`span_annotations`): one row per (name, span, identifier), an upsert keeping
 * the row's id and `created_at`, ids 1, 2, 3 … never reused. A span's annotations leave with it (Phoenix cascades the
 * delete). Phoenix bounds nothing; the mock keeps at most `MAX_SPAN_ANNOTATIONS`, dropping the oldest row beyond it
 * (docs/divergences.md). Lookups cost what they return: by span row id, by identifier, by id.
 */
export const MAX_SPAN_ANNOTATIONS = 100_000;

export type AnnotatorKind = "LLM" | "CODE" | "HUMAN";

export interface SpanAnnotationInput {
  readonly name: string;
  readonly annotatorKind: AnnotatorKind;
  readonly label: string | null;
  readonly score: number | null;
  readonly explanation: string | null;
  readonly metadata: Record<string, unknown>;
  readonly identifier: string;
  readonly source: "API" | "APP";
  readonly userId: number | null;
}

/** Microseconds since the epoch (the mock's Instant). */
type Micros = bigint;

export interface StoredSpanAnnotation extends SpanAnnotationInput {
  readonly id: number;
  readonly spanRowId: number;
  readonly createdAt: Micros;
  readonly updatedAt: Micros;
}

const keyOf = (spanRowId: number, name: string, identifier: string): string => JSON.stringify([spanRowId, name, identifier]);

function addTo<K>(index: Map<K, Set<number>>, key: K, id: number): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom<K>(index: Map<K, Set<number>>, key: K, id: number): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

export class SpanAnnotations {
  /** In id order (Map keeps insertion order and ids only grow): the first entry is the oldest. */
  #byId = new Map<number, StoredSpanAnnotation>();
  #byKey = new Map<string, number>();
  #bySpan = new Map<number, Set<number>>();
  #byIdentifier = new Map<string, Set<number>>();
  #next = 1;
  readonly #max: number;

  constructor(max = MAX_SPAN_ANNOTATIONS) {
    this.#max = max;
  }

  get size(): number {
    return this.#byId.size;
  }

  /**
   * Inserts or updates the row of (name, span, identifier); returns it. A new row is created at `times.createdAt`; an
   * update keeps the row's id and creation time.
   */
  upsert(spanRowId: number, input: SpanAnnotationInput, times: { createdAt: Micros; updatedAt: Micros }): StoredSpanAnnotation {
    const key = keyOf(spanRowId, input.name, input.identifier);
    const existingId = this.#byKey.get(key);
    const existing = existingId === undefined ? undefined : this.#byId.get(existingId);
    const row: StoredSpanAnnotation = {
      ...input,
      id: existing?.id ?? this.#next++,
      spanRowId,
      createdAt: existing?.createdAt ?? times.createdAt,
      updatedAt: times.updatedAt,
    };
    this.#byId.set(row.id, row);
    if (!existing) {
      this.#byKey.set(key, row.id);
      addTo(this.#bySpan, spanRowId, row.id);
      addTo(this.#byIdentifier, row.identifier, row.id);
      while (this.#byId.size > this.#max) this.#remove(this.#byId.keys().next().value!);
    }
    return row;
  }

  get(id: number): StoredSpanAnnotation | undefined {
    return this.#byId.get(id);
  }

  /** Ids of the annotations of one span (any order). */
  idsOfSpan(spanRowId: number): ReadonlySet<number> {
    return this.#bySpan.get(spanRowId) ?? new Set();
  }

  /** Ids of the annotations with this identifier (any order). */
  idsWithIdentifier(identifier: string): ReadonlySet<number> {
    return this.#byIdentifier.get(identifier) ?? new Set();
  }

  /** Removes every annotation `test` accepts (a scan of all of them); how many went. */
  removeWhere(test: (row: StoredSpanAnnotation) => boolean): number {
    const doomed = [...this.#byId.values()].filter(test);
    for (const row of doomed) this.#remove(row.id);
    return doomed.length;
  }

  /** The span left the store: its annotations go too. */
  dropSpan(spanRowId: number): void {
    const ids = this.#bySpan.get(spanRowId);
    if (!ids) return;
    for (const id of [...ids]) this.#remove(id);
  }

  clear(): void {
    this.#byId.clear();
    this.#byKey.clear();
    this.#bySpan.clear();
    this.#byIdentifier.clear();
    this.#next = 1;
  }

  #remove(id: number): void {
    const row = this.#byId.get(id);
    if (!row) return;
    this.#byId.delete(id);
    this.#byKey.delete(keyOf(row.spanRowId, row.name, row.identifier));
    removeFrom(this.#bySpan, row.spanRowId, id);
    removeFrom(this.#byIdentifier, row.identifier, id);
  }
}
