// `npm test` asserts no time and waits at most a second: a bound in time belongs in a *.timing.test.ts file (run by
// `npm run test:stress` and the OpenTelemetry 3 run, in CI), where a loaded machine cannot turn it into a flake.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.test\.ts$/.test(entry.name) && !/\.(stress|timing)\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Lines that assert a duration (a clock difference or a `…Ms`/`elapsed…` value compared with a bound), or sleep over a second. */
export function timingLines(text: string): string[] {
  const assertsTime = /expect\([^;]*(Date\.now\(\)|performance\.now\(\)|\b[a-z]\w*Ms\b|\belapsed\w*)[^;]*\)\.toBe(LessThan|GreaterThan)/;
  const longSleep = /setTimeout\(\s*\w+\s*,\s*([\d_]+)\s*\)/g;
  return text.split("\n").filter((line) => assertsTime.test(line) || [...line.matchAll(longSleep)].some((m) => Number(m[1]!.replace(/_/g, "")) > 1000));
}

describe("npm test asserts no time", () => {
  it("no test file of `npm test` asserts a duration or sleeps over a second", () => {
    const self = fileURLToPath(import.meta.url); // its own examples below
    const files = [join(ROOT, "test"), join(ROOT, "packages/phoenix-otel-auth/test"), join(ROOT, "packages/phoenix-mock/test")].flatMap(testFiles).filter((file) => file !== self);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => timingLines(readFileSync(file, "utf8")).map((line) => `${relative(ROOT, file)}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it("the check finds what it looks for", () => {
    expect(timingLines("    expect(Date.now() - started).toBeLessThan(5_000);")).toHaveLength(1);
    expect(timingLines("    expect(run.elapsedMs).toBeLessThan(5_000);")).toHaveLength(1);
    expect(timingLines("    expect(heldMs).toBeGreaterThanOrEqual(1400);")).toHaveLength(1);
    expect(timingLines("    await new Promise((r) => setTimeout(r, 1200));")).toHaveLength(1);
    expect(timingLines("    await new Promise((r) => setTimeout(r, 1000));")).toEqual([]);
    expect(timingLines("    expect(spans).toHaveLength(3);")).toEqual([]);
  });
});
