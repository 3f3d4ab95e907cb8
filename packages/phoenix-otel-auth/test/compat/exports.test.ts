// Every export of @arizeai/phoenix-otel (the installed devDependency, so a new release that adds a name fails here)
// is exported by phoenix-otel-auth, from the built package (dist), ESM and CommonJS, and ./vercel likewise.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const dist = new URL("../../dist/", import.meta.url);
if (!existsSync(new URL("index.js", dist))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");

const theirEsm = await import("@arizeai/phoenix-otel");
const theirCjs = require("@arizeai/phoenix-otel") as Record<string, unknown>;
const ourEsm = (await import(new URL("index.js", dist).href)) as Record<string, unknown>;
const ourCjs = require(new URL("index.cjs", dist).pathname) as Record<string, unknown>;

// Names of theirs that are the very same object in ours: the OpenTelemetry and OpenInference re-exports.
const OWN_NAMES = new Set([
  "register",
  "getDefaultSpanProcessor",
  "ensureCollectorEndpoint",
  "attachGlobalTracerProvider",
  "detachGlobalTracerProvider",
  "createNoOpProvider",
  "LazyOpenInferenceSpanProcessor",
  "objectAsAttributes",
  // 2.1 re-exports @arizeai/openinference-core's getTracer (an OITracer bound to the provider of the moment); 3.0 has
  // its own that follows provider swaps. Ours is both: an OITracer that follows swaps (test/register/drop-in/v3-names.test.ts).
  "getTracer",
]);

describe("the export list of @arizeai/phoenix-otel", () => {
  const theirs = Object.keys(theirEsm).sort();

  it("theirs is what we expect to cover (ESM and CJS agree)", () => {
    expect(theirs.length).toBeGreaterThan(200);
    expect(Object.keys(theirCjs).filter((k) => k !== "__esModule").sort()).toEqual(theirs);
    for (const name of OWN_NAMES) expect(theirs).toContain(name);
  });

  it.each([
    ["ESM", ourEsm],
    ["CJS", ourCjs],
  ])("every name of theirs is exported by ours (%s), with the same kind of value", (_format, ours) => {
    expect(theirs.filter((name) => !(name in ours))).toEqual([]);
    for (const name of theirs) expect(typeof ours[name], name).toBe(typeof (theirEsm as Record<string, unknown>)[name]);
  });

  // On the OpenTelemetry 3 run (scripts/test-otel3.sh) our OTel packages are the 3.x line and theirs (2.1) the 2.x line:
  // no object can be shared there, and the name lists above still are compared.
  it.skipIf(process.env.OTEL3_DIR)("the re-exports are the very same objects as theirs (the lazy ones once used), except where their pinned OTel range installs a second copy", () => {
    // registerInstrumentations, the OpenInference helpers and the conventions' objects load on first use (src/lazy/):
    // one use of each package turns every one of its names into the package's own object (test/lazy/lazy-exports.test.ts
    // shows the before).
    expect(ourEsm.withSpan).not.toBe((theirEsm as Record<string, unknown>).withSpan);
    (ourEsm.getSession as (c: unknown) => unknown)((ourEsm.context as { active(): unknown }).active());
    (ourCjs.getSession as (c: unknown) => unknown)((ourCjs.context as { active(): unknown }).active());
    (ourEsm.registerInstrumentations as (o: object) => () => void)({ instrumentations: [] })();
    (ourCjs.registerInstrumentations as (o: object) => () => void)({ instrumentations: [] })();
    expect([ourEsm, ourCjs].map((ours) => (ours.OpenInferenceSpanKind as Record<string, string>).LLM)).toEqual(["LLM", "LLM"]);
    // @arizeai/phoenix-otel 2.1 pins @opentelemetry/exporter-trace-otlp-proto and instrumentation ^0.220 and core ^2.9,
    // and our ranges start higher, so this tree has two copies of those three packages: same names, other versions.
    const secondCopy = ["OTLPTraceExporter", "registerInstrumentations", "suppressTracing"];
    const different = theirs.filter((name) => !OWN_NAMES.has(name) && ourEsm[name] !== (theirEsm as Record<string, unknown>)[name]);
    expect(different).toEqual(secondCopy);
    expect(theirs.filter((name) => !OWN_NAMES.has(name) && ourCjs[name] !== theirCjs[name])).toEqual(secondCopy);
    for (const name of secondCopy) expect((ourEsm[name] as { name: string }).name).toBe((theirEsm as unknown as Record<string, { name: string }>)[name]?.name);
  });

  it("./vercel exports what @arizeai/phoenix-otel/vercel does, the same objects", async () => {
    const theirVercel = (await import("@arizeai/phoenix-otel/vercel")) as Record<string, unknown>;
    const ourVercel = (await import(new URL("vercel.js", dist).href)) as Record<string, unknown>;
    expect(Object.keys(ourVercel).sort()).toEqual(Object.keys(theirVercel).sort());
    for (const name of Object.keys(theirVercel)) expect(ourVercel[name], name).toBe(theirVercel[name]);
  });

  it("the leaked test helper of their unreleased HEAD is not exported (see README)", () => {
    expect("resetTraceExportSourceLogForTesting" in ourEsm).toBe(false);
  });
});
