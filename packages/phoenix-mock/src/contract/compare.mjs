// Shared by the conformance suite (test/conformance/suite.ts) and scripts/conformance-report.mjs.
import { existsSync, readFileSync } from "node:fs";

/**
 * Case ids listed in docs/divergences.md under "## Conformance cases where the mock is allowed to differ": a markdown
 * table whose columns are the case id, the reason, and the paths of the observation that may differ (comma-separated,
 * as diffPaths() names them, e.g. `.notes.5-mib-no-key.details`). A difference anywhere else in a listed case fails.
 */
export function readDivergences(file) {
  const out = new Map();
  if (!existsSync(file)) return out;
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("## Conformance cases");
  if (start < 0) return out;
  for (const line of text.slice(start).split("\n")) {
    if (!line.trim().startsWith("|")) continue;
    const cells = line.split("|").map((cell) => cell.trim());
    const id = (cells[1] ?? "").replace(/`/g, "");
    if (!id || id === "Case" || /^:?-+:?$/.test(id)) continue;
    const paths = (cells[3] ?? "").split(",").map((path) => path.replace(/`/g, "").trim()).filter(Boolean);
    out.set(id, { reason: cells[2] ?? "", paths });
  }
  return out;
}

/** The paths where two observations differ (after the timestamp rule of sameObservation) that `excused` does not list. */
export function unexcusedPaths(a, b, excused = []) {
  return diffPaths(normalized(a), normalized(b), Number.POSITIVE_INFINITY).filter((line) => !excused.some((path) => line.startsWith(`${path}: `)));
}

const normalized = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value).replace(/<time\.6(?=[^>]*>)/g, "<time")));

/**
 * Whether two observations are the same answer. Python's isoformat() drops an all-zero microsecond part, so a
 * timestamp that falls on a whole millisecond on one server and not on the other (`<time+00:00>` vs
 * `<time.6+00:00>`) is the same precision; millisecond vs microsecond digits (`.3` vs `.6`) still differ.
 */
export function sameObservation(a, b) {
  const text = (value) => JSON.stringify(value)?.replace(/<time\.6(?=[^>]*>)/g, "<time");
  return text(a) === text(b);
}

/** Paths where two JSON values differ, as `path: a != b` lines (at most `limit`). */
export function diffPaths(a, b, limit = 5, path = "") {
  const out = [];
  const walk = (x, y, p) => {
    if (out.length >= limit || JSON.stringify(x) === JSON.stringify(y)) return;
    if (x && y && typeof x === "object" && typeof y === "object") {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], `${p}.${key}`);
      return;
    }
    const show = (v) => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 160));
    out.push(`${p || "."}: real ${show(x)} / got ${show(y)}`);
  };
  walk(a, b, path);
  return out;
}
