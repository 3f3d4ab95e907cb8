// Copies of @opentelemetry/instrumentation. Each has its own import-in-the-middle, and an instrumentation patches ES
// modules only through the hook of its own copy; npm makes several copies when one instrumentation needs an older line
// than the others (@arizeai/openinference-instrumentation-openai 4.2.7 is built on 0.46, whose import-in-the-middle
// cannot even parse openai 7's ES modules). The hook installed is ours (esm-hook.ts), so an instrumentation on another
// copy is bridged to it: our copy's import-in-the-middle hands the ES modules it names to the instrumentation's own
// require-hook step (the `_onRequire` every InstrumentationBase from 0.46 to 0.3xx has: its version check and patch),
// exactly as its own copy would have.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, parse } from "node:path";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { esmHookInstalled } from "./esm-hook.js";

const requireHere = createRequire(import.meta.url);

export type Copy = { dir: string; version: string };

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

/** Ours: the copy beside this package, found once (register() and the unpatched-module check both ask). */
let ourCopy: Copy | undefined | null = null;

/** The instrumentation's copy and ours, when they differ and our hook is the one installed. */
export function otherCopy(instrumentation: Instrumentation, fromApp: NodeJS.Require): { theirs: Copy; ours: Copy } | undefined {
  if (!esmHookInstalled()) return undefined;
  if (ourCopy === null) ourCopy = instrumentationCopy((request) => requireHere.resolve(request));
  const ours = ourCopy;
  let theirs: Copy | undefined;
  try {
    const entry = fromApp.resolve(instrumentation.instrumentationName);
    theirs = instrumentationCopy((request) => createRequire(entry).resolve(request));
  } catch {
    return undefined;
  }
  return theirs && ours && theirs.dir !== ours.dir ? { theirs, ours } : undefined;
}

type HookFn = (exports: unknown, name: string, baseDir?: string) => unknown;
type IitmHook = new (modules: string[], options: { internals: boolean }, hook: HookFn) => unknown;
type OnRequire = (definition: unknown, exports: unknown, name: string, baseDir?: string) => unknown;

/**
 * Bridges each instrumentation on another copy to our loader hook (see the top of this file). Returns the names of
 * those bridged; one that cannot be (no `_onRequire`) is left to the unpatched-module check, which says why.
 */
export function bridgeOtherCopies(instrumentations: readonly Instrumentation[], cwd = process.cwd()): string[] {
  if (!esmHookInstalled()) return [];
  const fromApp = createRequire(join(cwd, "package.json"));
  const bridged: string[] = [];
  let Hook: IitmHook | undefined;
  for (const instrumentation of instrumentations) {
    const onRequire = (instrumentation as unknown as { _onRequire?: OnRequire })._onRequire;
    if (typeof onRequire !== "function" || !otherCopy(instrumentation, fromApp)) continue;
    try {
      Hook ??= (createRequire(requireHere.resolve("@opentelemetry/instrumentation"))("import-in-the-middle") as { Hook: IitmHook }).Hook;
    } catch {
      return bridged;
    }
    for (const definition of (instrumentation as unknown as { _modules?: Array<{ name: string }> })._modules ?? []) {
      new Hook([definition.name], { internals: true }, (exports, name, baseDir) => {
        // import-in-the-middle names a file by its absolute path where require-in-the-middle gives name and folder.
        if (!baseDir && isAbsolute(name)) ({ name, dir: baseDir } = parse(name));
        return onRequire.call(instrumentation, definition, exports, name, baseDir);
      });
    }
    bridged.push(instrumentation.instrumentationName);
  }
  return bridged;
}
