// The comparison step: scripts/conformance-report.mjs on hand-made results, and the divergence-table parser.
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { diffPaths, readDivergences } from "../../src/contract/compare.mjs";

const REPORT = fileURLToPath(new URL("../../../../scripts/conformance-report.mjs", import.meta.url));

const observation = (status: number, body: unknown) => ({
  steps: [{ step: "s", request: "GET /x", status, headers: { "content-type": "text/plain; charset=utf-8" }, setCookie: [], body }],
  notes: {},
});
const results = (target: string, cases: Record<string, unknown>) => ({
  target,
  phoenixVersion: "20.26.1",
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1234,
  cases: Object.fromEntries(
    Object.entries(cases).map(([id, obs]) => [id, { title: `case ${id}`, outcome: "passed", durationMs: 1, observation: obs }]),
  ),
});

const DIVERGENCES = `# Divergences

## Behaviour
| Topic | Real | Mock |
|---|---|---|
| storage | sqlite | memory |

## Conformance cases where the mock is allowed to differ

| Case | Reason | Differs only at |
|---|---|---|
| \`documented-case\` | the mock has no web UI | \`.steps.0.status\`, \`.steps.0.body\` |
`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fixture(mock: Record<string, unknown>, real: Record<string, unknown>) {
  dir = mkdtempSync(join(tmpdir(), "conformance-report-"));
  mkdirSync(join(dir, "results"));
  writeFileSync(join(dir, "results", "mock-msw.json"), JSON.stringify(results("mock-msw", mock)));
  writeFileSync(join(dir, "results", "real.json"), JSON.stringify(results("real", real)));
  writeFileSync(join(dir, "divergences.md"), DIVERGENCES);
  writeFileSync(join(dir, "expected.json"), JSON.stringify({ phoenixVersion: "20.26.1", recordedAt: "", cases: {} }));
  return dir;
}

function runReport(root: string): Promise<{ code: number; stderr: string; table: string }> {
  const out = join(root, "CONFORMANCE.md");
  const args = [REPORT, "--results", join(root, "results"), "--out", out, "--divergences", join(root, "divergences.md"), "--expected", join(root, "expected.json")];
  return new Promise((resolve) => {
    execFile(process.execPath, args, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stderr, table: readFileSync(out, "utf8") });
    });
  });
}

describe("conformance report", () => {
  it("passes when the mock answers exactly like real Phoenix", async () => {
    const root = fixture({ a: observation(401, "Invalid token") }, { a: observation(401, "Invalid token") });
    const { code, table } = await runReport(root);
    expect(code).toBe(0);
    expect(table).toContain("| `a` | case a | = 401 | not run | 401 |");
    expect(table).toContain("Undocumented differences and failures: **none**.");
  });

  it("fails on an undocumented difference and shows where it is", async () => {
    const root = fixture({ a: observation(401, "Invalid  token") }, { a: observation(401, "Invalid token") });
    const { code, stderr, table } = await runReport(root);
    expect(code).toBe(1);
    expect(stderr).toContain("mock-msw / a: differs from real Phoenix");
    expect(table).toContain("**≠ DIFFERS** 401");
    expect(table).toContain('.steps.0.body: real "Invalid token" / got "Invalid  token"');
  });

  it("accepts a difference listed in the divergence table", async () => {
    const root = fixture({ "documented-case": observation(501, "not implemented") }, { "documented-case": observation(200, "<html page>") });
    const { code, table } = await runReport(root);
    expect(code).toBe(0);
    expect(table).toContain("≠ documented: 501");
  });

  it("fails a listed case that differs where its divergence names nothing", async () => {
    const mock = { ...observation(501, "not implemented"), notes: { extra: 1 } };
    const root = fixture({ "documented-case": mock }, { "documented-case": observation(200, "<html page>") });
    const { code, stderr, table } = await runReport(root);
    expect(code).toBe(1);
    expect(stderr).toContain("mock-msw / documented-case: differs from real Phoenix");
    expect(table).toContain("**≠ DIFFERS** 501");
  });

  it("fails when a case failed on the real server", async () => {
    const root = fixture({ a: observation(200, "OK") }, { a: observation(200, "OK") });
    const real = JSON.parse(readFileSync(join(root, "results", "real.json"), "utf8"));
    real.cases.a.outcome = "failed";
    real.cases.a.reason = "AssertionError: boom";
    writeFileSync(join(root, "results", "real.json"), JSON.stringify(real));
    const { code, stderr } = await runReport(root);
    expect(code).toBe(1);
    expect(stderr).toContain("real / a: failed: AssertionError: boom");
  });
});

describe("readDivergences / diffPaths", () => {
  it("reads only the conformance table's case ids and reasons", () => {
    dir = mkdtempSync(join(tmpdir(), "conformance-div-"));
    const file = join(dir, "divergences.md");
    writeFileSync(file, DIVERGENCES);
    expect([...readDivergences(file)]).toEqual([["documented-case", { reason: "the mock has no web UI", paths: [".steps.0.status", ".steps.0.body"] }]]);
    expect(readDivergences(join(dir, "missing.md")).size).toBe(0);
  });

  it("names the differing paths", () => {
    expect(diffPaths({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toEqual([".b.c.1: real 2 / got 3"]);
    expect(diffPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
