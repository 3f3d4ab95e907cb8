// Two copies of @opentelemetry/api in one app (a 0.301 instrumentation's api 1.10 beside our 1.9, say) share one global
// slot, and a copy reads a registration only when its own minor version is not newer than the registrant's: a
// provider registered through 1.9 is a no-op for code importing 1.10, silently. So register() looks for the copies
// the app can import (from its working directory, its entry file and each instrumentation it was given) and registers
// through the newest copy of the same major, which every older copy also reads. A copy it cannot register through is
// reported once, with both versions and the fix.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ownApi from "@opentelemetry/api";

export type OtelApi = typeof ownApi;

export interface ApiCopy {
  version: string;
  /** The copy's package folder. */
  dir: string;
}

export interface ApiChoice {
  /** The API the globals are registered through: this package's own, or a newer copy of the same major. */
  api: OtelApi;
  own: ApiCopy | undefined;
  /** The newer copy registered through, when there is one. */
  used?: ApiCopy;
  /** Newer copies that cannot read our registration (another major, or one that failed to load). */
  unreachable: ApiCopy[];
}

/** The @opentelemetry/api package that `entry` belongs to, read once per resolved entry (one package.json read each). */
const copies = new Map<string, ApiCopy | undefined>();
function packageOf(entry: string): ApiCopy | undefined {
  if (copies.has(entry)) return copies.get(entry);
  let found: ApiCopy | undefined;
  for (let dir = dirname(entry); dir !== dirname(dir) && !found; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    if (name === "@opentelemetry/api" && typeof version === "string") found = { dir, version };
  }
  copies.set(entry, found);
  return found;
}

/** The @opentelemetry/api copy that `require` from `fromFile` gets, or undefined. */
function copyFrom(fromFile: string): ApiCopy | undefined {
  try {
    return packageOf(createRequire(fromFile).resolve("@opentelemetry/api"));
  } catch {
    return undefined;
  }
}

export const parse = (version: string) => version.split(/[.-]/).slice(0, 3).map(Number) as [number, number, number];
export const newer = (a: string, b: string) => {
  const [x, y] = [parse(a), parse(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] > y[2];
};

/** Where the app's code (and the instrumentations it gave) would import @opentelemetry/api from. */
export function appImporters(instrumentationNames: readonly string[], cwd = process.cwd(), entry = process.argv[1]): string[] {
  const files = [join(cwd, "package.json")];
  if (entry) files.push(entry);
  const fromApp = createRequire(files[0]!);
  for (const name of instrumentationNames) {
    try {
      files.push(fromApp.resolve(name));
    } catch {
      // An instrumentation the app's folder cannot resolve by name (bundled, or named differently): skipped.
    }
  }
  return files;
}

/** The API to register through, given the files whose @opentelemetry/api copies count. */
export function chooseApi(importers: readonly string[], ownFile = import.meta.url): ApiChoice {
  const own = copyFrom(ownFile.startsWith("file:") ? fileURLToPath(ownFile) : ownFile);
  const choice: ApiChoice = { api: ownApi, own, unreachable: [] };
  if (!own) return choice;
  const seen = new Map<string, ApiCopy>();
  for (const file of importers) {
    const copy = copyFrom(file);
    if (copy && copy.dir !== own.dir && newer(copy.version, own.version)) seen.set(copy.dir, copy);
  }
  const candidates = [...seen.values()].sort((a, b) => (newer(a.version, b.version) ? -1 : 1));
  for (const copy of candidates) {
    if (parse(copy.version)[0] !== parse(own.version)[0]) {
      choice.unreachable.push(copy);
      continue;
    }
    if (choice.used) continue; // the newest of the same major serves every older one
    try {
      choice.api = createRequire(join(copy.dir, "package.json"))(copy.dir) as OtelApi;
      choice.used = copy;
    } catch {
      choice.unreachable.push(copy);
    }
  }
  return choice;
}

export interface CopyReporter {
  warnOnce(key: string, message: string): void;
  info(message: string): void;
}

/**
 * register()'s choice: the newer API copy to register the globals through (undefined: its own), after saying once
 * for each copy that cannot read the registration what is lost and how to fix it (and, with `verbose`, which copy
 * was used).
 */
export function apiForGlobals(instrumentations: readonly unknown[] | undefined, report: CopyReporter, verbose: boolean): OtelApi | undefined {
  const names = (instrumentations ?? []).map((i) => (i as { instrumentationName?: unknown } | null)?.instrumentationName).filter((n): n is string => typeof n === "string");
  const copies = chooseApi(appImporters(names));
  const own = copies.own?.version ?? "this package's copy";
  for (const copy of copies.unreachable) {
    report.warnOnce(
      `api-copy-${copy.dir}`,
      `code that imports @opentelemetry/api ${copy.version} (${copy.dir}) will not see the tracer provider registered through ${own}: ` +
        "its spans are lost. Install one version of @opentelemetry/api for the whole app (`npm ls @opentelemetry/api` shows the copies; " +
        "`npm dedupe`, or an `overrides` entry in package.json, makes them one).",
    );
  }
  if (copies.used && verbose) {
    report.info(`registered through @opentelemetry/api ${copies.used.version} (${copies.used.dir}), the newest copy the app imports (this package's own is ${own}), so code on either copy sees the provider`);
  }
  return copies.used ? copies.api : undefined;
}

// Where @opentelemetry/api 1.x keeps its globals: one object, stamped with the registrant's version.
export const OTEL_API_GLOBAL = Symbol.for("opentelemetry.js.api.1");

const stamps = new WeakMap<OtelApi, string>();

/**
 * The version an API copy stamps its registrations with, read from the copy itself (a bundler or an alias may load
 * another copy than the one on disk): with the global object set aside for a moment, the copy registers a propagator,
 * which creates a fresh object carrying its stamp; then the global object is put back as it was.
 */
export function stampOf(copy: OtelApi): string | undefined {
  if (!stamps.has(copy)) {
    const store = globalThis as Record<symbol, { version?: unknown } | undefined>;
    const saved = store[OTEL_API_GLOBAL];
    delete store[OTEL_API_GLOBAL];
    try {
      copy.propagation.setGlobalPropagator({ inject() {}, extract: (context) => context, fields: () => [] });
      const stamp = store[OTEL_API_GLOBAL]?.version;
      if (typeof stamp === "string") stamps.set(copy, stamp);
    } finally {
      if (saved) store[OTEL_API_GLOBAL] = saved;
      else delete store[OTEL_API_GLOBAL];
    }
  }
  return stamps.get(copy);
}

export interface Restamp {
  from: string;
  to: string;
}

/**
 * The API stores every registration in one object stamped with the registrant's version, refuses to add to an object
 * stamped with another version, and hides it from readers of a newer minor. When the app (or a library) registered
 * through an older copy of the same major before us, its context manager, propagator and provider would stay
 * invisible to the newer copy we register through, and our provider could not be added at all. So the stamp is
 * raised to the version we register through (every older copy still reads it) and put back with the last mount.
 */
export function restamp(version: string | undefined): Restamp | undefined {
  const slots = (globalThis as Record<symbol, { version?: unknown } | undefined>)[OTEL_API_GLOBAL];
  const from = slots?.version;
  if (!slots || !version || typeof from !== "string" || from === version) return undefined;
  if (parse(from)[0] !== parse(version)[0] || !newer(version, from)) return undefined;
  slots.version = version;
  return { from, to: version };
}
