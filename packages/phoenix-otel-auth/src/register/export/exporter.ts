import { TraceFlags, type Context } from "@opentelemetry/api";
import type { ExportResult } from "@opentelemetry/core";
import { FAILED, SUCCESS } from "../../lazy/result-codes.js";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { backgroundTimer, ExitBoundError, within } from "../process/bounded.js";
import type { QueueAccounting } from "./queue.js";
import type { Redelivery } from "../auth-gap/redelivery.js";
import type { ExportReporter } from "../report/reporter.js";

export { ExportReporter, type ExportStats } from "../report/reporter.js";

/** The part of the transport an exit flush drives (PhoenixTransport). */
export interface ExitControl {
  bound(at: number | undefined, flushTimeoutMillis?: number): void;
  abortAll(error: Error): void;
}

/**
 * SpanExporter decorator: counts and reports every export result, hands batches rejected for their key to the
 * redelivery (holding buffer), never throws into the SDK.
 * During an exit flush ({@link beginExit}) nothing it started runs past the bound: at the bound the transport ends its
 * requests and waits, and every export still open is settled as failed (dropped), so the SDK and the exit hooks
 * move on even when the server stalls, drips, or a custom exporter never calls back.
 */
export class PhoenixExporter implements SpanExporter {
  private readonly open = new Set<(result: ExportResult) => void>();
  private idleWaiters: Array<() => void> = [];
  private exitTimer: NodeJS.Timeout | undefined;
  /** Set once an exit bound passed (until endExit): exports fail at once. */
  private expired: ExitBoundError | undefined;

  constructor(
    private readonly inner: SpanExporter,
    private readonly reporter: ExportReporter,
    private readonly queue: QueueAccounting,
    private readonly control?: ExitControl,
    private readonly redelivery?: Redelivery,
    private readonly afterShutdown?: { boundMillis: number; stop: () => void },
  ) {}
  #finished: Promise<void> | undefined;

  /** An exit flush starts: everything in flight or started from now on ends within `ms`. */
  beginExit(ms: number): void {
    this.endExit();
    this.control?.bound(Date.now() + ms, ms);
    this.exitTimer = backgroundTimer(() => this.expire(ms), ms);
  }

  /** The flush is over and the process goes on (an app that handles the signal itself): normal timeouts again. */
  endExit(): void {
    clearTimeout(this.exitTimer);
    this.exitTimer = undefined;
    this.expired = undefined;
    this.control?.bound(undefined);
  }

  /** Resolves when no export is open. */
  idle(): Promise<void> {
    return this.open.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const count = spans.length;
    this.queue.exportStarted(count);
    this.#run(spans, (result) => {
      this.queue.exportSettled(count);
      try {
        if (result.code === SUCCESS) {
          this.reporter.success(count);
          this.redelivery?.accepted();
        } else if (this.redelivery?.holds(result.error)) {
          this.redelivery.hold(spans, result.error);
        } else {
          this.reporter.failure(count, result.error);
        }
      } finally {
        resultCallback(result);
      }
    });
  }

  /** Sends held spans again (for the redelivery), within the same exit bound as exports; resolves, never rejects. */
  resend(spans: ReadableSpan[]): Promise<ExportResult> {
    return new Promise((resolve) => this.#run(spans, resolve));
  }

  /** One export through the inner exporter, open until it settles (the exit bound settles it as failed); `settle` runs once. */
  #run(spans: ReadableSpan[], settle: (result: ExportResult) => void): void {
    let settled = false;
    const done = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      this.open.delete(done);
      try {
        settle(result);
      } finally {
        if (this.open.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      }
    };
    if (this.expired) return done({ code: FAILED, error: this.expired });
    this.open.add(done);
    try {
      this.inner.export(spans, done);
    } catch (error) {
      done({ code: FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush?.();
  }

  /**
   * Held spans get one last chance (within the flush bound) while the transport still works; then they are dropped.
   * Idempotent: the processor and the provider call it too, because a batch processor skips the exporter's shutdown
   * after a failed flush.
   */
  finish(): Promise<void> {
    this.#finished ??= (async () => {
      if (this.redelivery && this.afterShutdown) await within(this.redelivery.flush(), this.afterShutdown.boundMillis).catch(() => {});
      this.redelivery?.stop();
      this.afterShutdown?.stop();
    })();
    return this.#finished;
  }

  async shutdown(): Promise<void> {
    await this.finish();
    await this.inner.shutdown();
  }

  private expire(ms: number): void {
    const error = new ExitBoundError(ms);
    this.expired = error;
    this.control?.abortAll(error);
    for (const done of [...this.open]) done({ code: FAILED, error });
  }
}

/**
 * Wraps the batch or simple processor. For batching it enforces the queue bound itself, so that spans dropped
 * for a full queue are counted and reported (the SDK only logs them through diag). It also tracks whether anything
 * is waiting to be exported, for exit flushes.
 */
export class PhoenixSpanProcessor implements SpanProcessor {
  private isShutdown = false;

  constructor(
    private readonly inner: SpanProcessor,
    private readonly reporter: ExportReporter,
    private readonly queue: QueueAccounting,
    private readonly maxQueueSize: number | undefined,
    private readonly redelivery?: Redelivery,
    private readonly finish?: () => Promise<void>,
  ) {}

  /** Spans not sent yet (waiting, or in an export that has not settled): what a process that ends now loses. */
  unsent(): number {
    return this.queue.unsent();
  }

  /** Spans ended but not yet handed to the exporter, exports still in flight, or held spans a new key could deliver. */
  hasPendingWork(): boolean {
    return this.queue.hasPendingWork() || (this.redelivery?.hasPendingWork() ?? false);
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) {
      this.inner.onEnd(span);
      return;
    }
    if (this.maxQueueSize !== undefined && this.queue.waiting >= this.maxQueueSize) {
      this.reporter.queueFull(this.maxQueueSize);
      return;
    }
    this.queue.queued();
    this.inner.onEnd(span);
  }

  /** Flushes the queue, then re-sends held spans if a different key is in effect. */
  async forceFlush(): Promise<void> {
    await this.inner.forceFlush();
    await this.redelivery?.flush();
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
    try {
      await this.inner.shutdown();
    } finally {
      await this.finish?.();
    }
  }
}
