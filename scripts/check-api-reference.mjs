// After `typedoc` (npm run docs:api): every runtime export of each public entry point (package.json "exports", read
// from the built dist/) has its page or its entry in the generated API reference (api-reference/<package>/). TypeDoc's
// own validation (packages/*/typedoc.json: notDocumented, as an error) has already failed on an export without a doc
// comment; this catches an entry point or a name the TypeDoc configuration left out.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../", import.meta.url).pathname;
let missing = 0;
for (const pkg of ["phoenix-otel-auth", "phoenix-mock"]) {
  const manifest = JSON.parse(readFileSync(join(ROOT, "packages", pkg, "package.json"), "utf8"));
  const dir = join(ROOT, "api-reference", pkg);
  if (!existsSync(join(ROOT, "packages", pkg, "dist"))) throw new Error(`packages/${pkg}/dist is missing: run \`npm run build\` first`);
  const pages = readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith(".html"));
  const html = pages.map((file) => readFileSync(join(dir, String(file)), "utf8")).join("\n");
  // "./register" is the preload (`node --import phoenix-otel-auth/register`): it runs register() and exports nothing.
  const entries = Object.keys(manifest.exports).filter((entry) => entry !== "./package.json" && entry !== "./register");
  for (const entry of entries) {
    const specifier = entry === "." ? pkg : `${pkg}/${entry.slice(2)}`;
    const names = Object.keys(await import(specifier)).filter((name) => name !== "default");
    const absent = names.filter((name) => !html.includes(`>${name}<`));
    if (absent.length > 0) console.error(`api-reference/${pkg}: ${specifier} exports ${absent.join(", ")}, which the reference does not show`);
    else console.log(`api-reference/${pkg}: all ${names.length} exports of ${specifier} are in the reference`);
    missing += absent.length;
  }
}
process.exitCode = missing > 0 ? 1 : 0;
