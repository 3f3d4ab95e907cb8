/**
 * Runs every conformance case against one target (one vitest file per target, so MSW's patching of the process stays
 * in its own worker), records the observations in .conformance/<target>.json, and compares each with what the real
 * Phoenix answered (contract/expected.json, recorded from the pinned version by the `real` target).
 *
 * A mock that differs from the recorded real answer fails the case, unless docs/divergences.md lists the case id;
 * a case that throws always fails (judge.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractPath } from "../../src/contract/files.js";
import type { Observation } from "../../src/contract/harness.js";
import {
  CASES,
  PINNED_PHOENIX_VERSION,
  readExpected,
  readMockDivergences,
  runCase,
  type ExpectedFile,
  type TargetResults,
} from "../../src/contract/run.js";
import { MOCK_ROOT } from "../../../../test/helpers/paths.js";
import {
  REAL_SKIP_MESSAGE,
  mockMswTarget,
  mockServerTarget,
  realTarget,
  selectedTargets,
  type Target,
  type TargetName,
} from "./targets.js";

export const EXPECTED_FILE = contractPath("expected.json");
export const RESULTS_DIR = `${MOCK_ROOT}.conformance`;
export { PINNED_PHOENIX_VERSION };

function makeTarget(name: TargetName): Target | undefined {
  if (name === "mock-msw") return mockMswTarget();
  if (name === "mock-server") return mockServerTarget();
  return realTarget();
}

export function defineConformanceSuite(name: TargetName): void {
  let selected: TargetName[];
  try {
    selected = selectedTargets();
  } catch (error) {
    it("PHOENIX_CONFORMANCE_TARGETS is valid", () => {
      throw error;
    });
    return;
  }
  if (name === "real" && !process.env.PHOENIX_CONFORMANCE_URL?.trim()) {
    // Said in the output (vitest hides the logs of a file whose tests are all skipped), and a CI that asks
    // for the real target without configuring it fails instead of skipping.
    it("real Phoenix target: skipped unless configured", () => {
      console.warn(REAL_SKIP_MESSAGE);
      expect(selected, "PHOENIX_CONFORMANCE_TARGETS names `real`, but PHOENIX_CONFORMANCE_URL is not set").not.toContain("real");
    });
    return;
  }
  const target = selected.includes(name) ? makeTarget(name) : undefined;
  if (!target) {
    describe.skip(`conformance: ${name} (not in PHOENIX_CONFORMANCE_TARGETS=${selected.join(",")})`, () => {
      it("skipped", () => {});
    });
    return;
  }

  const expected: ExpectedFile | undefined = readExpected();
  const divergences = name === "real" ? new Map() : readMockDivergences();
  const update = name === "real" && process.env.PHOENIX_CONFORMANCE_UPDATE_EXPECTED === "1";
  const results: TargetResults = { target: name, startedAt: new Date().toISOString(), durationMs: 0, cases: {} };
  let suiteStart = 0;

  describe(`conformance: ${name}`, () => {
    beforeAll(async () => {
      suiteStart = performance.now();
      await target.start();
      if (target.noAuthSkipReason) console.log(`${name}: auth-off cases skipped: ${target.noAuthSkipReason}`);
    });

    afterAll(async () => {
      await target.stop();
      results.durationMs = Math.round(performance.now() - suiteStart);
      if (target.phoenixVersion) results.phoenixVersion = target.phoenixVersion;
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(`${RESULTS_DIR}/${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
      if (update) {
        const cases: Record<string, Observation> = {};
        for (const [id, result] of Object.entries(results.cases)) if (result.observation) cases[id] = result.observation;
        const file: ExpectedFile = { phoenixVersion: target.phoenixVersion ?? "?", recordedAt: results.startedAt, cases };
        writeFileSync(EXPECTED_FILE, `${JSON.stringify(file, null, 2)}\n`);
      }
    });

    for (const testCase of CASES) {
      it(`${testCase.id}: ${testCase.title}`, async (t) => {
        const { result, thrown } = await runCase(target, testCase, {
          expected,
          divergences,
          comparable: name !== "real" || (target.phoenixVersion === PINNED_PHOENIX_VERSION && !update),
          requiresRecording: name !== "real",
        });
        results.cases[testCase.id] = result;
        if (result.outcome === "skipped") {
          if (!testCase.noAuth) console.log(`${name}: ${testCase.id} skipped: ${result.reason}`);
          t.skip();
          return;
        }
        // A documented divergence excuses a different answer, never a crash or a timeout.
        if (thrown) throw thrown.error;
        if (result.comparison === "not-recorded" && result.outcome === "failed") throw new Error(`${testCase.id}: ${result.reason}`);
        if (result.comparison === "differs") {
          expect(result.observation, `${name} differs from real Phoenix ${expected?.phoenixVersion} on ${testCase.id}`).toEqual(
            expected?.cases[testCase.id],
          );
        }
        expect(result.outcome, result.reason).toBe("passed");
      });
    }
  });
}
