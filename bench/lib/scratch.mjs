// Scratch apps for the benchmarks that measure what a user installs: the packed tarballs (scripts/pack.sh) and registry
// packages installed with plain `npm install` by a given Node version's own npm, as a user of that Node would.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NPM_CLI = join(dirname(process.execPath), "../lib/node_modules/npm/bin/npm-cli.js");

let packed;
/** The packed tarballs, built once per process: { ours, mock }. */
export function tarballs() {
  if (!packed) {
    const dir = mkdtempSync(join(tmpdir(), "bench-pack-"));
    execFileSync(`${ROOT}scripts/pack.sh`, [dir], { stdio: ["ignore", "ignore", "inherit"] });
    packed = { ours: join(dir, "phoenix-otel-auth.tgz"), mock: join(dir, "phoenix-mock.tgz") };
  }
  return packed;
}

/** The node binary of a major version (from the registry, as .ci/run gets them), or this one for "current". */
export function nodeBinary(version) {
  if (version === "current") return process.execPath;
  return execFileSync("npx", ["-y", `node@${version}`, "-p", "process.execPath"], { encoding: "utf8" }).trim();
}

/** A fresh scratch app with `packages` installed by `node`'s npm; returns its folder. */
export function scratchApp(name, packages, node = process.execPath) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name.replace(/\W+/g, "-")}-`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "name": "scratch", "private": true, "version": "0.0.0", "type": "module" }\n');
  const run = spawnSync(node, [NPM_CLI, "install", "--no-audit", "--no-fund", "--loglevel=error", ...packages], { cwd: dir, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${name}: npm install failed: ${run.stderr.slice(-600)}`);
  return dir;
}
