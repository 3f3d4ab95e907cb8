// `node --import phoenix-otel-auth/register app.js` (or `--require` for CommonJS): registers from the environment alone.
// A configuration error turns tracing off with one line on stderr; it never stops the app from starting.
import { createRequire, register as registerLoaderHooks } from "node:module";
import { envValue } from "./register/config/environment.js";
import { register } from "./register/register.js";
import { ESM_HOOK } from "./register/instrument/unpatched.js";

const env = process.env;
const on = (name: "PHOENIX_AUTO_INSTRUMENT" | "OTEL_SDK_DISABLED") => envValue(env, name)?.toLowerCase() === "true";

/**
 * OpenTelemetry's ES-module loader hook (import-in-the-middle), the copy its instrumentation package uses: the loader
 * thread of module.register(), except on Node 26+, where module.register() is deprecated (it prints a warning) and
 * import-in-the-middle's in-thread synchronous hooks (module.registerHooks) are used when it has them. (On Node 22 its
 * synchronous hooks fail to wrap some ES modules and say so on stderr; the loader thread does not.)
 */
function installEsmHook(): void {
  const requireHere = createRequire(import.meta.url);
  if (Number(process.versions.node.split(".")[0]) >= 26) try {
    const fromInstrumentation = createRequire(requireHere.resolve("@opentelemetry/instrumentation"));
    const sync = fromInstrumentation("import-in-the-middle/register-hooks.mjs") as { register(): void; supportsSyncHooks(): boolean };
    if (sync.supportsSyncHooks()) return sync.register();
  } catch {
    // An import-in-the-middle without synchronous hooks, or a Node without require(esm): the loader thread below.
  }
  registerLoaderHooks("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
}

// OpenTelemetry patches ES modules only through its loader hook: with instrumentations to turn on, it goes in before
// the app's own imports, which is what running first (--import) is for. Only there: the CommonJS build is the
// `--require` preload of a CommonJS app, where instrumentations patch through require() alone, and a loader hook would
// put every require() through the hook too (an instrumentation built on an older import-in-the-middle then prints
// "hook has already been initialized", and the modules it patches look never handed over).
const esmBuild = typeof module === "undefined";
if (esmBuild && (envValue(env, "PHOENIX_INSTRUMENTATIONS") !== undefined || on("PHOENIX_AUTO_INSTRUMENT")) && !on("OTEL_SDK_DISABLED")) {
  try {
    installEsmHook();
    (globalThis as Record<symbol, unknown>)[ESM_HOOK] = true; // the unpatched-module check then names copies, not the hook
  } catch (error) {
    process.stderr.write(`[phoenix-otel-auth] the ES-module loader hook could not be installed (${error instanceof Error ? error.message : String(error)}): instrumentations patch CommonJS modules only.\n`);
  }
}

try {
  register({ strict: true }); // its own message below: the preload has no register() call to add `strict` to
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[phoenix-otel-auth] tracing is off: ${message}\n`);
}
