import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/contract/harness.js";
import { judgeCase } from "../../src/contract/judge.js";

const recorded = { steps: [{ step: "a", status: 200 }] } as unknown as Observation;
const different = { steps: [{ step: "a", status: 201 }] } as unknown as Observation;
const base = { recorded, observation: recorded, comparable: true, requiresRecording: true };

describe("judgeCase: the conformance suite's rule", () => {
  it("fails a documented case that throws, whatever it throws", () => {
    for (const error of [new TypeError("x is undefined"), new Error("Test timed out in 60000ms"), new Error("expected 200, got 500")]) {
      const verdict = judgeCase({ ...base, documented: { reason: "the mock differs on purpose", paths: [".steps.0.status"] }, thrown: { error } });
      expect(verdict).toEqual({ outcome: "failed", reason: String(error) });
    }
  });

  it("excuses only the comparison with the recorded answer, and only at the paths the divergence lists", () => {
    const onPurpose = { reason: "on purpose", paths: [".steps.0.status"] };
    expect(judgeCase({ ...base, observation: different, documented: onPurpose })).toEqual({
      outcome: "passed",
      comparison: "documented-divergence",
      reason: "on purpose",
    });
    expect(judgeCase({ ...base, observation: different, documented: undefined })).toEqual({ outcome: "failed", comparison: "differs" });
    expect(judgeCase({ ...base, documented: onPurpose })).toEqual({ outcome: "passed", comparison: "same" });
  });

  it("fails a listed case that differs somewhere its divergence does not name", () => {
    const recordedBody = { steps: [{ step: "a", status: 200, body: "ok" }] } as unknown as Observation;
    const elsewhere = { steps: [{ step: "a", status: 201, body: "changed" }] } as unknown as Observation;
    const verdict = judgeCase({ ...base, recorded: recordedBody, observation: elsewhere, documented: { reason: "on purpose", paths: [".steps.0.status"] } });
    expect(verdict).toEqual({ outcome: "failed", comparison: "differs", reason: 'differs where docs/divergences.md excuses nothing: .steps.0.body: real "ok" / got "changed"' });
    // A listed case with no paths excuses nothing.
    expect(judgeCase({ ...base, observation: different, documented: { reason: "on purpose", paths: [] } })).toMatchObject({ outcome: "failed", comparison: "differs" });
  });

  it("needs a recorded answer for a mock target, not for the real one", () => {
    expect(judgeCase({ ...base, recorded: undefined, documented: { reason: "on purpose", paths: [] } })).toMatchObject({ outcome: "failed", comparison: "not-recorded" });
    expect(judgeCase({ ...base, recorded: undefined, requiresRecording: false, documented: undefined })).toEqual({
      outcome: "passed",
      comparison: "not-recorded",
    });
    expect(judgeCase({ ...base, comparable: false, observation: different, documented: undefined })).toEqual({
      outcome: "passed",
      comparison: "not-compared",
    });
  });
});

describe("timestamps in a comparison", () => {
  const at = (time: string): Observation => ({ steps: [{ label: "a", request: "GET /", status: 200, headers: {}, body: { created_at: time } }] }) as unknown as Observation;
  const judge = (recorded: string, observed: string) =>
    judgeCase({ thrown: undefined, documented: undefined, recorded: at(recorded), observation: at(observed), comparable: true, requiresRecording: true }).comparison;

  it("a whole-millisecond time printed without its fraction (Python's isoformat) is the same as six digits", () => {
    expect(judge("<time.6+00:00>", "<time+00:00>")).toBe("same");
    expect(judge("<time+00:00>", "<time.6+00:00>")).toBe("same");
  });

  it("millisecond digits against microsecond digits still differ", () => {
    expect(judge("<time.6+00:00>", "<time.3+00:00>")).toBe("differs");
  });
});
