import type { ExportResult } from "@opentelemetry/core";
import { SUCCESS } from "../../lazy/result-codes.js";
import { sentWith } from "../report/sent-with.js";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import type { Credentials } from "./credentials.js";
import type { HoldingBuffer } from "./holding.js";
import type { ExportReporter } from "../report/reporter.js";

export interface RedeliveryOptions {
  /** Largest re-send batch (the batch processor's batch size). */
  batchSize: number;
  /** How often, while spans are held, to look at the key (an `apiKey` function) and the age bound. At least 1000 ms. */
  checkMillis: number;
}

/**
 * Sends held spans again, oldest first, in batches of at most `batchSize`, each span once: only when a different key is
 * in effect than the one last rejected, or after the server accepted an export. One drain at a time; a drain stops at
 * the first rejection, so a wrong key costs one request per key change, never a loop.
 */
export class Redelivery {
  #draining: Promise<void> | undefined;
  #sending = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly buffer: HoldingBuffer,
    private readonly credentials: Credentials,
    private readonly reporter: ExportReporter,
    private readonly send: (spans: ReadableSpan[]) => Promise<ExportResult>,
    private readonly options: RedeliveryOptions,
  ) {
    this.#unsubscribe = credentials.onChange(() => void this.drain(false));
  }

  /** Spans held now: in the buffer, or taken from it and being sent again (not delivered yet). */
  get held(): number {
    return this.buffer.size + this.#sending;
  }

  get bounds(): { maxSpans: number; maxAgeMillis: number } {
    return { maxSpans: this.buffer.maxSpans, maxAgeMillis: this.buffer.maxAgeMillis };
  }

  /** Whether a failed export with this error goes into the buffer instead of being dropped. */
  holds(error: unknown): boolean {
    if (this.#stopped || !this.buffer.enabled) return false;
    const { kind } = this.reporter.classify(error);
    return kind === "auth-required" || kind === "key-rejected" || (kind === "forbidden" && this.credentials.keyMayChange);
  }

  /** The key generation the rejected request carried (the latest one sent, for an error the transport did not note). */
  #generationOf(error: unknown): number {
    return sentWith(error)?.generation ?? this.credentials.lastSent.generation;
  }

  /** An export of `spans` was rejected for its key. */
  hold(spans: ReadableSpan[], error: unknown): void {
    this.reporter.held(spans.length, error, this.bounds, this.credentials.keyMayChange);
    this.reporter.heldDropped(this.buffer.hold(spans, this.#generationOf(error)), "full", this.bounds);
    this.credentials.rejected();
    this.#arm();
  }

  /** A regular export succeeded: the server accepts the key in effect now. */
  accepted(): void {
    if (this.buffer.size > 0) void this.drain(true);
  }

  /** Spans are held and the key known now differs from the one last rejected (for exit flushes; synchronous). */
  hasPendingWork(): boolean {
    return this.buffer.size > 0 && this.credentials.knownGeneration !== this.buffer.rejectedGeneration;
  }

  /** Re-sends what a different key allows; `accepted`: the server just accepted an export, so try whatever the key. */
  drain(accepted: boolean): Promise<void> {
    this.#draining ??= this.#drain(accepted).finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  /** Exit flush: read a key file now (the watcher may not have fired yet), then re-send if the key allows. */
  async flush(): Promise<void> {
    this.credentials.refresh();
    await this.#draining;
    await this.drain(false);
  }

  /** Stops the timer; spans still held are counted as dropped. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.reporter.heldDropped(this.buffer.clear(), "shutdown", this.bounds);
  }

  async #drain(accepted: boolean): Promise<void> {
    let ok = accepted;
    while (!this.#stopped) {
      this.reporter.heldDropped(this.buffer.expire(), "aged", this.bounds);
      if (this.buffer.size === 0) break;
      const { generation } = await this.credentials.snapshot();
      if (!ok && generation === this.buffer.rejectedGeneration) break;
      const batch = this.buffer.take(this.options.batchSize);
      this.#sending = batch.length;
      const result = await this.send(batch.map((held) => held.span));
      // Counted in the same turn as #sending drops, so nobody sees the spans neither held nor delivered.
      this.#sending = 0;
      if (result.code === SUCCESS) {
        this.reporter.redelivered(batch.length);
        ok = true;
        continue;
      }
      if (this.holds(result.error)) {
        this.credentials.rejected();
        this.reporter.heldDropped(this.buffer.putBack(batch, this.#generationOf(result.error)), "full", this.bounds);
      } else {
        this.reporter.failure(batch.length, result.error);
      }
      break;
    }
    if (this.buffer.size === 0) this.#disarm();
    this.reporter.recovered();
  }

  #arm(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setInterval(() => void this.drain(false), Math.max(1000, this.options.checkMillis));
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
