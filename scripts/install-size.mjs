// Packages and MB in a project's node_modules (nested packages counted; MB are the files' bytes), the measure of
// bench/install.bench.mjs. With --max-packages N / --max-mb M it exits 1 when the install is over either bound.
//   node scripts/install-size.mjs <project dir> [--max-packages N] [--max-mb M]
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every installed package (a folder of node_modules with a package.json), scoped and nested ones included. */
export function countPackages(dir) {
  let count = 0;
  const visit = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const path = join(modules, entry);
      if (entry.startsWith("@")) for (const scoped of readdirSync(path)) visitPackage(join(path, scoped));
      else visitPackage(path);
    }
  };
  const visitPackage = (path) => {
    if (!existsSync(join(path, "package.json"))) return;
    count++;
    visit(join(path, "node_modules"));
  };
  visit(join(dir, "node_modules"));
  return count;
}

/** The bytes of every file under `path`. */
export function diskBytes(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + diskBytes(join(path, entry)), 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = ".", ...flags] = process.argv.slice(2);
  const bound = (name) => (flags.includes(name) ? Number(flags[flags.indexOf(name) + 1]) : Infinity);
  const packages = countPackages(dir);
  const mb = diskBytes(join(dir, "node_modules")) / 1e6;
  console.log(`${packages} packages, ${mb.toFixed(1)} MB`);
  process.exit(packages > bound("--max-packages") || mb > bound("--max-mb") ? 1 : 0);
}
