import { TraceFlags, type Context } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { classifyExportError, type FailureContext, type FailureKind } from "./failures.js";
import { backgroundTimer, ExitBoundError } from "./bounded.js";
import type { Diagnostics } from "./logger.js";
import type { QueueAccounting } from "./queue.js";

/** Export counters, readable in code through `provider.phoenix.stats()`. */
export interface ExportStats {
  /** Spans the server accepted. */
  exported: number;
  /** Spans the server answered with an error status (401, 403, 404, 415, 422, 5xx…). */
  rejected: number;
  /** Spans that never reached the server (connection errors, timeouts, retries exhausted, full queue). */
  dropped: number;
  /** Export requests that failed. */
  failedExports: number;
  /** The most recent failure, if any. */
  lastFailure?: { kind: FailureKind; status?: number; message: string };
}

const plural = (n: number): string => `${n} span${n === 1 ? "" : "s"}`;

/** Counts export outcomes and reports each failure class once, then "export recovered" once. */
export class ExportReporter {
  readonly #stats: ExportStats = { exported: 0, rejected: 0, dropped: 0, failedExports: 0 };
  private failingSince = false;
  private readonly reportedErrors = new WeakSet<object>();

  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly context: () => FailureContext,
  ) {}

  /** A copy of the counters (the reporter is their only writer). */
  snapshot(): ExportStats {
    const { lastFailure, ...counts } = this.#stats;
    return { ...counts, ...(lastFailure && { lastFailure: { ...lastFailure } }) };
  }

  success(count: number): void {
    this.#stats.exported += count;
    if (this.failingSince) {
      this.failingSince = false;
      this.diagnostics.warnOnce(
        "export-recovered",
        `export recovered: ${this.context().url} accepted ${plural(count)} again ` +
          `(${this.#stats.rejected} rejected and ${this.#stats.dropped} dropped before).`,
      );
    }
  }

  /** Whether this error object went through {@link failure} (so the SDK's rejection with it needs no second report). */
  hasReported(error: unknown): boolean {
    return typeof error === "object" && error !== null && this.reportedErrors.has(error);
  }

  failure(count: number, error: unknown): void {
    if (typeof error === "object" && error !== null) this.reportedErrors.add(error);
    const failure = classifyExportError(error, { ...this.context(), redact: (text) => this.diagnostics.redact(text) });
    this.#stats.failedExports += 1;
    this.#stats[failure.outcome] += count;
    this.#stats.lastFailure = {
      kind: failure.kind,
      ...(failure.status !== undefined && { status: failure.status }),
      message: this.diagnostics.redact(failure.message),
    };
    this.failingSince = true;
    this.diagnostics.warnOnce(
      `export-failed:${failure.kind}`,
      `${plural(count)} ${failure.outcome === "rejected" ? "rejected" : "dropped"}: ${failure.message}` +
        " (Reported once; provider.phoenix.stats() has the counts.)",
    );
  }

  queueFull(maxQueueSize: number): void {
    this.#stats.dropped += 1;
    this.#stats.lastFailure = { kind: "queue-full", message: "span queue full" };
    this.diagnostics.warnOnce(
      "export-failed:queue-full",
      `spans dropped: the span queue is full (${maxQueueSize} spans waiting). Exports are not keeping up: look for an export ` +
        `error above, or raise batch.maxQueueSize / OTEL_BSP_MAX_QUEUE_SIZE.`,
    );
  }
}

/** The part of the transport an exit flush drives (PhoenixTransport). */
export interface ExitControl {
  bound(at: number | undefined, flushTimeoutMillis?: number): void;
  abortAll(error: Error): void;
}

/**
 * SpanExporter decorator: counts and reports every export result, never throws into the SDK.
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
  ) {}

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
    let settled = false;
    const done = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      this.open.delete(done);
      this.queue.exportSettled();
      try {
        if (result.code === ExportResultCode.SUCCESS) this.reporter.success(count);
        else this.reporter.failure(count, result.error);
      } finally {
        resultCallback(result);
        if (this.open.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      }
    };
    if (this.expired) return done({ code: ExportResultCode.FAILED, error: this.expired });
    this.open.add(done);
    try {
      this.inner.export(spans, done);
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this.inner.shutdown();
  }

  private expire(ms: number): void {
    const error = new ExitBoundError(ms);
    this.expired = error;
    this.control?.abortAll(error);
    for (const done of [...this.open]) done({ code: ExportResultCode.FAILED, error });
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
  ) {}

  /** Spans ended but not yet handed to the exporter, or exports still in flight. */
  hasPendingWork(): boolean {
    return this.queue.hasPendingWork();
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

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    this.isShutdown = true;
    return this.inner.shutdown();
  }
}
