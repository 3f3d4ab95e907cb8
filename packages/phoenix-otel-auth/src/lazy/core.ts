// Written by scripts/lazy-exports.mjs from @opentelemetry/core; do not edit (test/lazy/lazy-exports.test.ts).
// The names we use of @opentelemetry/core, loaded on its first use (./stubs.ts).
import { createRequire } from "node:module";
import type * as M from "@opentelemetry/core";
import { lazyClass, lazyFunction, loadOnce } from "./stubs.js";

const requireHere = createRequire(import.meta.url);
// The require() is written out so that a bundler (Next.js) sees the package; ./stubs.ts prefers the ESM entry.
const load = loadOnce<typeof M>("@opentelemetry/core", () => requireHere("@opentelemetry/core"), (m) => {
  CompositePropagator = m.CompositePropagator;
  W3CBaggagePropagator = m.W3CBaggagePropagator;
  W3CTraceContextPropagator = m.W3CTraceContextPropagator;
  globalErrorHandler = m.globalErrorHandler;
  suppressTracing = m.suppressTracing;
});

/** `CompositePropagator` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export type CompositePropagator = M.CompositePropagator;
/** `CompositePropagator` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export let CompositePropagator: typeof M.CompositePropagator = lazyClass(load, "CompositePropagator");
/** `W3CBaggagePropagator` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export type W3CBaggagePropagator = M.W3CBaggagePropagator;
/** `W3CBaggagePropagator` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export let W3CBaggagePropagator: typeof M.W3CBaggagePropagator = lazyClass(load, "W3CBaggagePropagator");
/** `W3CTraceContextPropagator` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export type W3CTraceContextPropagator = M.W3CTraceContextPropagator;
/** `W3CTraceContextPropagator` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export let W3CTraceContextPropagator: typeof M.W3CTraceContextPropagator = lazyClass(load, "W3CTraceContextPropagator");
/** `globalErrorHandler` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export let globalErrorHandler: typeof M.globalErrorHandler = lazyFunction(load, "globalErrorHandler");
/** `suppressTracing` of `@opentelemetry/core`, loaded on its first use; see that package's documentation. */ export let suppressTracing: typeof M.suppressTracing = lazyFunction(load, "suppressTracing");
