import { checkProcessorList } from "../../args.js";
import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import type { ResolvedBatch } from "../config/resolve.js";
import type { PhoenixSpanProcessor } from "./exporter.js";
import type { Diagnostics } from "../report/logger.js";
import type { RegisterOptions } from "../types.js";

export interface ChosenProcessors {
  processors: SpanProcessor[];
  /** Whether `spanProcessors` replaced the default Phoenix processor. */
  replaced: boolean;
  /** For exit flushes: whether anything may still be waiting to be exported. */
  hasPendingWork: () => boolean;
  /** Spans not sent yet that our exporter knows of (with `spanProcessors`: only those handed to it). */
  unsent: () => number;
}

/**
 * The one rule for user processors: `spanProcessors` replaces the default Phoenix processor (as in
 * `@arizeai/phoenix-otel`, so code written for it never exports a span twice); a function form receives our
 * counted exporter; `extraSpanProcessors` run beside whichever processors were chosen. Nothing at all warns once.
 */
export function chooseProcessors(
  options: RegisterOptions,
  exporter: SpanExporter,
  defaultProcessor: PhoenixSpanProcessor,
  diagnostics: Diagnostics,
): ChosenProcessors {
  const given = typeof options.spanProcessors === "function" ? options.spanProcessors({ exporter }) : options.spanProcessors;
  checkProcessorList(given);
  const extra = options.extraSpanProcessors ?? [];
  if (given === undefined) {
    return { processors: [defaultProcessor, ...extra], replaced: false, hasPendingWork: () => defaultProcessor.hasPendingWork(), unsent: () => defaultProcessor.unsent() };
  }
  if (given.length === 0 && extra.length === 0) {
    diagnostics.warnOnce(
      "no-span-processors",
      "spanProcessors is empty, so it replaces the Phoenix processor with nothing: no span will be exported. Remove " +
        "`spanProcessors` to export to Phoenix (use `extraSpanProcessors` to add processors beside it), or pass " +
        "`enabled: false` to turn tracing off.",
    );
  }
  // Spans that ended since the last exit flush: the replacing processors are opaque, so an exit flush runs when
  // any span ended after the previous one.
  const tracker = new EndTracker();
  return { processors: [tracker, ...given, ...extra], replaced: true, hasPendingWork: () => tracker.takePending(), unsent: () => defaultProcessor.unsent() };
}

class EndTracker implements SpanProcessor {
  private pending = false;
  takePending(): boolean {
    const pending = this.pending;
    this.pending = false;
    return pending;
  }
  onStart(_span: Span, _parentContext: Context): void {}
  onEnd(_span: ReadableSpan): void {
    this.pending = true;
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** The processor line of the verbose summary. */
export function processorSummary(options: RegisterOptions, batch: ResolvedBatch | false, replaced: boolean): string {
  const extra = options.extraSpanProcessors?.length ? ` + ${options.extraSpanProcessors.length} extra processor(s)` : "";
  if (replaced) return `your spanProcessors (the default Phoenix processor is replaced)${extra}`;
  const kind = batch
    ? `batch (max queue ${batch.maxQueueSize.value}, batch size ${batch.maxExportBatchSize.value}, delay ${batch.scheduledDelayMillis.value} ms)`
    : "simple (one export per span)";
  const translation = options.openInference === false ? "" : ", Vercel AI SDK spans translated to OpenInference";
  const exporterText = options.exporter ? " [custom exporter: endpoint and headers unused]" : "";
  return kind + translation + extra + exporterText;
}
