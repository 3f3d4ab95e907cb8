// Written by scripts/lazy-exports.mjs from @opentelemetry/instrumentation; do not edit (test/lazy/lazy-exports.test.ts).
// The names we use of @opentelemetry/instrumentation, loaded on its first use (./stubs.ts).
import { createRequire } from "node:module";
import type * as M from "@opentelemetry/instrumentation";
import { lazyFunction, loadOnce } from "./stubs.js";

const requireHere = createRequire(import.meta.url);
// The require() is written out so that a bundler (Next.js) sees the package; ./stubs.ts prefers the ESM entry.
const load = loadOnce<typeof M>("@opentelemetry/instrumentation", () => requireHere("@opentelemetry/instrumentation"), (m) => {
  registerInstrumentations = m.registerInstrumentations;
});

/** `registerInstrumentations` of `@opentelemetry/instrumentation`, loaded on its first use; see that package's documentation. */ export let registerInstrumentations: typeof M.registerInstrumentations = lazyFunction(load, "registerInstrumentations");
