// Where a span goes around the OpenInference translation (@arizeai/openinference-vercel).
import { diag, ROOT_CONTEXT, type Attributes, type Context } from "@opentelemetry/api";
import { SUCCESS } from "../../lazy/result-codes.js";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { getAttributesFromContext } from "../../lazy/openinference-core.js";

/** A Vercel AI SDK (or GenAI) span: one with an `ai.*` or `gen_ai.*` attribute. No array is built per span. */
export function looksLikeAiSdk(span: ReadableSpan): boolean {
  for (const key in span.attributes) {
    // The first character decides for nearly every key (every span pays this, twice): "a" (97) or "g" (103).
    const first = key.charCodeAt(0);
    if ((first === 97 && key.startsWith("ai.")) || (first === 103 && key.startsWith("gen_ai."))) return true;
  }
  return false;
}

/**
 * The fast path: AI SDK spans (they carry their `ai.*` / `gen_ai.*` attributes from the start) pass `translator`,
 * every other span goes straight to `queue`, so a span that needs no translation pays nothing for it. Other spans
 * still get the OpenInference context attributes (setSession(), setMetadata(), …) at start, as the translator gives
 * them. A span that gains AI SDK attributes only later is translated at its end (without context attributes).
 * One difference from sending every span through the translator: an error on a span that is not an AI SDK span does
 * not mark its AI SDK trace's root as failed (the README's list of differences).
 */
/**
 * Marks a span that started on its way to the translator. A symbol-keyed property instead of a WeakSet: in the AI SDK
 * profile the WeakSet's add cost about a microsecond a span (its table grows with every live span); the symbol is
 * invisible to the span's attributes and to every exporter.
 */
const TRANSLATED = Symbol("phoenix-otel-auth.translated");
type Marked = { [TRANSLATED]?: true };

export function routeAiSdkSpans(translator: SpanProcessor, queue: SpanProcessor, readContext = getAttributesFromContext): SpanProcessor {
  let contextAttributes = true;
  // Contexts are immutable, and siblings (or root spans) start from the same one: the last answer is kept for it.
  let lastContext: Context | undefined;
  let lastAttributes: Attributes | undefined;
  return {
    onStart(span: Span, parentContext: Context) {
      if (looksLikeAiSdk(span)) {
        (span as unknown as Marked)[TRANSLATED] = true;
        return translator.onStart(span, parentContext);
      }
      if (contextAttributes) {
        try {
          if (parentContext !== lastContext) {
            const attributes = readContext(parentContext);
            lastAttributes = undefined;
            for (const _ in attributes) {
              lastAttributes = attributes;
              break;
            }
            lastContext = parentContext;
          }
          if (lastAttributes) span.setAttributes(lastAttributes);
        } catch (error) {
          // A span start must never throw into the app: without @arizeai/openinference-core, no context attributes.
          contextAttributes = false;
          diag.error("phoenix-otel-auth: @arizeai/openinference-core could not be loaded; spans go out without its context attributes.", error);
        }
      }
      queue.onStart(span, parentContext);
    },
    onEnd(span: ReadableSpan) {
      if ((span as unknown as Marked)[TRANSLATED] === true) return translator.onEnd(span);
      if (!looksLikeAiSdk(span)) return queue.onEnd(span);
      translator.onStart(span as Span, ROOT_CONTEXT);
      translator.onEnd(span);
    },
    // Flushing the translator first hands everything it holds on to the queue, which then flushes it.
    forceFlush: () => translator.forceFlush().then(() => queue.forceFlush()),
    shutdown: () => translator.shutdown().then(() => queue.shutdown()),
  };
}

/** An exporter that hands every span to `queue` at once (the translator's output goes on to the batch). */
export function enqueueInto(queue: SpanProcessor): SpanExporter {
  return {
    export(spans, resultCallback) {
      for (const span of spans) queue.onEnd(span);
      resultCallback({ code: SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}

/**
 * The translator without a batch stage of its own: OTel's BatchSpanProcessorBase puts each span its onEnd accepted in
 * its buffer through `_addToBuffer` (sdk-trace 2.x and 3.x), and here that hands the translated span straight to
 * `queue`, register()'s batch, which bounds, counts and exports it; one batch stage, as in theirs. Should a release of
 * OTel stop calling `_addToBuffer`, spans still flow through the translator's exporter (enqueueInto, only slower), and
 * test/register/translate/ai-sdk-routing.test.ts fails.
 */
export function handingOn(translator: SpanProcessor, queue: SpanProcessor): SpanProcessor {
  (translator as unknown as { _addToBuffer(span: ReadableSpan): void })._addToBuffer = (span) => {
    withoutEmptyValues(span);
    queue.onEnd(span);
  };
  return translator;
}

const SPAN_KIND = "openinference.span.kind";

/**
 * Removes the attributes without a value (see withoutEmptyAttributes). A span the translation recognised has its span
 * kind set: those (nearly every AI SDK span) skip the walk over their attributes, which after the translation are
 * too many for V8's fast properties and cost about a microsecond to enumerate. (Should the translation leave another
 * attribute of a recognised span without a value, it goes out empty, as @arizeai/phoenix-otel sends it.)
 */
function withoutEmptyValues(span: ReadableSpan): void {
  const attributes = span.attributes as Record<string, unknown>;
  if (attributes[SPAN_KIND] != null) return;
  for (const key in attributes) if (attributes[key] == null) delete attributes[key];
}

/** `processor`, telling `onUntranslated` about the first span that the missing translation would have changed. */
export function watchingUntranslated(processor: SpanProcessor, onUntranslated: (span: ReadableSpan) => void): SpanProcessor {
  let told = false;
  return {
    onStart: (span, parentContext) => processor.onStart(span, parentContext),
    onEnd(span) {
      if (!told && looksLikeAiSdk(span)) {
        told = true;
        onUntranslated(span);
      }
      processor.onEnd(span);
    },
    forceFlush: () => processor.forceFlush(),
    shutdown: () => processor.shutdown(),
  };
}

/**
 * The translation sets `openinference.span.kind` to `undefined` on spans it does not recognise (so they would go
 * out with an empty value); this exporter decorator removes attributes without a value, so those spans leave unchanged.
 */
export function withoutEmptyAttributes(exporter: SpanExporter): SpanExporter {
  return {
    export(spans, resultCallback) {
      for (const span of spans) withoutEmptyValues(span);
      exporter.export(spans, resultCallback);
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
