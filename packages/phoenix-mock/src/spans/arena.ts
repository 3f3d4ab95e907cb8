/**
 * The bytes of stored spans, packed into large shared chunks: a span costs its encoded size and no objects of its own
 * on the heap (the garbage collector never walks them). Spans are appended at the end and, in the store, evicted from
 * the front, so a chunk is released as a whole once every span in it is gone.
 */
const CHUNK_BYTES = 1 << 20;

export interface ArenaSlot {
  readonly chunk: number;
  readonly offset: number;
  readonly length: number;
}

export class SpanArena {
  #chunks: (Uint8Array | undefined)[] = [];
  #live: number[] = [];
  #used = 0;

  /** Copies `bytes` in; answers where they are. */
  append(bytes: Uint8Array): ArenaSlot {
    let chunk = this.#chunks.length - 1;
    let current = this.#chunks[chunk];
    if (!current || this.#used + bytes.length > current.length) {
      if (current && this.#live[chunk] === 0) this.#chunks[chunk] = undefined; // emptied while it was being filled
      current = new Uint8Array(Math.max(CHUNK_BYTES, bytes.length));
      chunk = this.#chunks.push(current) - 1;
      this.#live.push(0);
      this.#used = 0;
    }
    current.set(bytes, this.#used);
    const slot = { chunk, offset: this.#used, length: bytes.length };
    this.#used += bytes.length;
    this.#live[chunk]! += 1;
    return slot;
  }

  /** The bytes at `slot` (a view, valid until the slot is released). */
  view(chunk: number, offset: number, length: number): Uint8Array {
    return this.#chunks[chunk]!.subarray(offset, offset + length);
  }

  /** The span at `chunk` is gone: the chunk is dropped when it held the last one (and is not being filled). */
  release(chunk: number): void {
    this.#live[chunk]! -= 1;
    if (this.#live[chunk] === 0 && chunk !== this.#chunks.length - 1) this.#chunks[chunk] = undefined;
  }

  /** Bytes held in chunks (a chunk is counted whole). */
  get bytes(): number {
    return this.#chunks.reduce((sum, chunk) => sum + (chunk?.length ?? 0), 0);
  }

  clear(): void {
    this.#chunks = [];
    this.#live = [];
    this.#used = 0;
  }
}
