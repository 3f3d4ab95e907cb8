// The assertions the contract cases make, as a small `expect` of their own: the cases ship in the `phoenix-mock check`
// command, which has no test runner. Each failure is a ContractAssertionError whose message says what was expected
// and what came (values shown as JSON, long ones cut).
import { isDeepStrictEqual, inspect } from "node:util";

export class ContractAssertionError extends Error {
  override name = "ContractAssertionError";
}

const show = (value: unknown) => inspect(value, { depth: 6, breakLength: Infinity, maxStringLength: 300, maxArrayLength: 30 });

/** Like vitest's toEqual: own enumerable properties whose value is undefined do not count. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value instanceof Headers || value instanceof Map || value instanceof Set || value instanceof Date || value instanceof Uint8Array) return value;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, normalized(v)]));
  }
  return value;
}

/** Whether `actual` holds every property of `expected` (recursively; arrays element by element, same length). */
function matchesObject(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesObject(actual[i], e));
  if (expected !== null && typeof expected === "object" && !(expected instanceof RegExp)) {
    if (actual === null || typeof actual !== "object") return false;
    return Object.entries(expected).every(([key, value]) => matchesObject((actual as Record<string, unknown>)[key], value));
  }
  return Object.is(actual, expected) || isDeepStrictEqual(actual, expected);
}

interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toMatch(expected: RegExp | string): void;
  toContain(expected: unknown): void;
  toHaveLength(expected: number): void;
  toBeGreaterThanOrEqual(expected: number): void;
  toBeGreaterThan(expected: number): void;
  toBeLessThan(expected: number): void;
  toBeDefined(): void;
  toBeUndefined(): void;
  toBeNull(): void;
  toBeTruthy(): void;
}

function matchers(actual: unknown, label: string | undefined, negate: boolean): Matchers {
  const check = (pass: boolean, what: string, expected?: unknown) => {
    if (pass !== negate) return;
    const prefix = label ? `${label}: ` : "";
    const wanted = expected !== undefined ? ` ${show(expected)}` : "";
    throw new ContractAssertionError(`${prefix}expected ${show(actual)} ${negate ? "not " : ""}${what}${wanted}`);
  };
  return {
    toBe: (expected) => check(Object.is(actual, expected), "to be", expected),
    toEqual: (expected) => check(isDeepStrictEqual(normalized(actual), normalized(expected)), "to equal", expected),
    toMatchObject: (expected) => check(matchesObject(actual, expected), "to match object", expected),
    toMatch: (expected) => check(typeof actual === "string" && (typeof expected === "string" ? actual.includes(expected) : expected.test(actual)), "to match", expected),
    toContain: (expected) =>
      check(typeof actual === "string" ? actual.includes(String(expected)) : Array.isArray(actual) && actual.includes(expected), "to contain", expected),
    toHaveLength: (expected) => check((actual as { length?: unknown } | null)?.length === expected, "to have length", expected),
    toBeGreaterThanOrEqual: (expected) => check(typeof actual === "number" && actual >= expected, "to be >=", expected),
    toBeGreaterThan: (expected) => check(typeof actual === "number" && actual > expected, "to be >", expected),
    toBeLessThan: (expected) => check(typeof actual === "number" && actual < expected, "to be <", expected),
    toBeDefined: () => check(actual !== undefined, "to be defined"),
    toBeUndefined: () => check(actual === undefined, "to be undefined"),
    toBeNull: () => check(actual === null, "to be null"),
    toBeTruthy: () => check(Boolean(actual), "to be truthy"),
  };
}

/** `expect(actual, label?).toBe(…)`, `.not.toBe(…)`, … (the subset of vitest's expect the cases use). */
export function expect(actual: unknown, label?: string): Matchers & { not: Matchers } {
  return Object.assign(matchers(actual, label, false), { not: matchers(actual, label, true) });
}
