// The shared driver of both packages' argument tables (packages/*/test/args.test.ts): every public function, called
// with bad arguments, answers with its package's typed error that names the function and the argument, shows the value
// (strings masked: a misplaced secret must not leak) and says what to pass; never a TypeError/RangeError from inside.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSecret } from "./secrets.js";

export const secret = generateSecret();
/** Values that are never a valid options object / argument. */
export const NOT_OBJECTS: unknown[] = [null, 42, NaN, "x", secret, true, [], [1], () => 1, 10n];
export const NOT_NUMBERS: unknown[] = [undefined, null, NaN, Infinity, "5", secret, {}, [], true];

type ErrorClass = abstract new (...args: never[]) => Error;
export interface Row {
  fn: string;
  argument: string;
  /** The class the error must be; errors with a `source` (config errors) must name the argument there too. */
  error: ErrorClass;
  values: unknown[];
  call: (value: unknown) => unknown;
}
export const row = (error: ErrorClass) => (fn: string, argument: string, call: (value: unknown) => unknown, values = NOT_OBJECTS): Row => ({ fn, argument, error, values, call });
export const any = (value: unknown) => value as never;

async function outcome(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectTyped(base: ErrorClass, row: Row, value: unknown, error: unknown): void {
  const label = `${row.fn}(${row.argument} = ${String(typeof value === "string" ? JSON.stringify(value).slice(0, 20) : typeof value === "bigint" ? `${value}n` : Array.isArray(value) ? "[...]" : typeof value === "function" ? "fn" : value)})`;
  expect(error, `${label} did not throw`).toBeInstanceOf(base);
  expect(error, `${label}: ${String(error)}`).toBeInstanceOf(row.error);
  const { message } = error as Error;
  expect(message, label).toContain(row.fn.replace(/^mock\.|^clock\./, ""));
  expect(message, label).toContain(row.argument.replace(/^options\./, ""));
  expect(message, label).toMatch(/must|pass|use|give/i);
  expect(message, `${label} leaks the secret`).not.toContain(secret.slice(0, 16));
  if ("source" in (error as object)) {
    expect((error as { source: string }).source).toContain(row.argument);
    expect(String((error as { value?: unknown }).value), `${label}: value leaks the secret`).not.toContain(secret.slice(0, 16));
  }
}

/**
 * The table's tests: it covers every function the package exports itself (`theirs` are re-exports of other packages,
 * `noArguments` the functions and classes that take none or are not the public way in), each row's values, and a
 * property over arbitrary non-object values for every options argument.
 */
export function describeArgumentTable(base: ErrorClass, rows: Row[], exported: Record<string, unknown>, theirs: Set<string>, noArguments: Set<string>): void {
  describe("every public function answers bad arguments with a typed error", () => {
    it("the table covers every function this package exports itself", () => {
      const ours = Object.entries(exported)
        .filter(([name, value]) => typeof value === "function" && !theirs.has(name) && !/Error$/.test(name))
        .map(([name]) => name);
      const covered = new Set(rows.map((r) => r.fn));
      expect(ours.filter((name) => !covered.has(name) && !noArguments.has(name))).toEqual([]);
    });

    for (const r of rows) {
      it(`${r.fn}: bad \`${r.argument}\``, async () => {
        for (const value of r.values) expectTyped(base, r, value, await outcome(() => r.call(value)));
      });
    }

    it("property: for arbitrary non-object values, every options argument is a typed error", async () => {
      const objectRows = rows.filter((r) => r.values === NOT_OBJECTS);
      const notObject = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt(), fc.array(fc.anything(), { maxLength: 3 }));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...objectRows), notObject, async (r, value) => {
          expectTyped(base, r, value, await outcome(() => r.call(value)));
        }),
        { numRuns: 200 },
      );
    });
  });
}
