// npm run bench: runs every bench/*.bench.mjs in its own process, one after the other (the machine is small).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== bench/${file}`);
  const { status, signal } = spawnSync(process.execPath, [`${dir}${file}`], { stdio: "inherit" });
  if (status !== 0) {
    failed += 1;
    console.log(`bench/${file} failed (${signal ?? `exit ${status}`})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
