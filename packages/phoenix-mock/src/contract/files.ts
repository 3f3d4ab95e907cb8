// The contract suite's data, shipped in the package's contract/ folder: the answers recorded from the real Phoenix
// (expected.json) and the Python clients' scripts (python/). Found from this module's own location, which is dist/ in
// an installed package and src/contract/ in this repository.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

let found: string | undefined;

/** The absolute path of `relative` inside the package's contract/ folder. */
export function contractPath(relative: string): string {
  if (!found) {
    for (const up of ["../", "../../", "../../../"]) {
      const dir = fileURLToPath(new URL(`${up}contract/`, import.meta.url));
      if (existsSync(`${dir}expected.json`)) {
        found = dir;
        break;
      }
    }
    if (!found) throw new Error("phoenix-mock's contract/ folder (expected.json) is missing next to its dist/: reinstall phoenix-mock");
  }
  return `${found}${relative}`;
}
