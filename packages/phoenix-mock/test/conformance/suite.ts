/**
 * Runs every conformance case against one target (one vitest file per target, so MSW's patching of the process stays
 * in its own worker), records the observations in .conformance/<target>.json, and compares each with what the real
 * Phoenix answered (test/conformance/expected.json, recorded from the pinned version by the `real` target).
 *
 * A mock that differs from the recorded real answer fails the case, unless docs/divergences.md lists the case id;
 * a case that throws always fails (judge.ts).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDivergences } from "../../../../scripts/conformance-lib.mjs";
import { CASES } from "./cases/index.js";
import { CaseContext, type Observation } from "./harness.js";
import { judgeCase, type Comparison } from "./judge.js";
import {
  REAL_SKIP_MESSAGE,
  mockMswTarget,
  mockServerTarget,
  realTarget,
  selectedTargets,
  type Target,
  type TargetName,
} from "./targets.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXPECTED_FILE = `${ROOT}test/conformance/expected.json`;
export const RESULTS_DIR = `${ROOT}.conformance`;
/** The Phoenix version expected.json was recorded from. */
export const PINNED_PHOENIX_VERSION = "20.26.1";

export interface CaseResult {
  title: string;
  outcome: "passed" | "failed" | "skipped";
  /** Compared with the recorded real answer: same, differs, documented divergence, or nothing recorded yet. */
  comparison?: Comparison;
  reason?: string;
  durationMs: number;
  observation?: Observation;
}

export interface TargetResults {
  target: TargetName;
  phoenixVersion?: string;
  startedAt: string;
  durationMs: number;
  cases: Record<string, CaseResult>;
}

interface ExpectedFile {
  phoenixVersion: string;
  recordedAt: string;
  cases: Record<string, Observation>;
}

function readExpected(): ExpectedFile | undefined {
  if (!existsSync(EXPECTED_FILE)) return undefined;
  return JSON.parse(readFileSync(EXPECTED_FILE, "utf8")) as ExpectedFile;
}

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

  const expected = readExpected();
  const divergences = readDivergences(`${ROOT}docs/divergences.md`);
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
        const started = performance.now();
        const base = { title: testCase.title };
        if (testCase.noAuth && !target.noAuthUrl) {
          results.cases[testCase.id] = { ...base, outcome: "skipped", reason: target.noAuthSkipReason ?? "no auth-off server", durationMs: 0 };
          t.skip();
          return;
        }
        const skipReason = testCase.skipReason?.(target);
        if (skipReason) {
          results.cases[testCase.id] = { ...base, outcome: "skipped", reason: skipReason, durationMs: 0 };
          console.log(`${name}: ${testCase.id} skipped: ${skipReason}`);
          t.skip();
          return;
        }
        const ctx = new CaseContext(target);
        const documented = name !== "real" ? divergences.get(testCase.id) : undefined;
        let thrown: { error: unknown } | undefined;
        try {
          await testCase.run(ctx);
        } catch (error) {
          thrown = { error };
        } finally {
          await ctx.cleanup();
        }
        const durationMs = Math.round(performance.now() - started);
        const verdict = judgeCase({
          thrown,
          documented,
          recorded: expected?.cases[testCase.id],
          observation: ctx.observation,
          comparable: name !== "real" || (target.phoenixVersion === PINNED_PHOENIX_VERSION && !update),
          requiresRecording: name !== "real",
        });
        results.cases[testCase.id] = { ...base, ...verdict, durationMs, observation: ctx.observation };
        // A documented divergence excuses a different answer, never a crash or a timeout.
        if (thrown) throw thrown.error;
        // The server never echoes a secret (normalization turns a leaked one into this placeholder).
        expect(JSON.stringify(ctx.observation)).not.toMatch(/<PHOENIX_(ADMIN_)?SECRET>/);
        if (verdict.comparison === "not-recorded" && verdict.outcome === "failed") throw new Error(`${testCase.id}: ${verdict.reason}`);
        if (verdict.comparison === "differs") {
          expect(ctx.observation, `${name} differs from real Phoenix ${expected?.phoenixVersion} on ${testCase.id}`).toEqual(
            expected?.cases[testCase.id],
          );
        }
      });
    }
  });
}
