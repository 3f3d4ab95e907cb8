import { sameObservation } from "./compare.mjs";
import type { Observation } from "./harness.js";

export type Comparison = "same" | "differs" | "documented-divergence" | "not-recorded" | "not-compared";

export interface Verdict {
  outcome: "passed" | "failed";
  comparison?: Comparison;
  reason?: string;
}

/**
 * The one rule of the suite. A case that throws (a failed assertion inside it, a TypeError, a timeout) fails, listed in
 * docs/divergences.md or not. A case that ran is compared with the recorded real answer; only that comparison may be
 * excused by a documented divergence.
 */
export function judgeCase(input: {
  /** What the case threw, if it did. */
  thrown?: { error: unknown };
  /** The reason docs/divergences.md gives for this case id, if it lists it. */
  documented: string | undefined;
  recorded: Observation | undefined;
  observation: Observation;
  /** False for the real target when it is not the pinned version or is recording. */
  comparable: boolean;
  /** A mock target must have a recorded answer to compare with; the real target records it. */
  requiresRecording: boolean;
}): Verdict {
  if (input.thrown) return { outcome: "failed", reason: String(input.thrown.error) };
  if (!input.comparable) return { outcome: "passed", comparison: "not-compared" };
  if (!input.recorded) {
    if (!input.requiresRecording) return { outcome: "passed", comparison: "not-recorded" };
    return {
      outcome: "failed",
      comparison: "not-recorded",
      reason: "no recorded real-Phoenix observation: run the suite against real Phoenix with PHOENIX_CONFORMANCE_UPDATE_EXPECTED=1",
    };
  }
  if (sameObservation(input.recorded, input.observation)) return { outcome: "passed", comparison: "same" };
  if (input.documented !== undefined) return { outcome: "passed", comparison: "documented-divergence", reason: input.documented };
  return { outcome: "failed", comparison: "differs" };
}
