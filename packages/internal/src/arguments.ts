// How a wrong argument is described in a typed error, for both packages (each bundles this file into its own build and
// throws its own error classes around it). Strings are masked: an argument may be a secret put in the wrong place.
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

export const isOptionsObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface ArgumentRule {
  /** What the argument must be, for the message; default "an object of options". */
  what?: string;
  /** Whether leaving it out is an error too. */
  required?: boolean;
}

/** The message for an options argument that is not an object: names `fn`, the argument, the value and the fix. */
export function optionsMessage(fn: string, name: string, value: unknown, rule: ArgumentRule): string {
  const what = rule.what ?? "an object of options";
  return `${fn}: \`${name}\` must be ${what}${rule.required ? "" : " or left out"}, got ${showArgument(value)}. Pass e.g. ${fn}({ ... }) as documented in the README.`;
}
