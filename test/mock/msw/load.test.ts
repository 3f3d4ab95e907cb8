import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

// "Install msw" only when msw is truly absent: a project whose node_modules has every package of ours but msw
// (symlinks, resolved with --preserve-symlinks so that nothing finds this repository's msw).
const ROOT = resolve(".");
let project: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "testing.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  project = mkdtempSync(join(tmpdir(), "no-msw-"));
  const modules = join(project, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    if (entry === "msw" || entry === ".bin" || entry === ".cache" || entry.startsWith(".package-lock")) continue;
    symlinkSync(join(ROOT, "node_modules", entry), join(modules, entry));
  }
  // The package itself without this repository's node_modules next to it.
  mkdirSync(join(modules, "phoenix-otel-auth"));
  for (const entry of ["package.json", "dist"]) symlinkSync(join(ROOT, entry), join(modules, "phoenix-otel-auth", entry));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function run(source: string, ext: "mjs" | "cjs"): { stdout: string; stderr: string; status: number | null } {
  const file = join(project, `check.${ext}`);
  writeFileSync(file, source);
  return spawnSync(process.execPath, ["--preserve-symlinks", file], { cwd: project, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
}

const PROBE = `
try { setupMswServer(createMockPhoenix()); console.log("loaded"); } catch (error) { console.log(error.name + ": " + error.message); }
try { createMockPhoenix().handlers; console.log("loaded"); } catch (error) { console.log(error.name + ": " + error.message); }
`;

it.each(["mjs", "cjs"] as const)("without msw installed (%s), both helpers say to install it", (ext) => {
  const imports =
    ext === "mjs"
      ? 'import { createMockPhoenix, setupMswServer } from "phoenix-otel-auth/testing";'
      : 'const { createMockPhoenix, setupMswServer } = require("phoenix-otel-auth/testing");';
  const result = run(`${imports}\n${PROBE}`, ext);
  expect(result.stderr).toBe("");
  expect(result.stdout.trim().split("\n")).toEqual([
    'MockUsageError: setupMswServer needs the optional peer dependency "msw" (2.15 or later), which is not installed. Install it: npm install --save-dev msw',
    'MockUsageError: mock.handlers needs the optional peer dependency "msw" (2.15 or later), which is not installed. Install it: npm install --save-dev msw',
  ]);
});

it("with msw installed, the same probe loads it (the control for the test above)", () => {
  symlinkSync(join(ROOT, "node_modules", "msw"), join(project, "node_modules", "msw"));
  const result = run(`import { createMockPhoenix, setupMswServer } from "phoenix-otel-auth/testing";\n${PROBE}`, "mjs");
  expect(result.stdout.trim().split("\n")).toEqual(["loaded", "loaded"]);
});
