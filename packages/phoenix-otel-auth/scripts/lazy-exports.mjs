// Writes src/lazy/<file>.ts: the names we re-export from a package a plain app does not need at start-up, each a
// binding that loads the package on first use and then becomes the package's own value (see src/lazy/stubs.ts).
// ESM cannot re-export lazily (`export *` loads the module), so the names are listed here, from the installed package;
// test/lazy/lazy-exports.test.ts fails when a file is not what this script writes now (a new name upstream, say).
//   node packages/phoenix-otel-auth/scripts/lazy-exports.mjs          (rewrite)
//   node packages/phoenix-otel-auth/scripts/lazy-exports.mjs --check  (exit 1 when a file is stale)
import { readFileSync, writeFileSync } from "node:fs";

const PACKAGE_DIR = new URL("../", import.meta.url);

/** What is loaded lazily: the module, the names (all, or a list) and the file written. */
export const LAZY_MODULES = [
  { module: "@arizeai/openinference-core", names: "all", file: "openinference-core.ts" },
  { module: "@opentelemetry/instrumentation", names: ["registerInstrumentations"], file: "instrumentation.ts" },
  // Strings and data objects: the strings are written out, an object loads the package on its first read.
  { module: "@arizeai/openinference-semantic-conventions", names: "all", file: "semantic-conventions.ts" },
  // What we use of @opentelemetry/core before an export or a propagation needs it (ESM importing this CommonJS package
  // on the 2.x line costs 2-4 ms of export-name scanning at start-up).
  { module: "@opentelemetry/core", names: ["CompositePropagator", "W3CBaggagePropagator", "W3CTraceContextPropagator", "globalErrorHandler", "suppressTracing"], file: "core.ts" },
];

const STUB_OF = { class: "lazyClass", function: "lazyFunction", object: "lazyObject" };

const kindOf = (value) => {
  if (typeof value === "function") return /^class\b/.test(Function.prototype.toString.call(value)) ? "class" : "function";
  if (value !== null && typeof value === "object") return "object";
  return "constant";
};

/** The text of src/lazy/<file> for one entry of LAZY_MODULES, from the module as installed. */
export async function render({ module, names }) {
  const namespace = await import(module);
  const chosen = (names === "all" ? Object.keys(namespace).filter((n) => n !== "default" && n !== "__esModule") : names).sort();
  const lines = [
    `// Written by scripts/lazy-exports.mjs from ${module}; do not edit (test/lazy/lazy-exports.test.ts).`,
    `// ${names === "all" ? "Every export" : "The names we use"} of ${module}, loaded on its first use (./stubs.ts).`,
    `import { createRequire } from "node:module";`,
    `import type * as M from "${module}";`,
    `import { ${[...new Set(chosen.map((n) => STUB_OF[kindOf(namespace[n])]).filter(Boolean)), "loadOnce"].sort().join(", ")} } from "./stubs.js";`,
    ...(names === "all" ? [`export type * from "${module}"; // its types; the values below shadow its values`] : []),
    ``,
    `const requireHere = createRequire(import.meta.url);`,
    `// The require() is written out so that a bundler (Next.js) sees the package; ./stubs.ts prefers the ESM entry.`,
    `const load = loadOnce<typeof M>("${module}", () => requireHere("${module}"), (m) => {`,
    ...chosen.map((n) => `  ${n} = m.${n};`),
    `});`,
    ``,
  ];
  // One doc comment per name, on its line (the API reference requires one on every export: npm run docs:api).
  const doc = (name) => `/** \`${name}\` of \`${module}\`, loaded on its first use; see that package's documentation. */ `;
  for (const name of chosen) {
    const value = namespace[name];
    const kind = kindOf(value);
    if (kind === "class") lines.push(`${doc(name)}export type ${name} = M.${name};`);
    const init =
      kind === "class" ? `lazyClass(load, "${name}")`
      : kind === "function" ? `lazyFunction(load, "${name}")`
      : kind === "object" ? `lazyObject(load, "${name}")`
      : JSON.stringify(value);
    lines.push(`${doc(name)}export let ${name}: typeof M.${name} = ${init};`);
  }
  return `${lines.join("\n")}\n`;
}

const target = (file) => new URL(`src/lazy/${file}`, PACKAGE_DIR);

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const entry of LAZY_MODULES) {
    const text = await render(entry);
    let current = "";
    try { current = readFileSync(target(entry.file), "utf8"); } catch {}
    if (current === text) continue;
    if (check) { stale++; console.error(`src/lazy/${entry.file} is stale: run node packages/phoenix-otel-auth/scripts/lazy-exports.mjs`); }
    else writeFileSync(target(entry.file), text);
  }
  process.exitCode = stale ? 1 : 0;
}
