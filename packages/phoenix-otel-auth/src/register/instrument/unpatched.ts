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
import { existsSync, readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, relative } from "node:path";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { entryIsEsm, esmHookInstalled, otherLoaderFlags } from "./esm-hook.js";

const requireHere = createRequire(import.meta.url);

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
  if (!esmHookInstalled()) return undefined;
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

type Definition = { name: string; moduleExports?: unknown; patch?: unknown; files?: Array<{ moduleExports?: unknown }> };

/** Handed over: the module itself (when it has a patch) or one of its files reached the instrumentation. */
const handedOver = ({ moduleExports, files = [] }: Definition) => moduleExports !== undefined || files.some((file) => file.moduleExports !== undefined);

/** Whether the app (or anyone) has loaded the module the definition names, and where from. */
function loaded(definition: Definition, definitions: readonly Definition[], fromApp: NodeJS.Require): boolean {
  if (isBuiltin(definition.name)) {
    if (definitions.some(handedOver)) return false;
    return (process as unknown as { moduleLoadList?: string[] }).moduleLoadList?.includes(`NativeModule ${definition.name.replace(/^node:/, "")}`) === true;
  }
  try {
    return requireHere.cache[fromApp.resolve(definition.name)]?.loaded === true;
  } catch {
    return false; // not installed where the app is: nothing was loaded either
  }
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
      if (handedOver(definition) || !observable || !loaded(definition, definitions, fromApp)) continue;
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
