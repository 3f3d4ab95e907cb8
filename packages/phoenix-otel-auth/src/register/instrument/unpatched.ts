// "Instrumentation that starts too late": a module an instrumentation patches was loaded before register() turned
// the instrumentation on (the CommonJS ordering mistake, or an ES `import` hoisted above the file that calls
// register()), and nothing required it again since. The app then holds the unpatched module and gets no spans from
// it, silently; so does an ES-module app without OpenTelemetry's loader hook, for a CommonJS package it imports
// (`import express from "express"`). Checked once the app's start-up has run (register() schedules it): a module that is loaded but was
// never handed to the instrumentation (its definition has no `moduleExports`) is one the app took before. A module
// required again after register() is patched then, so it does not count. OpenTelemetry's own check reads
// `globalThis.require`, which only a REPL has, so it never speaks in an app. Built-in modules are left out: they are
// patched in place, so a late start still traces most calls.
import { createRequire, isBuiltin } from "node:module";
import { join } from "node:path";
import type { Instrumentation } from "@opentelemetry/instrumentation";

const requireHere = createRequire(import.meta.url);

/** One message per (instrumentation, module) loaded from the app's folder but never patched, with the fix. */
export function unpatchedModules(instrumentations: readonly Instrumentation[], cwd = process.cwd()): string[] {
  const fromApp = createRequire(join(cwd, "package.json"));
  const cache = requireHere.cache;
  const messages: string[] = [];
  for (const instrumentation of instrumentations) {
    // The definitions the instrumentation patches through are its `_modules` (getModuleDefinitions() calls init()
    // again and returns fresh, never-patched ones): read those, so a module handed over shows as handed over.
    type Definition = { name: string; moduleExports?: unknown; patch?: unknown; files?: Array<{ moduleExports?: unknown }> };
    const definitions = (instrumentation as { _modules?: Definition[] })._modules ?? [];
    for (const { name, moduleExports, patch, files = [] } of definitions) {
      // Handed over means: the module itself (when it has a patch) or one of its files reached the instrumentation.
      const handedOver = moduleExports !== undefined || files.some((file) => file.moduleExports !== undefined);
      const observable = typeof patch === "function" || files.length > 0;
      if (isBuiltin(name) || handedOver || !observable) continue;
      let file: string;
      try {
        file = fromApp.resolve(name);
      } catch {
        continue; // not installed where the app is: nothing was loaded either
      }
      if (!cache[file]?.loaded) continue;
      messages.push(
        `${name} is loaded, but ${instrumentation.instrumentationName} never patched it, so its spans are missing: the app took it ` +
          "before register() turned the instrumentation on, or (in an ES-module app) OpenTelemetry's loader hook is not installed. " +
          "Start the app with `node --import phoenix-otel-auth/register` (ES modules) or `--require phoenix-otel-auth/register` " +
          "(CommonJS) and name the instrumentation in PHOENIX_INSTRUMENTATIONS, or call register() in its own file, imported first.",
      );
    }
  }
  return messages;
}
