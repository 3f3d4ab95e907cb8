// `node --import phoenix-otel-auth/register app.js` (or `--require` for CommonJS): registers from the environment alone.
// A configuration error turns tracing off with one line on stderr; it never stops the app from starting.
import { envValue } from "./register/config/environment.js";
import { register } from "./register/register.js";
import { installEsmHook } from "./register/instrument/esm-hook.js";

const env = process.env;
const on = (name: "PHOENIX_AUTO_INSTRUMENT" | "OTEL_SDK_DISABLED") => envValue(env, name)?.toLowerCase() === "true";

// OpenTelemetry patches ES modules only through its loader hook: with instrumentations to turn on, it goes in before
// the app's own imports, which is what running first (--import) is for. Only there: the CommonJS build is the
// `--require` preload of a CommonJS app, where instrumentations patch through require() alone, and a loader hook would
// put every require() through the hook too (an instrumentation built on an older import-in-the-middle then prints
// "hook has already been initialized", and the modules it patches look never handed over).
const esmBuild = typeof module === "undefined";
if (esmBuild && (envValue(env, "PHOENIX_INSTRUMENTATIONS") !== undefined || on("PHOENIX_AUTO_INSTRUMENT")) && !on("OTEL_SDK_DISABLED")) {
  try {
    installEsmHook();
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
