import { context, TraceFlags, type Context } from "@opentelemetry/api";
import { globalErrorHandler, suppressTracing } from "../../lazy/core.js";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { backgroundTimer } from "../process/bounded.js";

export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

/** Exports in flight at once while flushing (below the OTLP exporter's limit of 30). */
const FLUSH_CONCURRENCY = 8;

/**
 * The SDK's BatchSpanProcessor semantics (queue, batch size, delay, export timeout; one scheduled export at a time;
 * forceFlush sends every queued batch, here FLUSH_CONCURRENCY at a time), with one difference: none of its timers keeps the process alive. The SDK's
 * export-timeout timer is ref'd, so an export in flight to a stalled server held the exit for the whole export
 * timeout; here the exit hooks hold the process while they flush, up to flushTimeoutMillis.
 * It never rejects: export failures are counted and reported by the exporter decorator.
 * Why a copy: checked on both OpenTelemetry lines by test/register/export/batch-reason.timing.test.ts, which fails once the SDK stops holding the exit.
 */
export class PhoenixBatchProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private exporting = false;
  private shutdownPromise: Promise<void> | undefined;
  private readonly settings: BatchSettings;

  constructor(
    private readonly exporter: SpanExporter,
    settings: BatchSettings,
  ) {
    this.settings = { ...settings, maxExportBatchSize: Math.min(settings.maxExportBatchSize, settings.maxQueueSize) };
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.settings.maxQueueSize) return; // PhoenixSpanProcessor counts and reports these
    this.queue.push(span);
    this.schedule();
  }

  forceFlush(): Promise<void> {
    return this.shutdownPromise ?? this.flushAll();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.flushAll().then(() => this.exporter.shutdown());
    return this.shutdownPromise;
  }

  private schedule(): void {
    if (this.exporting) return;
    if (this.queue.length >= this.settings.maxExportBatchSize) {
      this.flushScheduled();
      return;
    }
    this.timer ??= backgroundTimer(() => this.flushScheduled(), this.settings.scheduledDelayMillis);
  }

  private flushScheduled(): void {
    this.exporting = true;
    void this.exportBatch().then(() => {
      this.exporting = false;
      if (this.queue.length > 0) this.schedule();
    });
  }

  /**
   * Every queued batch, at most FLUSH_CONCURRENCY at a time: the OTLP exporter fails exports past its 30 concurrent
   * ones ("Concurrent export limit reached"), so a large queue flushed all at once would lose spans.
   */
  private async flushAll(): Promise<void> {
    let remaining = Math.ceil(this.queue.length / this.settings.maxExportBatchSize);
    while (remaining > 0) {
      const wave = Math.min(FLUSH_CONCURRENCY, remaining);
      remaining -= wave;
      await Promise.all(Array.from({ length: wave }, () => this.exportBatch()));
    }
  }

  /** Exports the next batch; resolves when the exporter answers or after exportTimeoutMillis (the export goes on). */
  private exportBatch(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return Promise.resolve();
    const spans = this.queue.splice(0, this.settings.maxExportBatchSize);
    return new Promise((resolve) => {
      const timeout = backgroundTimer(resolve, this.settings.exportTimeoutMillis);
      const send = (): void =>
        context.with(suppressTracing(context.active()), () =>
          this.exporter.export(spans, () => {
            clearTimeout(timeout);
            resolve();
          }),
        );
      const pending = spans.flatMap((s) => (s.resource.asyncAttributesPending && s.resource.waitForAsyncAttributes ? [s.resource.waitForAsyncAttributes()] : []));
      if (pending.length === 0) send();
      else
        Promise.all(pending).then(send, (error: unknown) => {
          globalErrorHandler(error as Error);
          clearTimeout(timeout);
          resolve();
        });
    });
  }
}
