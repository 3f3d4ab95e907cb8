// Argument checks at the package's public entry points, so that a wrong argument is a typed error from src/errors.ts
// naming the function, the argument and the value (strings masked: an argument may be a secret put in the wrong place)
// with the fix, never a TypeError from inside. register()-side functions throw PhoenixConfigError (`source` = the
// argument), the mock's test API MockUsageError.
import { MockUsageError, PhoenixConfigError } from "./errors.js";
import { maskSecret } from "./secrets.js";

/** How a wrong argument is shown in a message: its kind and, for strings, the masked value. */
export function showArgument(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array (${value.length} items)`;
  if (typeof value === "string") return `the string "${maskSecret(value)}"`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return typeof value;
}

const isOptionsObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface ArgumentRule {
  /** What the argument must be, for the message; default "an object of options". */
  what?: string;
  /** Whether leaving it out is an error too. */
  required?: boolean;
}

function message(fn: string, name: string, value: unknown, rule: ArgumentRule): string {
  const what = rule.what ?? "an object of options";
  return `${fn}: \`${name}\` must be ${what}${rule.required ? "" : " or left out"}, got ${showArgument(value)}. Pass e.g. ${fn}({ ... }) as documented in the README.`;
}

/** `value` if it is an options object (or left out, unless required); else a PhoenixConfigError naming `fn`'s `name`. */
export function configOptions<T>(fn: string, name: string, value: T | undefined, rule: ArgumentRule = {}): T | undefined {
  if ((value === undefined && !rule.required) || isOptionsObject(value)) return value;
  throw new PhoenixConfigError(name, showArgument(value), message(fn, name, value, rule));
}

/** The same check for the mock's test API: a MockUsageError. */
export function usageOptions<T>(fn: string, name: string, value: T | undefined, required = false): T | undefined {
  if ((value === undefined && !required) || isOptionsObject(value)) return value;
  throw new MockUsageError(message(fn, name, value, { required }));
}

/** register()'s `env` argument (and its siblings'): an object of environment variables, e.g. process.env. */
export function configEnv<T>(fn: string, value: T | undefined): T | undefined {
  return configOptions(fn, "env", value, { what: "an object of environment variables such as process.env" });
}

/** A finite number of milliseconds (at least `min` when given) for the mock's test API. */
export function usageMillis(fn: string, name: string, value: unknown, min?: number): number {
  if (typeof value === "number" && Number.isFinite(value) && (min === undefined || value >= min)) return value;
  const range = min === undefined ? "a finite number" : `a finite number ≥ ${min}`;
  throw new MockUsageError(`${fn}: \`${name}\` must be ${range} of milliseconds, got ${showArgument(value)}.`);
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
