// Names we re-export from a package a plain app never uses (the OpenInference helpers, registerInstrumentations) are
// bindings that load the package on first use, so `import "phoenix-otel-auth"` does not pay for it at start-up. After
// that first use every binding is the package's own value (ESM live bindings; CommonJS getters), so identity holds.
// Before it: a function is a forwarder, a class a constructor that builds the real class (subclasses too, and
// `instanceof` answers for the real one), an object a proxy that reads the real one. Constants keep the value the
// generator read (scripts/lazy-exports.mjs), then the real one.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

type Namespace = Record<string, unknown>;
type Load = () => Namespace;

const requireHere = createRequire(import.meta.url);
// Only the ESM build has import.meta.resolve (the CommonJS build's import.meta is empty).
const resolveAsImport = (import.meta as { resolve?: (specifier: string) => string }).resolve;

/**
 * Loads `specifier` synchronously as the app's own `import` would get it. In the ESM build that is the module's ESM
 * entry, through require(esm) (Node 20.19+, 22.12+), which shares the ESM loader's cache with `import`: the app and
 * we see one instance, whose context keys (setSession/getSession, say) agree. On older Node, in the CommonJS build and
 * under a bundler (Next.js's Turbopack or webpack, which have no import.meta.resolve and cannot follow a require() of a
 * variable) it is `literal`: the caller's own `require("<the package>")`, written out so that a bundler sees and
 * bundles it (a CommonJS app's own require() gets the same).
 */
export function loadSync(specifier: string, literal: () => unknown): Namespace {
  let url: string | undefined;
  try {
    url = typeof resolveAsImport === "function" ? resolveAsImport(specifier) : undefined;
  } catch {
    url = undefined; // a bundler's import.meta.resolve, or none: the literal require() below
  }
  if (url?.startsWith("file:")) {
    try {
      return requireHere(fileURLToPath(url)) as Namespace;
    } catch (error) {
      // ERR_REQUIRE_ESM_RACE_CONDITION (Node 24.21+): the app's own import() of the package is still in flight. Our
      // own imports avoid it (loadNow before an import() that reaches the package); for the app's, the CommonJS build
      // answers now rather than throwing into a span start.
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== "ERR_REQUIRE_ESM" && code !== "ERR_REQUIRE_ESM_RACE_CONDITION") throw error;
    }
  }
  return literal() as Namespace;
}

const loaders = new Map<string, Load>();

/**
 * Loads `specifier` now, if a lazy module of ours stands in for it; never throws (a package that does not load is
 * reported where it is used). Call it before an `import()` that reaches the package: require(esm) of a module whose
 * ESM load is still in flight fails on Node 24.21+ (ERR_REQUIRE_ESM_RACE_CONDITION), a finished one is shared.
 */
export function loadNow(specifier: string): void {
  try {
    loaders.get(specifier)?.();
  } catch {
    // reported by the binding that needs it
  }
}

/** A load function that loads `specifier` once (see loadSync) and hands the module to `bind` (which repoints the bindings). */
export function loadOnce<M>(specifier: string, literal: () => unknown, bind: (module: M) => void): Load {
  let loaded: Namespace | undefined;
  const load = (): Namespace => {
    if (!loaded) {
      loaded = loadSync(specifier, literal);
      bind(loaded as M);
    }
    return loaded;
  };
  loaders.set(specifier, load);
  return load;
}

const named = <T extends object>(value: T, name: string): T => Object.defineProperty(value, "name", { value: name });

/** A function that loads the module on its first call and forwards every call to the module's own function. */
export function lazyFunction<T>(load: Load, name: string): T {
  return named(function (this: unknown, ...args: unknown[]) {
    return Reflect.apply(load()[name] as (...a: unknown[]) => unknown, this, args);
  }, name) as T;
}

/**
 * A class stand-in: `new` builds the module's own class (a subclass declared before the first use gets the real
 * prototype chain: the stand-in's prototype and statics are pointed at the real class's on load), and `instanceof`
 * answers for the real class.
 */
export function lazyClass<T>(load: Load, name: string): T {
  let real: (new (...args: unknown[]) => object) | undefined;
  const resolve = () => {
    if (!real) {
      real = load()[name] as new (...args: unknown[]) => object;
      Object.setPrototypeOf(Stub.prototype, real.prototype);
      Object.setPrototypeOf(Stub, real);
    }
    return real;
  };
  function Stub(this: unknown, ...args: unknown[]): object {
    const Real = resolve();
    if (!new.target) return Reflect.apply(Real, this, args) as object; // throws, as calling a class does
    return Reflect.construct(Real, args, new.target === Stub ? Real : new.target) as object;
  }
  Object.defineProperty(Stub, Symbol.hasInstance, { value: (value: unknown) => value instanceof resolve() });
  return named(Stub, name) as unknown as T;
}

/** An object stand-in: a proxy that reads, lists and writes the module's own object. */
export function lazyObject<T>(load: Load, name: string): T {
  const real = () => load()[name] as object;
  return new Proxy({} as object, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const found = Reflect.getOwnPropertyDescriptor(real(), key);
      return found && { ...found, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  }) as T;
}
