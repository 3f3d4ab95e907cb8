// `node --import phoenix-otel-auth/register app.js` (or `--require` for CommonJS): registers from the environment alone.
// A configuration error turns tracing off with one line on stderr; it never stops the app from starting.
import { register } from "./register/register.js";

try {
  register({ strict: true }); // its own message below: the preload has no register() call to add `strict` to
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[phoenix-otel-auth] tracing is off: ${message}\n`);
}
