// "Instrumentation that starts too late": a module an instrumentation patches was loaded before register() turned
// the instrumentation on (the CommonJS ordering mistake, or an ES `import` hoisted above the file that calls
// register()), and nothing required it again since. The app then holds the unpatched module and gets no spans from
// it, silently; so does an ES-module app without OpenTelemetry's loader hook, for a CommonJS package it imports
// (`import express from "express"`). Checked once the app's start-up has run (register() schedules it): a module that is loaded but was
// never handed to the instrumentation (its definition has no `moduleExports`) is one the app took before. A module
// required again after register() is patched then, so it does not count. OpenTelemetry's own check reads
// `globalThis.require`, which only a REPL has, so it never speaks in an app. Built-in modules are left out: they are
// patched in place, so a late start still traces most calls.
import { existsSync, readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, relative } from "node:path";
import type { Instrumentation } from "@opentelemetry/instrumentation";

const requireHere = createRequire(import.meta.url);

/** Set by the `--import phoenix-otel-auth/register` preload once it installed OpenTelemetry's ES-module loader hook. */
export const ESM_HOOK = Symbol.for("phoenix-otel-auth.esm-hook");

type Copy = { dir: string; version: string };

/** The copy of @opentelemetry/instrumentation that `resolve` finds: its folder and version. */
function instrumentationCopy(resolve: (request: string) => string): Copy | undefined {
  try {
    for (let dir = dirname(resolve("@opentelemetry/instrumentation")); dirname(dir) !== dir; dir = dirname(dir)) {
      const pkg = join(dir, "package.json");
      if (!existsSync(pkg)) continue;
      const { name, version = "?" } = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
      if (name === "@opentelemetry/instrumentation") return { dir, version };
    }
  } catch {
    // not resolvable from there
  }
  return undefined;
}

/**
 * Why an instrumentation did not patch a module although the loader hook is in: each copy of
 * @opentelemetry/instrumentation has its own import-in-the-middle, and an instrumentation sees only the ES modules its
 * own copy's hook wraps. npm makes several copies when one instrumentation needs an older line than the others.
 */
function otherCopy(instrumentation: Instrumentation, fromApp: NodeJS.Require): { theirs: Copy; ours: Copy } | undefined {
  if (!(globalThis as Record<symbol, unknown>)[ESM_HOOK]) return undefined;
  const ours = instrumentationCopy((request) => requireHere.resolve(request));
  let theirs: Copy | undefined;
  try {
    const entry = fromApp.resolve(instrumentation.instrumentationName);
    theirs = instrumentationCopy((request) => createRequire(entry).resolve(request));
  } catch {
    return undefined;
  }
  return theirs && ours && theirs.dir !== ours.dir ? { theirs, ours } : undefined;
}

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
      const copies = otherCopy(instrumentation, fromApp);
      if (copies) {
        const where = (copy: Copy) => `${copy.version} in ${relative(cwd, copy.dir) || "."}`;
        const older = Number(copies.theirs.version.split(".")[1]) < Number(copies.ours.version.split(".")[1]);
        messages.push(
          `${name} is loaded, but ${instrumentation.instrumentationName} never patched it, so its spans are missing: OpenTelemetry's ` +
            `ES-module loader hook is installed, but this instrumentation uses another copy of @opentelemetry/instrumentation ` +
            `(${where(copies.theirs)}) than the hook (${where(copies.ours)}), and patches ES modules only through its own copy's hook. ` +
            (older
              ? "It is built on an older line: run the app as CommonJS (`--require phoenix-otel-auth/register`), or patch the module " +
                "by hand if the instrumentation offers it (OpenInference's: `instrumentation.manuallyInstrument(module)`)."
              : "npm made several copies because another instrumentation needs an older line: add it to your app " +
                "(npm i @opentelemetry/instrumentation), so that one copy serves us and this instrumentation."),
        );
        continue;
      }
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
