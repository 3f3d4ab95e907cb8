// "Instrumentation that starts too late": a module an instrumentation patches was loaded before register() turned
// the instrumentation on (the CommonJS ordering mistake, or an ES `import` hoisted above the file that calls
// register()), and nothing required it again since. The app then holds the unpatched module and gets no spans from
// it, silently; so does an ES-module app without OpenTelemetry's loader hook, for every module it imports.
// Checked once the app's start-up has run (register() schedules it): a module that is loaded but was never handed to
// the instrumentation (its definition has no `moduleExports`) is one the app took before. A package is loaded when
// it is in require.cache (an ES `import` of a CommonJS package puts it there too); a built-in one when node lists it
// in process.moduleLoadList. A module required again after register() is patched then, so it does not count, and a
// built-in module counts only when its instrumentation patched none of its modules (https loads http's parts).
// OpenTelemetry's own check reads `globalThis.require`, which only a REPL has, so it never speaks in an app. ES-only
// packages are not seen: node keeps no public list of the ES modules it loaded.
import { createRequire, isBuiltin } from "node:module";
import { join, relative } from "node:path";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { entryIsEsm, esmHookInstalled, otherLoaderFlags } from "./esm-hook.js";
import { otherCopy, type Copy } from "./copies.js";

const requireHere = createRequire(import.meta.url);

type Definition = { name: string; moduleExports?: unknown; patch?: unknown; files?: Array<{ moduleExports?: unknown }> };

/** Handed over: the module itself (when it has a patch) or one of its files reached the instrumentation. */
const handedOver = ({ moduleExports, files = [] }: Definition) => moduleExports !== undefined || files.some((file) => file.moduleExports !== undefined);

/**
 * Whether the app has loaded the module the definition names. A package the instrumentation itself required first
 * (@arizeai/openinference-instrumentation-openai loads `openai` for its types' values) is not the app's: an ES-module
 * app then imports its own copy, which the hook hands over once the app's imports run, after this check.
 */
function loaded(definition: Definition, definitions: readonly Definition[], fromApp: NodeJS.Require, instrumentationName: string): boolean {
  if (isBuiltin(definition.name)) {
    if (definitions.some(handedOver)) return false;
    return (process as unknown as { moduleLoadList?: string[] }).moduleLoadList?.includes(`NativeModule ${definition.name.replace(/^node:/, "")}`) === true;
  }
  let entry: NodeJS.Module | undefined;
  try {
    entry = requireHere.cache[fromApp.resolve(definition.name)];
  } catch {
    return false; // not installed where the app is: nothing was loaded either
  }
  const firstLoadedBy = (entry as { parent?: { filename?: string } } | undefined)?.parent?.filename ?? "";
  return entry?.loaded === true && !firstLoadedBy.includes(`/node_modules/${instrumentationName}/`);
}

function fix(esmWithoutHook: boolean): string {
  const entry = process.argv[1] ? relative(process.cwd(), process.argv[1]) || process.argv[1] : "app.mjs";
  return esmWithoutHook
    ? "this is an ES-module app, and an ES `import` is patched only through OpenTelemetry's loader hook, which must be in " +
        `before the app's imports; it is not. Start the app with \`node --import phoenix-otel-auth/register ${entry}\` and name the ` +
        "instrumentation in PHOENIX_INSTRUMENTATIONS, or call register() in a file of its own and start with " +
        `\`node --import ./that-file.mjs ${entry}\` (register() installs the hook there).`
    : "the app took it before register() turned the instrumentation on, and did not require it again. Call register() " +
        "first, in a file of its own loaded before anything else (`node --require ./that-file.js`), or start the app with " +
        "`--require phoenix-otel-auth/register` (`--import` for ES modules) and name the instrumentation in PHOENIX_INSTRUMENTATIONS.";
}

/** One message per (instrumentation, module) loaded but never patched, with the fix. */
export function unpatchedModules(instrumentations: readonly Instrumentation[], cwd = process.cwd()): string[] {
  const esmWithoutHook = entryIsEsm() && !esmHookInstalled();
  // Someone else's loader (tsx, OpenTelemetry's own register, a hook of the app's): it may well wrap the imports, and
  // nothing here can tell. Quiet rather than a false alarm.
  if (esmWithoutHook && otherLoaderFlags()) return [];
  const fromApp = createRequire(join(cwd, "package.json"));
  const messages: string[] = [];
  for (const instrumentation of instrumentations) {
    // The definitions the instrumentation patches through are its `_modules` (getModuleDefinitions() calls init()
    // again and returns fresh, never-patched ones): read those, so a module handed over shows as handed over.
    const definitions = (instrumentation as { _modules?: Definition[] })._modules ?? [];
    for (const definition of definitions) {
      const { name, patch, files = [] } = definition;
      const observable = typeof patch === "function" || files.length > 0;
      if (handedOver(definition) || !observable || !loaded(definition, definitions, fromApp, instrumentation.instrumentationName)) continue;
      const missing = `${name} is loaded, but ${instrumentation.instrumentationName} never patched it, so its spans are missing: `;
      const copies = otherCopy(instrumentation, fromApp);
      if (copies) {
        const where = (copy: Copy) => `${copy.version} in ${relative(cwd, copy.dir) || "."}`;
        const older = Number(copies.theirs.version.split(".")[1]) < Number(copies.ours.version.split(".")[1]);
        messages.push(
          missing +
            `OpenTelemetry's ES-module loader hook is installed, but this instrumentation uses another copy of @opentelemetry/instrumentation ` +
            `(${where(copies.theirs)}) than the hook (${where(copies.ours)}), and patches ES modules only through its own copy's hook. ` +
            (older
              ? "It is built on an older line: run the app as CommonJS (`--require phoenix-otel-auth/register`), or patch the module " +
                "by hand if the instrumentation offers it (OpenInference's: `instrumentation.manuallyInstrument(module)`)."
              : "npm made several copies because another instrumentation needs an older line: add it to your app " +
                "(npm i @opentelemetry/instrumentation), so that one copy serves us and this instrumentation."),
        );
        continue;
      }
      messages.push(missing + fix(esmWithoutHook));
    }
  }
  return messages;
}
