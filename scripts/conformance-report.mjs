#!/usr/bin/env node
// Reads the per-target results of `npm run conformance` (packages/phoenix-mock/.conformance/<target>.json), writes CONFORMANCE.md
// (case × target → observed result), and exits 1 when a mock target differs from real Phoenix on a case that
// docs/divergences.md does not list, or when a case failed on any target.
//
// The reference for each case is this run's real-Phoenix observation when the run included the `real` target,
// otherwise the recording in packages/phoenix-mock/contract/expected.json.
//
//   node scripts/conformance-report.mjs [--out CONFORMANCE.md] [--results .conformance]
//                                       [--expected contract/expected.json] [--divergences docs/divergences.md]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diffPaths, readDivergences, sameObservation, unexcusedPaths } from "../packages/phoenix-mock/src/contract/compare.mjs";

const ROOT = fileURLToPath(new URL("../packages/phoenix-mock/", import.meta.url)); // the mock package: its .conformance/, CONFORMANCE.md, docs/
const TARGETS = ["mock-msw", "mock-server", "real"];
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
};
const OUT = option("--out", `${ROOT}CONFORMANCE.md`);
const RESULTS = option("--results", `${ROOT}.conformance`);

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);
const expected = readJson(option("--expected", `${ROOT}contract/expected.json`));
const divergences = readDivergences(option("--divergences", `${ROOT}docs/divergences.md`));
const results = Object.fromEntries(
  TARGETS.map((name) => [name, readJson(`${RESULTS}/${name}.json`)]).filter(([, value]) => value),
);
if (Object.keys(results).length === 0) {
  console.error("conformance-report: no results in .conformance/ — run `npm run conformance` first");
  process.exit(2);
}

const real = results.real;
const referenceName = real ? `this run's real Phoenix ${real.phoenixVersion ?? ""}`.trim() : `recorded real Phoenix ${expected?.phoenixVersion ?? "?"} (contract/expected.json)`;
const reference = (id) => (real ? real.cases[id]?.observation : expected?.cases[id]);

/** "204 → 200 → 401" over the recorded steps, or the notes' keys when the case records only notes. */
function summary(observation) {
  if (!observation) return "";
  const statuses = observation.steps.map((step) => String(step.status));
  if (statuses.length > 0) return statuses.length > 8 ? `${statuses.slice(0, 8).join(" ")} … (${statuses.length})` : statuses.join(" ");
  return `${Object.keys(observation.notes).length} notes`;
}

const caseIds = [...new Set(Object.values(results).flatMap((r) => Object.keys(r.cases)))];
const problems = [];
const details = [];
const rows = [];
for (const id of caseIds) {
  const title = Object.values(results).map((r) => r.cases[id]?.title).find(Boolean) ?? "";
  const cells = [];
  for (const name of TARGETS) {
    const result = results[name]?.cases[id];
    if (!results[name]) {
      cells.push("not run");
      continue;
    }
    if (!result) {
      cells.push("—");
      continue;
    }
    if (result.outcome === "skipped") {
      cells.push(`skipped`);
      continue;
    }
    if (result.outcome === "failed" && result.comparison !== "differs") {
      cells.push(`**FAILED** ${summary(result.observation)}`);
      problems.push(`${name} / ${id}: failed: ${result.reason ?? ""}`.slice(0, 400));
      continue;
    }
    if (name === "real") {
      cells.push(`${summary(result.observation)}`);
      continue;
    }
    const ref = reference(id);
    const documented = divergences.get(id);
    if (!ref) {
      cells.push(`${summary(result.observation)} (no real answer)`);
      if (!documented) problems.push(`${name} / ${id}: no real-Phoenix observation to compare with`);
    } else if (sameObservation(ref, result.observation)) {
      cells.push(`= ${summary(result.observation)}`);
    } else if (documented !== undefined && unexcusedPaths(ref, result.observation, documented.paths).length === 0) {
      cells.push(`≠ documented: ${summary(result.observation)}`);
    } else {
      cells.push(`**≠ DIFFERS** ${summary(result.observation)}`);
      problems.push(`${name} / ${id}: differs from real Phoenix`);
      details.push(`- \`${id}\` on ${name}:\n${diffPaths(ref, result.observation).map((line) => `  - \`${line.replace(/`/g, "'")}\``).join("\n")}`);
    }
  }
  rows.push(`| \`${id}\` | ${title.replace(/\|/g, "\\|")} | ${cells.join(" | ")} |`);
}

const stale = [...divergences.keys()].filter((id) => !caseIds.includes(id));
const targetLines = TARGETS.filter((name) => results[name]).map((name) => {
  const r = results[name];
  const all = Object.values(r.cases);
  const count = (outcome) => all.filter((c) => c.outcome === outcome).length;
  const version = r.phoenixVersion ? `, Phoenix ${r.phoenixVersion}` : "";
  return `| ${name} | ${all.length} | ${count("passed")} | ${count("failed")} | ${count("skipped")} | ${(r.durationMs / 1000).toFixed(1)} s${version} |`;
});

const markdown = `# Conformance: the mock Phoenix against a real Phoenix

Generated by \`scripts/conformance-report.mjs\` from the last \`npm run conformance\` run (${new Date().toISOString().slice(0, 10)}).
Reference: ${referenceName}. How to run it, and against your own Phoenix: [the contract suite](https://github.com/phoenix-otel-auth/phoenix-otel-auth/blob/main/packages/phoenix-mock/docs/contract-suite.md).

| Target | Cases | Passed | Failed | Skipped | Time |
|---|---|---|---|---|---|
${targetLines.join("\n")}

Cells: the HTTP statuses the case observed, in order. \`=\` the mock answered exactly like real Phoenix (status codes,
body texts, JSON shapes, auth-relevant headers, cookies); \`≠ documented\`: a difference listed in
[docs/divergences.md](docs/divergences.md); **≠ DIFFERS**: an undocumented difference (fails CI).

Undocumented differences and failures: ${problems.length === 0 ? "**none**." : `**${problems.length}**\n\n${problems.map((p) => `- ${p}`).join("\n")}`}
${details.length ? `\n${details.join("\n")}\n` : ""}${stale.length ? `\nDivergence entries that name no case: ${stale.map((id) => `\`${id}\``).join(", ")}\n` : ""}
| Case | What it checks | ${TARGETS.join(" | ")} |
|---|---|${TARGETS.map(() => "---").join("|")}|
${rows.join("\n")}
`;

writeFileSync(OUT, markdown);
console.log(`conformance-report: wrote ${OUT} (${caseIds.length} cases; reference: ${referenceName})`);
for (const line of targetLines) console.log(`  ${line}`);
if (problems.length > 0) {
  console.error(`conformance-report: ${problems.length} undocumented difference(s) or failure(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
