// Argument checks at the package's public entry points, so that a wrong argument is a PhoenixConfigError naming the
// function, the argument (`source`) and the value (strings masked: an argument may be a secret put in the wrong place)
// with the fix, never a TypeError from inside.
import { type ArgumentRule, isOptionsObject, optionsMessage, showArgument } from "../../internal/src/arguments.js";
import { PhoenixConfigError } from "./errors.js";

export { showArgument };

/** `value` if it is an options object (or left out, unless required); else a PhoenixConfigError naming `fn`'s `name`. */
export function configOptions<T>(fn: string, name: string, value: T | undefined, rule: ArgumentRule = {}): T | undefined {
  if ((value === undefined && !rule.required) || isOptionsObject(value)) return value;
  throw new PhoenixConfigError(name, showArgument(value), optionsMessage(fn, name, value, rule));
}

/** register()'s `env` argument (and its siblings'): an object of environment variables, e.g. process.env. */
export function configEnv<T>(fn: string, value: T | undefined): T | undefined {
  return configOptions(fn, "env", value, { what: "an object of environment variables such as process.env" });
}

/** A whole number of milliseconds ≥ 1 for register()'s siblings (`fallback` when left out); else a PhoenixConfigError. */
export function configMillis(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return value;
  fail(fn, name, value, `a whole number of milliseconds >= 1, or left out for the default (${fallback})`);
}

function fail(fn: string, name: string, value: unknown, what: string): never {
  throw new PhoenixConfigError(name, showArgument(value), `${fn}: option \`${name}\` must be ${what}, got ${showArgument(value)}.`);
}

/**
 * The arguments of register() and its siblings (`fn(options, env)`): an options object (`name`, default "options") or
 * left out, an env object or left out, and the options that hold the app's objects in their shape. Up front, before
 * anything is resolved.
 */
export function checkEntryArguments(fn: string, options: unknown, env: unknown, name = "options"): void {
  configOptions(fn, name, options);
  configEnv(fn, env);
  checkObjectOptions(fn, options as Parameters<typeof checkObjectOptions>[1]);
}

/** The options that hold objects of the app's (logger, instrumentations, span processors): their shape, up front. */
function checkObjectOptions(fn: string, options: { logger?: unknown; instrumentations?: unknown; spanProcessors?: unknown } | undefined): void {
  if (!options) return;
  const { logger, instrumentations, spanProcessors } = options;
  if (logger !== undefined && typeof (logger as { warn?: unknown } | null)?.warn !== "function") fail(fn, "logger", logger, "an object with a warn(message) method, e.g. console");
  if (instrumentations !== undefined && !Array.isArray(instrumentations)) fail(fn, "instrumentations", instrumentations, "an array of instrumentations, e.g. [new HttpInstrumentation()]");
  if (spanProcessors !== undefined && !Array.isArray(spanProcessors) && typeof spanProcessors !== "function") {
    fail(fn, "spanProcessors", spanProcessors, "an array of span processors or a function ({ exporter }) => processors");
  }
}

/** What the function form of `spanProcessors` returned: an array. */
export function checkProcessorList(given: unknown): void {
  if (given !== undefined && !Array.isArray(given)) fail("register", "spanProcessors", given, "a function that returns an array of span processors");
}
