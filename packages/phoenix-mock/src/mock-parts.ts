/**
 * What MockPhoenix's constructor builds that is not wiring: its span store (with the one-time eviction warning), the
 * control route's secret and the `print` option's printer.
 */
import { type Clock, type MockPhoenixOptions } from "./core/index.js";
import { TraceStore } from "./spans/index.js";
import { otlpSpanCodec, type DecodedSpan } from "./otlp/decode.js";
import { sessionIdOf } from "./otlp/session-id.js";
import { microsOf } from "./http/readback/otlp-readback.js";
import { plainSpan } from "./otlp/values.js";
import { MockUsageError } from "./usage-error.js";
import type { SpanInserter } from "./pressure/inserter.js";
import { TracePrinter } from "./print/trace-tree.js";

/** A mock's span store, keeping the newest `maxSpans`; the first eviction is logged once (until `resetWarning()`). */
export function createSpanStore(clock: Clock, maxSpans: number | undefined, logger: (message: string) => void): { traces: TraceStore<DecodedSpan>; resetWarning: () => void } {
  let warned = false;
  const traces = new TraceStore<DecodedSpan>({
    now: clock,
    idOf: (span) => span.spanId,
    codec: otlpSpanCodec,
    startMicrosOf: (span) => microsOf(span.startTimeUnixNano),
    traceIdOf: (span) => span.traceId,
    sessionIdOf,
    maxSpans,
    onEvict: ({ total }) => {
      if (warned) return;
      warned = true;
      logger(
        `span store full: keeping the newest ${maxSpans} spans (maxSpans / PHOENIX_MOCK_MAX_SPANS), evicting the oldest ` +
          `(${total} so far; mock.spanStats() counts them). This is logged once.`,
      );
    },
  });
  return { traces, resetWarning: () => (warned = false) };
}

/** The admin secret the control route checks (it serves with auth off too, so the raw setting). */
export function controlSecretOf(options: MockPhoenixOptions, env: Readonly<Record<string, string | undefined>>): string {
  const secret = options.adminSecret ?? env.PHOENIX_ADMIN_SECRET?.trim();
  if (!secret) {
    throw new MockUsageError("createMockPhoenix: option `controlRoute` needs PHOENIX_ADMIN_SECRET (or the adminSecret option): the control route answers only that secret.");
  }
  return secret;
}

/** The `print` option: a printer fed with every stored batch. */
export function printTraces(inserter: SpanInserter, print: true | ((text: string) => void)): TracePrinter {
  if (print !== true && typeof print !== "function") throw new MockUsageError(`createMockPhoenix: option \`print\` must be true or a function (text) => void, got ${String(print)}.`);
  const printer = new TracePrinter({ write: print === true ? (text) => void process.stderr.write(text) : print });
  inserter.onStored = (project, spans) => printer.add(spans.map((span) => ({ ...plainSpan(span), project })));
  return printer;
}

