// What each package's tarball holds, checked before anything is published (`npm run check:packages`, part of
// `npm test`): `npm pack --dry-run` per workspace, then every path is held against the rules below. A tarball fails when
// it holds a cache (a dot-folder such as .vite/ or .cache/), a node_modules path, a test file outside examples/, the
// test/ or src/ folders, a source map, a packed tarball, or when an entry point of package.json is missing from it.
//   node scripts/check-packed.mjs            (exit 1 and one line per problem when a tarball is wrong)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Why a path must not be in a published tarball, or undefined when it may be. */
export function unwanted(path) {
  if (path.split("/").some((part) => part === "node_modules")) return "a node_modules path";
  if (path.split("/").some((part) => part.startsWith(".") && part !== ".")) return "a dot-file or cache folder";
  if (/\.map$/.test(path)) return "a source map";
  if (/\.tgz$/.test(path)) return "a packed tarball";
  if (/^(test|src|bench|scripts)\//.test(path)) return "a source or test folder";
  if (/\.(test|spec|stress\.test)\.[cm]?[jt]s$/.test(path) && !path.startsWith("examples/")) return "a test file outside examples/";
  return undefined;
}

/** Every file that package.json's entry points name (exports, main, module, types, bin), as tarball paths. */
export function entryFiles(manifest) {
  const found = new Set();
  const walk = (value) => {
    if (typeof value === "string") {
      if (value.startsWith("./") && !value.includes("*")) found.add(value.slice(2));
    } else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk([manifest.exports, manifest.main, manifest.module, manifest.types, manifest.bin]);
  return [...found];
}

/** The problems of one package's file list, one line each. */
export function problems(name, manifest, paths) {
  const lines = [];
  for (const path of paths) {
    const why = unwanted(path);
    if (why) lines.push(`${name}: ${path} is ${why}; narrow "files" in package.json`);
  }
  for (const entry of entryFiles(manifest)) {
    if (!paths.includes(entry)) lines.push(`${name}: ${entry} (an entry point of package.json) is not in the tarball; run the build, or widen "files"`);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { workspaces } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
  const all = [];
  for (const dir of workspaces) {
    const manifest = JSON.parse(readFileSync(`${ROOT}${dir}/package.json`, "utf8"));
    if (manifest.private) continue;
    const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: `${ROOT}${dir}`, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    const paths = pack.files.map((file) => file.path);
    const found = problems(manifest.name, manifest, paths);
    all.push(...found);
    console.log(`${manifest.name}: ${paths.length} files, ${(pack.size / 1024).toFixed(0)} kB packed${found.length ? `, ${found.length} problems` : ", clean"}`);
  }
  for (const line of all) console.error(line);
  process.exit(all.length ? 1 : 0);
}
