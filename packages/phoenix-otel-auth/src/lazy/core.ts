// Written by scripts/lazy-exports.mjs from @opentelemetry/core; do not edit (test/lazy/lazy-exports.test.ts).
// The names we use of @opentelemetry/core, loaded on its first use (./stubs.ts).
import type * as M from "@opentelemetry/core";
import { lazyClass, lazyFunction, loadOnce } from "./stubs.js";

const load = loadOnce<typeof M>("@opentelemetry/core", (m) => {
  CompositePropagator = m.CompositePropagator;
  W3CBaggagePropagator = m.W3CBaggagePropagator;
  W3CTraceContextPropagator = m.W3CTraceContextPropagator;
  globalErrorHandler = m.globalErrorHandler;
  suppressTracing = m.suppressTracing;
});

export type CompositePropagator = M.CompositePropagator;
export let CompositePropagator: typeof M.CompositePropagator = lazyClass(load, "CompositePropagator");
export type W3CBaggagePropagator = M.W3CBaggagePropagator;
export let W3CBaggagePropagator: typeof M.W3CBaggagePropagator = lazyClass(load, "W3CBaggagePropagator");
export type W3CTraceContextPropagator = M.W3CTraceContextPropagator;
export let W3CTraceContextPropagator: typeof M.W3CTraceContextPropagator = lazyClass(load, "W3CTraceContextPropagator");
export let globalErrorHandler: typeof M.globalErrorHandler = lazyFunction(load, "globalErrorHandler");
export let suppressTracing: typeof M.suppressTracing = lazyFunction(load, "suppressTracing");
