/**
 * The one owner of the span-queue accounting: spans accepted into the batch queue, spans handed to the exporter,
 * exports in flight. The processor and the exporter report events; nobody else writes these numbers.
 */
export class QueueAccounting {
  #queued = 0;
  #handed = 0;
  #inFlight = 0;
  #inFlightSpans = 0;

  /** Spans waiting in the batch queue (accepted, not yet handed to the exporter). */
  get waiting(): number {
    return Math.max(0, this.#queued - this.#handed);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** A span entered the batch queue. */
  queued(): void {
    this.#queued += 1;
  }

  /** The exporter received a batch of `count` spans and started exporting it. */
  exportStarted(count: number): void {
    this.#handed += count;
    this.#inFlight += 1;
    this.#inFlightSpans += count;
  }

  /** A queued span was dropped before it reached the exporter (the OpenInference load buffer was full). */
  discarded(): void {
    this.#handed += 1;
  }

  /** An export started by {@link exportStarted} settled (either way). */
  exportSettled(count: number): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#inFlightSpans = Math.max(0, this.#inFlightSpans - count);
  }

  /** Spans not sent yet: waiting, or in an export that has not settled (what a process that ends now loses). */
  unsent(): number {
    return this.waiting + this.#inFlightSpans;
  }

  /** Spans waiting or exports in flight (for exit flushes). */
  hasPendingWork(): boolean {
    return this.waiting > 0 || this.#inFlight > 0;
  }
}
