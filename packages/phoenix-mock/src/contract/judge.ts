import { sameObservation, unexcusedPaths } from "./compare.mjs";
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
 * excused by a documented divergence, and only at the paths it lists: a difference anywhere else fails.
 */
export function judgeCase(input: {
  /** What the case threw, if it did. */
  thrown?: { error: unknown };
  /** What docs/divergences.md lists for this case id, if it does: the reason and the paths that may differ. */
  documented: { reason: string; paths: readonly string[] } | undefined;
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
  if (input.documented === undefined) return { outcome: "failed", comparison: "differs" };
  const unexcused = unexcusedPaths(input.recorded, input.observation, input.documented.paths);
  if (unexcused.length === 0) return { outcome: "passed", comparison: "documented-divergence", reason: input.documented.reason };
  return { outcome: "failed", comparison: "differs", reason: `differs where docs/divergences.md excuses nothing: ${unexcused.slice(0, 5).join("; ")}` };
}
