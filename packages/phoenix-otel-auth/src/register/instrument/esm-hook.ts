// OpenTelemetry patches ES modules only through its loader hook (import-in-the-middle), and only the imports that come
// after it. Two places install it: the `--import phoenix-otel-auth/register` preload, and register() called from a
// file that is itself given to `--import` (`node --import ./otel.mjs app.mjs`), both before the app's own imports.
// register() anywhere else (a file the app imports) would be too late for the imports already hoisted, so it leaves
// the hook alone there, and the unpatched-module check (unpatched.ts) says what to do instead.
import { existsSync, readFileSync } from "node:fs";
import { createRequire, register as registerLoaderHooks } from "node:module";
import { dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { envValue } from "../config/environment.js";

/** Set once OpenTelemetry's ES-module loader hook is installed by us (the preload, or register() in an --import file). */
export const ESM_HOOK = Symbol.for("phoenix-otel-auth.esm-hook");

export const esmHookInstalled = (): boolean => (globalThis as Record<symbol, unknown>)[ESM_HOOK] === true;

/**
 * Installs OpenTelemetry's ES-module loader hook, the copy its instrumentation package uses: the loader thread of
 * module.register(), except on Node 26+, where module.register() is deprecated (it prints a warning) and
 * import-in-the-middle's in-thread synchronous hooks (module.registerHooks) are used when it has them. (On Node 22 its
 * synchronous hooks fail to wrap some ES modules and say so on stderr; the loader thread does not.)
 */
export function installEsmHook(): void {
  if (esmHookInstalled()) return;
  const requireHere = createRequire(import.meta.url);
  let done = false;
  if (Number(process.versions.node.split(".")[0]) >= 26) try {
    const fromInstrumentation = createRequire(requireHere.resolve("@opentelemetry/instrumentation"));
    const sync = fromInstrumentation("import-in-the-middle/register-hooks.mjs") as { register(): void; supportsSyncHooks(): boolean };
    if (sync.supportsSyncHooks()) done = (sync.register(), true);
  } catch {
    // An import-in-the-middle without synchronous hooks, or a Node without require(esm): the loader thread below.
  }
  if (!done) registerLoaderHooks("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  (globalThis as Record<symbol, unknown>)[ESM_HOOK] = true; // the unpatched-module check then names copies, not the hook
}

/**
 * register() with instrumentations, in a file given to `--import` (`node --import ./otel.mjs app.mjs`), before the
 * app's imports: the hook goes in, so that they patch ES modules too. The ES build only: a CommonJS app patches
 * through require().
 */
export function installHookInImportFile(warn: (message: string) => void): void {
  if (typeof module !== "undefined" || esmHookInstalled() || !calledFromImportFlag()) return;
  try {
    installEsmHook();
  } catch (error) {
    warn(`the ES-module loader hook could not be installed (${error instanceof Error ? error.message : String(error)}): instrumentations patch CommonJS modules only.`);
  }
}

/** The loader flags of this process (its own and NODE_OPTIONS): `--import`, `--loader`, `--experimental-loader`. */
function loaderFlags(): Array<{ flag: string; value: string }> {
  const words = [...process.execArgv, ...(envValue(process.env, "NODE_OPTIONS") ?? "").split(/\s+/).filter(Boolean)];
  return words.flatMap((word, i) => {
    const match = /^--(import|loader|experimental-loader)(?:=(.*))?$/.exec(word);
    return match ? [{ flag: match[1]!, value: match[2] ?? words[i + 1] ?? "" }] : [];
  });
}

const asPath = (location: string): string | undefined => {
  if (location.startsWith("file:")) return fileURLToPath(location);
  return isAbsolute(location) ? location : undefined;
};

/**
 * Whether this call runs while a file given to `--import` is evaluated (a relative or absolute path, or a file URL;
 * packages are left out: ours installs the hook itself). The files on the call stack are compared with the flags.
 */
export function calledFromImportFlag(cwd = process.cwd()): boolean {
  const files = new Set(
    loaderFlags()
      .filter(({ flag }) => flag === "import")
      .map(({ value }) => value)
      .filter((value) => value.startsWith(".") || value.startsWith("file:") || isAbsolute(value))
      .map((value) => asPath(value) ?? resolve(cwd, value)),
  );
  if (files.size === 0) return false;
  const stack = new Error().stack ?? "";
  for (const [, location] of stack.matchAll(/\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/gm)) {
    const file = location === undefined ? undefined : asPath(location);
    if (file !== undefined && files.has(file)) return true;
  }
  return false;
}

/** Whether the process's entry point is an ES module (by its extension, or the `type` of its package.json). */
export function entryIsEsm(entry = process.argv[1]): boolean {
  if (!entry) return false;
  const extension = extname(entry);
  if (extension === ".mjs" || extension === ".mts") return true;
  if (extension === ".cjs" || extension === ".cts") return false;
  for (let dir = dirname(resolve(entry)); ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown }).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/** Whether a loader of someone else's is in (`--import`/`--loader` of a package or file other than ours): then the
 * app may well have OpenTelemetry's hook through it, and the check stays quiet rather than raise a false alarm. */
export function otherLoaderFlags(): boolean {
  return loaderFlags().some(({ value }) => !/^phoenix-otel-auth\/register$|\/dist\/register\.c?js$/.test(value));
}
