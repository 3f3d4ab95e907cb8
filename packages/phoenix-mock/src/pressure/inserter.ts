/**
 * Phoenix's span queue (its BulkInserter): accepted spans wait in a queue until the database stores them, and ingest
 * is refused while that queue holds PHOENIX_MAX_SPANS_QUEUE_SIZE spans or more. The check comes before a request is
 * accepted, so one large request may take the queue past the bound (Phoenix's own note on the setting).
 *
 * The mock's database is never slow, so by default spans go straight to the store and the queue stays empty. A test
 * makes it slow with `pause()`: accepted spans then wait, unreadable, as in a Phoenix whose database lags, until
 * `resume()` stores them in arrival order.
 */
import type { DecodedSpan } from "../otlp/decode.js";
import type { SpanSink } from "../otlp/ingest.js";
import type { TraceStore } from "../spans/index.js";

export class SpanInserter implements SpanSink {
  #paused = false;
  #queue: { project: string; spans: readonly DecodedSpan[] }[] = [];
  #queued = 0;
  #refusedRequests = 0;

  /** Called with each batch as it is stored (the `print` option's trace printer); undefined: nobody listens. */
  onStored: ((project: string, spans: readonly DecodedSpan[]) => void) | undefined;

  constructor(private readonly store: TraceStore<DecodedSpan>) {}

  #store(project: string, spans: readonly DecodedSpan[]): void {
    this.store.add(project, spans);
    this.onStored?.(project, spans);
  }

  /**
   * Phoenix's `is_full` (the queue holds at least `maxQueueSize` spans), asked for one ingest request: true means it is
   * refused (HTTP 503, gRPC UNAVAILABLE), and it is counted.
   */
  refusesAtCapacity(maxQueueSize: number): boolean {
    if (this.#queued < maxQueueSize) return false;
    this.#refusedRequests++;
    return true;
  }

  add(project: string, spans: readonly DecodedSpan[]): void {
    if (!this.#paused) {
      this.#store(project, spans);
      return;
    }
    this.#queue.push({ project, spans });
    this.#queued += spans.length;
  }

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    this.#paused = true;
  }

  /** Stores every queued span (in arrival order) and lets later ones through at once. */
  resume(): void {
    this.#paused = false;
    const queue = this.#queue;
    this.#queue = [];
    this.#queued = 0;
    for (const { project, spans } of queue) this.#store(project, spans);
  }

  /** Spans accepted and not yet stored; requests refused at capacity. */
  stats(): { queued: number; refusedAtCapacity: number } {
    return { queued: this.#queued, refusedAtCapacity: this.#refusedRequests };
  }

  /** A fresh Phoenix: nothing queued, nothing counted, not paused. */
  reset(): void {
    this.#paused = false;
    this.#queue = [];
    this.#queued = 0;
    this.#refusedRequests = 0;
  }
}
