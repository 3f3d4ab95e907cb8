/**
 * Runs contract cases against one target and judges each (judge.ts): the one runner behind `phoenix-mock check` and
 * the repository's conformance test files, so that the suite a user runs is the suite CI runs.
 */
import { readFileSync } from "node:fs";
import { CASES } from "./cases/index.js";
import { readDivergences, type Divergence } from "./compare.mjs";
import { contractPath } from "./files.js";
import { CaseContext, type ConformanceCase, type Observation } from "./harness.js";
import { judgeCase, type Comparison } from "./judge.js";
import type { Target, TargetName } from "./target.js";

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
  target: TargetName | string;
  phoenixVersion?: string;
  startedAt: string;
  durationMs: number;
  cases: Record<string, CaseResult>;
}

export interface ExpectedFile {
  phoenixVersion: string;
  recordedAt: string;
  cases: Record<string, Observation>;
}

/** The answers recorded from the real Phoenix (contract/expected.json). */
export function readExpected(file = contractPath("expected.json")): ExpectedFile {
  return JSON.parse(readFileSync(file, "utf8")) as ExpectedFile;
}

/** phoenix-mock's documented divergences (docs/divergences.md, next to contract/ in the package). */
export function readMockDivergences(): Map<string, Divergence> {
  return readDivergences(contractPath("../docs/divergences.md"));
}

export interface RunOptions {
  expected: ExpectedFile | undefined;
  /** Divergences that excuse a differing answer (the mock's); none for a real Phoenix. */
  divergences: Map<string, Divergence>;
  /** Whether answers are compared with the recorded ones (false: the server is another version, or is recording). */
  comparable: boolean;
  /** Whether a case without a recorded answer fails (a mock must have one to compare with). */
  requiresRecording: boolean;
}

export interface CaseRun {
  result: CaseResult;
  /** What the case threw: a failed assertion inside it, a TypeError, a timeout. */
  thrown?: { error: unknown };
}

/** Runs one case (its own context, cleaned up after) and judges it. */
export async function runCase(target: Target, testCase: ConformanceCase, options: RunOptions): Promise<CaseRun> {
  const base = { title: testCase.title };
  if (testCase.noAuth && !target.noAuthUrl) {
    return { result: { ...base, outcome: "skipped", reason: target.noAuthSkipReason ?? "no auth-off server", durationMs: 0 } };
  }
  const skipReason = testCase.skipReason?.(target);
  if (skipReason) return { result: { ...base, outcome: "skipped", reason: skipReason, durationMs: 0 } };
  const started = performance.now();
  const ctx = new CaseContext(target);
  let thrown: { error: unknown } | undefined;
  try {
    await testCase.run(ctx);
  } catch (error) {
    thrown = { error };
  } finally {
    await ctx.cleanup();
  }
  const done = { ...base, durationMs: Math.round(performance.now() - started), observation: ctx.observation };
  // The server never echoes a secret (normalization turns a leaked one into this placeholder).
  if (!thrown && /<PHOENIX_(ADMIN_)?SECRET>/.test(JSON.stringify(ctx.observation))) {
    return { result: { ...done, outcome: "failed", reason: "the server echoed a secret" } };
  }
  const verdict = judgeCase({
    thrown,
    documented: options.divergences.get(testCase.id),
    recorded: options.expected?.cases[testCase.id],
    observation: ctx.observation,
    comparable: options.comparable,
    requiresRecording: options.requiresRecording,
  });
  return { result: { ...done, ...verdict }, ...(thrown ? { thrown } : {}) };
}

export { CASES };
