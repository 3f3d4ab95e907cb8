// The names we re-export from packages a plain app never uses (src/lazy/): generated from the installed packages, not
// loaded by import or register(), loaded by their first use, and then the packages' own objects (ESM and CommonJS).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { LAZY_MODULES, render } from "../../scripts/lazy-exports.mjs";
import { lazyClass, lazyFunction, lazyObject, loadOnce } from "../../src/lazy/stubs.js";

const run = (fixture: string) =>
  JSON.parse(execFileSync(process.execPath, [new URL(`./fixtures/${fixture}`, import.meta.url).pathname], { encoding: "utf8", env: { ...process.env, PHOENIX_API_KEY: "" } })) as Record<string, unknown>;

describe("src/lazy", () => {
  it.each(LAZY_MODULES as Array<{ module: string; file: string }>)("src/lazy/$file lists what $module exports now", async (entry) => {
    const current = readFileSync(new URL(`../../src/lazy/${entry.file}`, import.meta.url), "utf8");
    expect(current, "stale: run node packages/phoenix-otel-auth/scripts/lazy-exports.mjs").toBe(await render(entry));
  });

  // `openInference: false` stands in for an app without @arizeai/openinference-vercel (this repository has it, and the
  // translation imports @arizeai/openinference-core itself); the cold-start bench measures a real plain app.
  it.each(["lazy-esm.mjs", "lazy-cjs.cjs"])("%s: nothing loads at import or register(); the first use loads it, and then the names are the package's own", (fixture) => {
    expect(run(fixture)).toEqual({
      afterImport: { core: false, instrumentation: false, semconv: false },
      afterRegister: { core: false, instrumentation: false, semconv: false },
      afterUse: { core: true, instrumentation: false },
      sessionSeenByTheirs: "s-1",
      sameWithSpan: true,
      sameOITracer: true,
      sameContextAttributes: true,
      projectNameKey: "openinference.project.name",
      spanKindLLM: "LLM",
      sameSpanKind: true,
    });
  });
});

describe("the stand-ins before the first use", () => {
  class Real {
    static made = 0;
    constructor(readonly value: number) {
      Real.made++;
    }
    twice() {
      return this.value * 2;
    }
  }
  const fresh = () => {
    let loads = 0;
    const module = { Real, add: (a: number, b: number) => a + b, table: { a: 1 } as Record<string, number> };
    const load = loadOnce<typeof module>("node:path", () => ({}), () => void loads++); // any module: the bind callback counts the load
    const namespace = () => (load(), module);
    return {
      loads: () => loads,
      Real: lazyClass<typeof Real>(namespace, "Real"),
      add: lazyFunction<typeof module.add>(namespace, "add"),
      table: lazyObject<Record<string, number>>(namespace, "table"),
    };
  };

  it("a function forwards its arguments and result, and loads once", () => {
    const stubs = fresh();
    expect(stubs.add.name).toBe("add");
    expect(stubs.loads()).toBe(0);
    expect(stubs.add(2, 3)).toBe(5);
    expect(stubs.add(4, 5)).toBe(9);
    expect(stubs.loads()).toBe(1);
  });

  it("a class builds the real class, answers instanceof for it, and a subclass declared before the load inherits it", () => {
    const stubs = fresh();
    class Sub extends stubs.Real {
      thrice() {
        return this.value * 3;
      }
    }
    expect(stubs.loads()).toBe(0);
    const made = new stubs.Real(2);
    expect(Object.getPrototypeOf(made)).toBe(Real.prototype);
    expect(made instanceof stubs.Real && made instanceof Real).toBe(true);
    const sub = new Sub(5);
    expect([sub.twice(), sub.thrice(), sub instanceof Real, sub instanceof Sub]).toEqual([10, 15, true, true]);
    expect(stubs.Real.made).toBe(Real.made); // statics reach the real class
    expect(() => (stubs.Real as unknown as () => void)()).toThrow(TypeError); // as calling a class without new does
  });

  it("an object reads, lists and writes through", () => {
    const stubs = fresh();
    expect(stubs.table.a).toBe(1);
    expect(Object.keys(stubs.table)).toEqual(["a"]);
    expect("a" in stubs.table).toBe(true);
    stubs.table.b = 2;
    expect({ ...stubs.table }).toEqual({ a: 1, b: 2 });
  });
});
