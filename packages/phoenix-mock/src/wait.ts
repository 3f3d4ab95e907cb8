import type { TraceStore } from "./spans/index.js";
import type { RequestLogEntry } from "./http/index.js";
import type { DecodedSpan } from "./otlp/decode.js";
import { MockUsageError } from "./usage-error.js";

/** A span the mock ingested, decoded, with the project Phoenix filed it under. */
export type MockSpan = DecodedSpan & { readonly project: string };

/** The options of `mock.waitForSpans()`. */
export interface WaitForSpansOptions {
  /** Resolve once at least this many spans (of `project`, if given) are stored. Default 1. */
  count?: number;
  project?: string;
  /** Default 5000. */
  timeoutMs?: number;
}

/**
 * `mock.waitForSpans()`: listens for ingests and compares the store's count (O(1) per ingest); `read` copies the
 * spans once, when the count is reached.
 */
export function waitForSpans(
  traces: TraceStore<DecodedSpan>,
  requests: readonly RequestLogEntry[],
  options: WaitForSpansOptions,
  read: (project: string | undefined) => MockSpan[],
): Promise<MockSpan[]> {
  const { count = 1, project, timeoutMs = 5000 } = options;
  const { maxSpans } = traces;
  if (maxSpans !== undefined && count > maxSpans) {
    return Promise.reject(
      new MockUsageError(
        `waitForSpans: count ${count} can never be reached: the mock keeps at most maxSpans=${maxSpans} spans. Wait for fewer, or raise maxSpans.`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (traces.count(project) < count) return;
      done();
      resolve(read(project));
    };
    const unsubscribe = traces.onIngest(check);
    const timer = setTimeout(() => {
      done();
      const where = project === undefined ? "" : ` in project "${project}"`;
      const hint = ingestHint(traces, requests, project);
      reject(new MockUsageError(`waitForSpans: expected ${count} span(s)${where} within ${timeoutMs} ms, but ${traces.count(project)} arrived. ${hint}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}

/** What the request log says about ingest, to explain a waitForSpans() timeout. */
function ingestHint(traces: TraceStore<DecodedSpan>, requests: readonly RequestLogEntry[], project: string | undefined): string {
  const posts = requests.filter((r) => r.method === "POST" && r.path === "/v1/traces");
  if (posts.length === 0) {
    return (
      "No POST /v1/traces reached the mock: spans are batched (5 s by default), so call provider.forceFlush() " +
      "(or use register({ batch: false })) before waiting, check the exporter's URL, and with MSW create the exporter " +
      "after setupMswServer(...).listen()."
    );
  }
  const refused = posts.filter((r) => r.status !== 200);
  const answers = [...new Set(posts.map((r) => `${r.status} (${r.principal})`))].join(", ");
  const elsewhere = project === undefined ? [] : traces.projectsWithSpans().filter((name) => name !== project);
  return (
    `${posts.length} POST /v1/traces answered: ${answers}.` +
    (refused.length > 0 ? " Rejected requests store nothing: check the API key and the user's role." : "") +
    (elsewhere.length > 0 ? ` Spans arrived in other projects: ${elsewhere.map((name) => `"${name}"`).join(", ")}.` : "")
  );
}
