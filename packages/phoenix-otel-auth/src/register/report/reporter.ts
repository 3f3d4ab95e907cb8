import { classifyExportError, type Failure, type FailureContext, type FailureKind } from "./failures.js";
import { sentWith } from "./sent-with.js";
import { DOCTOR_CHECK, seeDoctor } from "./display.js";
import type { Diagnostics } from "./logger.js";

/**
 * Export counters, readable in code through `provider.phoenix.stats()`. Every span ends up in exactly one of
 * `exported`, `rejected`, `dropped` and `heldDropped`, or is still `held`.
 */
export interface ExportStats {
  /** Spans the server accepted (held spans delivered later included). */
  exported: number;
  /** Spans the server answered with an error status (401, 403, 404, 415, 422, 5xx…) and that were not held. */
  rejected: number;
  /** Spans that never reached the server (connection errors, timeouts, retries exhausted, full queue). */
  dropped: number;
  /** Export requests that failed. */
  failedExports: number;
  /** Spans rejected for their key (401/403) and held now, waiting for a different key. */
  held: number;
  /** Held spans delivered later (also counted in `exported`). */
  redelivered: number;
  /** Held spans dropped: the holding buffer overflowed, they aged out, or shutdown came without a working key. */
  heldDropped: number;
  /** The most recent failure, if any. */
  lastFailure?: { kind: FailureKind; status?: number; message: string };
}

export const EMPTY_STATS: Readonly<ExportStats> = Object.freeze({
  exported: 0,
  rejected: 0,
  dropped: 0,
  failedExports: 0,
  held: 0,
  redelivered: 0,
  heldDropped: 0,
});

export const plural = (n: number): string => `${n} span${n === 1 ? "" : "s"}`;

export type HeldDropReason = "full" | "aged" | "shutdown";

/** Counts export outcomes and reports each failure class once, then "export recovered" once. */
export class ExportReporter {
  readonly #stats: Omit<ExportStats, "held"> = { ...EMPTY_STATS };
  #failing = false;
  #acceptedSinceFailure = false;
  #everHeld = false;
  /** The counts the messages so far have stated; the final word gives the totals when they differ. */
  readonly #stated = { rejected: 0, dropped: 0, heldDropped: 0 };
  #finalSaid = false;
  private readonly reportedErrors = new WeakSet<object>();

  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly context: () => FailureContext,
    /** How many spans are held now (the holding buffer owns that number). */
    private readonly heldNow: () => number = () => 0,
  ) {}

  /** A copy of the counters (the reporter is their only writer). */
  snapshot(): ExportStats {
    const { lastFailure, ...counts } = this.#stats;
    return { ...counts, held: this.heldNow(), ...(lastFailure && { lastFailure: { ...lastFailure } }) };
  }

  /** Whether this error object went through {@link failure} or {@link held} (so the SDK's rejection needs no second report). */
  hasReported(error: unknown): boolean {
    return typeof error === "object" && error !== null && this.reportedErrors.has(error);
  }

  /** What went wrong, judged with what the failed request itself carried (its key or none), when the transport noted it. */
  classify(error: unknown): Failure {
    const sent = sentWith(error);
    return classifyExportError(error, { ...this.context(), ...(sent && { keySent: sent.keySent }), redact: (text) => this.diagnostics.redact(text) });
  }

  success(count: number): void {
    this.#stats.exported += count;
    this.#acceptedSinceFailure = true;
    this.recovered();
  }

  /** Says "export recovered" once, when exports succeed again and nothing is held any more. */
  recovered(): void {
    if (!this.#failing || !this.#acceptedSinceFailure || this.heldNow() > 0) return;
    this.#failing = false;
    const s = this.#stats;
    const held = this.#everHeld ? `; ${plural(s.redelivered)} held and delivered, ${s.heldDropped} held and dropped` : "";
    this.diagnostics.warnOnce(
      "export-recovered",
      `export recovered: ${this.context().url} accepts spans again (${s.rejected} rejected and ${s.dropped} dropped before${held}).`,
    );
  }

  failure(count: number, error: unknown): void {
    const failure = this.#record(error);
    this.#stats[failure.outcome] += count;
    const said = this.diagnostics.warnOnce(
      `export-failed:${failure.kind}`,
      `${plural(count)} ${failure.outcome === "rejected" ? "rejected" : "dropped"}: ${failure.message}` +
        ` (Reported once; provider.phoenix.stats() has the counts.) ${seeDoctor(DOCTOR_CHECK.accepted)}`,
    );
    if (said) this.#stated[failure.outcome] += count;
  }

  /** `count` spans were rejected for their key and went into the holding buffer. */
  held(count: number, error: unknown, bounds: { maxSpans: number; maxAgeMillis: number }, keyMayChange: boolean): void {
    const failure = this.#record(error);
    this.#everHeld = true;
    const how = keyMayChange
      ? "when the key changes"
      : "when a key is set with provider.phoenix.setApiKey() or the server accepts spans again (use `apiKeyFile` / PHOENIX_API_KEY_FILE for a key that can change)";
    this.diagnostics.warnOnce(
      `export-held:${failure.kind}`,
      `${plural(count)} held: ${failure.message} Held spans are kept (up to ${bounds.maxSpans} spans, ` +
        `each for at most ${duration(bounds.maxAgeMillis)}) and sent again, once each, ${how}. ` +
        `(Reported once; provider.phoenix.stats() has the counts.) ${seeDoctor(DOCTOR_CHECK.accepted)}`,
    );
  }

  redelivered(count: number): void {
    this.#stats.redelivered += count;
    this.#stats.exported += count;
    this.#acceptedSinceFailure = true;
  }

  heldDropped(count: number, reason: HeldDropReason, bounds: { maxSpans: number; maxAgeMillis: number }): void {
    if (count <= 0) return;
    this.#stats.heldDropped += count;
    const why =
      reason === "full"
        ? `the holding buffer is full (${bounds.maxSpans} spans); the oldest were dropped. Raise \`hold.maxSpans\` / PHOENIX_HOLD_MAX_SPANS to keep more`
        : reason === "aged"
          ? `they were held longer than ${duration(bounds.maxAgeMillis)}. Raise \`hold.maxAgeMillis\` / PHOENIX_HOLD_MAX_AGE_MILLIS to wait longer`
          : "the provider shut down before a working key was in effect";
    if (this.diagnostics.warnOnce(
      `held-dropped:${reason}`,
      `${count} held ${count === 1 ? "span" : "spans"} dropped: ${why}. (Reported once; provider.phoenix.stats() has the total in heldDropped.)`,
    )) this.#stated.heldDropped += count;
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

  /** The process exited with `count` spans not sent (process.exit() or a crash before or during the exit flush). */
  lostAtExit(count: number, when: "during-flush" | "before-flush" | "after-flush", nextJs: boolean): void {
    if (count <= 0) return;
    this.#stats.dropped += count;
    const fix = nextJs
      ? "Under `next start`, Next.js exits at once on SIGTERM: set NEXT_MANUAL_SIG_HANDLE=true so that the exit waits for the flush (at most flushTimeoutMillis)."
      : "Await provider.shutdown() (or forceFlush()) before calling process.exit(), or exit from a signal handler only after it.";
    if (this.diagnostics.warnOnce(
      "lost-at-exit",
      `${plural(count)} not sent: ` +
        (when === "after-flush"
          ? "the process ended after the exit flush gave up on them. "
          : `the process exited ${when === "during-flush" ? "while the exit flush was still sending them" : "before they could be sent"} ` +
            `(process.exit() was called, or the app crashed). ${fix} `) +
        "(provider.phoenix.stats() counts them as dropped.)",
    )) this.#stated.dropped += count;
    this.finalWord();
  }

  /**
   * The last word at shutdown or exit: when more spans were rejected or dropped than the once-only messages said
   * (later failures of a class already reported, a full queue), one line with the totals, which are stats()'s.
   */
  finalWord(): void {
    const s = this.#stats;
    const stated = this.#stated;
    if (this.#finalSaid || (s.rejected === stated.rejected && s.dropped === stated.dropped && s.heldDropped === stated.heldDropped)) return;
    this.#finalSaid = true;
    this.diagnostics.warn(
      `in all: ${plural(s.exported)} exported, ${s.rejected} rejected, ${s.dropped} dropped, ${s.heldDropped} held and dropped ` +
        "(the totals of provider.phoenix.stats()).",
    );
  }

  #record(error: unknown): Failure {
    if (typeof error === "object" && error !== null) this.reportedErrors.add(error);
    const failure = this.classify(error);
    this.#stats.failedExports += 1;
    this.#stats.lastFailure = {
      kind: failure.kind,
      ...(failure.status !== undefined && { status: failure.status }),
      message: this.diagnostics.redact(failure.message),
    };
    this.#failing = true;
    this.#acceptedSinceFailure = false;
    return failure;
  }
}

function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
