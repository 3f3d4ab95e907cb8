/**
 * An append-at-the-back, remove-from-the-front list of records ordered by a rising `rowId`: O(1) push and shift
 * (amortised), O(1) indexed access and O(log n) search by rowId. The span store keeps one for all spans and one per
 * project, so eviction (oldest first) and keyset pagination never walk the whole store.
 */
export class RowQueue<T extends { readonly rowId: number }> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** Removes and returns the oldest record. */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    // Drop the vacated prefix once it is at least half of the backing array (amortised O(1) per shift).
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** The record at `index` (0: oldest). */
  at(index: number): T | undefined {
    return index >= 0 && index < this.length ? this.#items[this.#head + index] : undefined;
  }

  /** The index of the first record whose rowId is >= `rowId` (`length` when there is none). */
  lowerBound(rowId: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#items[this.#head + mid]!.rowId < rowId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Keeps the records `keep` accepts, in order (O(length)). */
  retain(keep: (item: T) => boolean): void {
    this.#items = this.#items.slice(this.#head).filter((item): item is T => item !== undefined && keep(item));
    this.#head = 0;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
