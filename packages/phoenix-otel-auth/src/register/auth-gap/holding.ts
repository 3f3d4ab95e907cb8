import type { ReadableSpan } from "@opentelemetry/sdk-trace";

export interface HeldSpan {
  readonly span: ReadableSpan;
  /** When it was first rejected (the age bound counts from here, across re-sends). */
  readonly heldAt: number;
}

/**
 * The holding buffer: spans rejected for their key, oldest first, bounded by a count and an age. It also remembers
 * which key (generation) was rejected last, so that nobody re-sends with a key already known to fail.
 */
export class HoldingBuffer {
  #entries: HeldSpan[] = [];
  #rejectedGeneration: number | undefined;

  constructor(
    readonly maxSpans: number,
    readonly maxAgeMillis: number,
    private readonly now: () => number,
  ) {}

  /** Holding is off when either bound is 0. */
  get enabled(): boolean {
    return this.maxSpans > 0 && this.maxAgeMillis > 0;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The newest key generation rejected so far. */
  get rejectedGeneration(): number | undefined {
    return this.#rejectedGeneration;
  }

  /** Holds newly rejected spans (newest last); returns how many of the oldest were dropped to stay within the bound. */
  hold(spans: readonly ReadableSpan[], generation: number): number {
    this.#noteRejected(generation);
    const heldAt = this.now();
    for (const span of spans) this.#entries.push({ span, heldAt });
    return this.#trim();
  }

  /** Puts spans taken by {@link take} back in front (they are the oldest), after the key was rejected again. */
  putBack(entries: readonly HeldSpan[], generation: number): number {
    this.#noteRejected(generation);
    this.#entries = [...entries, ...this.#entries];
    return this.#trim();
  }

  /** Removes and returns up to `max` of the oldest spans. */
  take(max: number): HeldSpan[] {
    return this.#entries.splice(0, Math.max(1, max));
  }

  /** Drops spans held longer than the age bound; returns how many. */
  expire(): number {
    const cutoff = this.now() - this.maxAgeMillis;
    let n = 0;
    while (n < this.#entries.length && this.#entries[n]!.heldAt <= cutoff) n += 1;
    if (n > 0) this.#entries.splice(0, n);
    return n;
  }

  /** Empties the buffer; returns how many spans it held. */
  clear(): number {
    const n = this.#entries.length;
    this.#entries = [];
    return n;
  }

  // Answers of concurrent exports arrive in any order: an older key's late rejection does not hide a newer one's.
  #noteRejected(generation: number): void {
    this.#rejectedGeneration = Math.max(this.#rejectedGeneration ?? generation, generation);
  }

  #trim(): number {
    const excess = this.#entries.length - this.maxSpans;
    if (excess <= 0) return 0;
    this.#entries.splice(0, excess);
    return excess;
  }
}
