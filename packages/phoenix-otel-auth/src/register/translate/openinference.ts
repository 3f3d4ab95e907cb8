import { configOptions, showArgument } from "../../args.js";
import { PhoenixConfigError } from "../../errors.js";
import { loadNow } from "../../lazy/stubs.js";
import { diag, type Context } from "@opentelemetry/api";
import { enqueueInto, handingOn, routeAiSdkSpans, watchingUntranslated, withoutEmptyAttributes } from "./ai-sdk-routing.js";
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type BatchSpanProcessorOptions,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";

/** The batching settings of the SDK's batch processor (its options without the exporter). */
export type BatchConfig = Omit<BatchSpanProcessorOptions, "exporter">;

/** How many spans may wait for `@arizeai/openinference-vercel` to load before further ones are dropped (and counted). */
export const DEFAULT_MAX_PENDING_SPANS = 2048;

/** The options of `LazyOpenInferenceSpanProcessor`. */
export interface LazyOpenInferenceSpanProcessorOptions {
  /** Where translated (and untranslated) spans are exported. */
  exporter: SpanExporter;
  /** `true` (default) batches like `OpenInferenceBatchSpanProcessor`; `false` exports each span as it ends. */
  batch?: boolean;
  /** Batch tuning, passed to the batch processor. */
  bufferConfig?: BatchConfig;
  /** Translate Vercel AI SDK spans into OpenInference (default `true`); `false` uses the plain OTel processors. */
  translate?: boolean;
  /** Bound of the buffer used while the translation module loads (default 2048 spans). */
  maxPendingSpans?: number;
  /** Called for each span dropped because that buffer was full. Default: one `diag.warn`. */
  onDrop?: (maxPendingSpans: number) => void;
  /** Called once if the translation module is installed but cannot be loaded (spans are then exported untranslated). */
  onLoadError?: (error: unknown) => void;
  /**
   * `@arizeai/openinference-vercel` is an optional peer: when it is not installed, spans go out untranslated and this
   * is called for the first span that carries Vercel AI SDK or GenAI attributes (`ai.*`, `gen_ai.*`), the one case
   * where the missing translation shows. Default: one `diag.warn`.
   */
  onUntranslated?: (span: ReadableSpan) => void;
  /**
   * Builds the batching stage (default: the SDK's BatchSpanProcessor with `bufferConfig`; the translation then runs
   * in `OpenInferenceBatchSpanProcessor`). When given, Vercel AI SDK spans are translated and handed to this
   * processor, and every other span goes to it directly (the fast path; see ./ai-sdk-routing.ts). register() passes
   * one whose timers never keep the process alive.
   */
  batchProcessor?: (exporter: SpanExporter) => SpanProcessor;
}

type OpenInferenceVercel = typeof import("@arizeai/openinference-vercel");

/**
 * The translator's own batching when it feeds register()'s batch: it hands every translated span on at the next tick
 * (its batch processor costs less per span than its simple one, which makes promises per span). No bound of its own:
 * register()'s span processor already bounds and counts everything not yet exported, these spans included.
 */
const HAND_ON: BatchConfig = { maxQueueSize: Number.MAX_SAFE_INTEGER, maxExportBatchSize: Number.MAX_SAFE_INTEGER, scheduledDelayMillis: 0 };

const MODULE = "@arizeai/openinference-vercel";
const OPENINFERENCE_DEPENDENCIES = ["@arizeai/openinference-core", "@arizeai/openinference-semantic-conventions"];

// One load per process: every processor shares it.
let loading: Promise<OpenInferenceVercel> | undefined;
function loadOpenInferenceVercel(): Promise<OpenInferenceVercel> {
  // @arizeai/openinference-vercel is ESM-only (no "require" condition), so it needs a real dynamic import(). The ESM
  // build keeps `import()`; the CommonJS build's transform turns it into require(), which fails with
  // ERR_PACKAGE_PATH_NOT_EXPORTED / ERR_REQUIRE_ESM, and then an import() the transform cannot see is used.
  // It imports @arizeai/openinference-core and -semantic-conventions, which our lazy names also load, synchronously:
  // loaded first, they are finished modules when this import() reaches them (no require(esm) race on Node 24.21+).
  if (!loading) for (const specifier of OPENINFERENCE_DEPENDENCIES) loadNow(specifier);
  loading ??= import("@arizeai/openinference-vercel").catch((error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" && code !== "ERR_REQUIRE_ESM") throw error;
    const nativeImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<OpenInferenceVercel>;
    return nativeImport(MODULE);
  });
  return loading;
}

/**
 * The one message for a translation module that is installed but does not load, with the fix. A package it imports
 * may be missing: 3.2.1 imports @opentelemetry/sdk-trace-base without declaring it.
 */
export function translationLoadFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /Cannot find (?:package|module) '((?:@[^/']+\/)?[^/']+)/.exec(message)?.[1];
  const fix = missing && missing !== MODULE ? `It imports ${missing}, which is not installed: npm i ${missing}.` : `Reinstall ${MODULE}.`;
  return `could not load ${MODULE} (${message}); spans are exported without OpenInference translation of Vercel AI SDK spans. ${fix} Or pass \`openInference: false\`.`;
}

/** Whether `error` says that `@arizeai/openinference-vercel` itself is not installed (not that it failed to load). */
function isNotInstalled(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && typeof message === "string" && message.includes(`'${MODULE}'`);
}

/**
 * The default span processor: translates Vercel AI SDK spans into OpenInference (`@arizeai/openinference-vercel`'s
 * `OpenInferenceBatchSpanProcessor` / `OpenInferenceSimpleSpanProcessor`), other spans pass through unchanged.
 * Same constructor as `@arizeai/phoenix-otel`'s; unlike it, the buffer that holds spans while the ESM-only module
 * loads is bounded (`maxPendingSpans`), and what it drops is counted (`droppedSpans`) and reported (`onDrop`).
 */
export class LazyOpenInferenceSpanProcessor implements SpanProcessor {
  #delegate: SpanProcessor | undefined;
  #pendingStarts: Array<{ span: Span; parentContext: Context }> = [];
  #pendingEnds: ReadableSpan[] = [];
  #dropped = 0;
  readonly #ready: Promise<void>;
  readonly #maxPending: number;
  readonly #onDrop: (max: number) => void;

  constructor(options: LazyOpenInferenceSpanProcessorOptions) {
    configOptions("LazyOpenInferenceSpanProcessor", "options", options, { what: "an object such as { exporter }", required: true });
    if (typeof (options.exporter as Partial<SpanExporter> | undefined)?.export !== "function") {
      throw new PhoenixConfigError("options.exporter", showArgument(options.exporter), `LazyOpenInferenceSpanProcessor: \`exporter\` must be a SpanExporter (with export()), got ${showArgument(options.exporter)}. Pass e.g. { exporter: createPhoenixExporter() }.`);
    }
    const { exporter, batch = true, bufferConfig, translate = true } = options;
    this.#maxPending = options.maxPendingSpans ?? DEFAULT_MAX_PENDING_SPANS;
    this.#onDrop =
      options.onDrop ??
      ((max) => {
        if (this.#dropped === 1) diag.warn(`LazyOpenInferenceSpanProcessor: ${max} spans waiting for @arizeai/openinference-vercel to load; dropping more.`);
      });
    const batching = options.batchProcessor;
    const plain = (): SpanProcessor =>
      batch ? (batching?.(exporter) ?? new BatchSpanProcessor({ exporter, ...bufferConfig })) : new SimpleSpanProcessor({ exporter });
    if (!translate) {
      this.#delegate = plain();
      this.#ready = Promise.resolve();
      return;
    }
    const cleaned = withoutEmptyAttributes(exporter);
    const translating = (oi: OpenInferenceVercel): SpanProcessor => {
      if (!batch) return new oi.OpenInferenceSimpleSpanProcessor({ exporter: cleaned });
      if (!batching) return new oi.OpenInferenceBatchSpanProcessor({ exporter: cleaned, config: bufferConfig });
      // register()'s pipeline: AI SDK spans pass the translation, every other span goes straight to the batch.
      const queue = batching(exporter);
      return routeAiSdkSpans(handingOn(new oi.OpenInferenceBatchSpanProcessor({ exporter: withoutEmptyAttributes(enqueueInto(queue)), config: HAND_ON }), queue), queue);
    };
    this.#ready = loadOpenInferenceVercel().then(
      (oi) => this.#setDelegate(translating(oi)),
      (error: unknown) => {
        if (isNotInstalled(error)) {
          const onUntranslated =
            options.onUntranslated ??
            ((span: ReadableSpan) =>
              diag.warn(`LazyOpenInferenceSpanProcessor: span "${span.name}" has Vercel AI SDK attributes, but @arizeai/openinference-vercel is not installed; such spans are exported without OpenInference translation.`));
          this.#setDelegate(watchingUntranslated(plain(), onUntranslated));
          return;
        }
        if (options.onLoadError) options.onLoadError(error);
        else diag.warn("LazyOpenInferenceSpanProcessor: could not load @arizeai/openinference-vercel; spans are exported without translation.", error);
        this.#setDelegate(plain());
      },
    );
  }

  /** Spans dropped because they ended while the translation module was still loading and the buffer was full. */
  get droppedSpans(): number {
    return this.#dropped;
  }

  /** Resolves once spans go straight to the (translating or fallback) processor. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  #setDelegate(delegate: SpanProcessor): void {
    this.#delegate = delegate;
    const starts = this.#pendingStarts;
    const ends = this.#pendingEnds;
    this.#pendingStarts = [];
    this.#pendingEnds = [];
    // Starts before ends, so the processor sees the usual order.
    for (const { span, parentContext } of starts) delegate.onStart(span, parentContext);
    for (const span of ends) delegate.onEnd(span);
  }

  onStart(span: Span, parentContext: Context): void {
    if (this.#delegate) return this.#delegate.onStart(span, parentContext);
    // A start that does not fit is not replayed: the span is still exported when it ends, only without the context
    // attributes the translation copies at start.
    if (this.#pendingStarts.length < this.#maxPending) this.#pendingStarts.push({ span, parentContext });
  }

  onEnd(span: ReadableSpan): void {
    if (this.#delegate) return this.#delegate.onEnd(span);
    if (this.#pendingEnds.length >= this.#maxPending) {
      this.#dropped += 1;
      this.#onDrop(this.#maxPending);
      return;
    }
    this.#pendingEnds.push(span);
  }

  async forceFlush(): Promise<void> {
    await this.#ready;
    await this.#delegate?.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.#ready;
    await this.#delegate?.shutdown();
  }
}
