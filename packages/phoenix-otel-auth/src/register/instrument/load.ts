// Instrumentations a setup without code turns on: the packages named in PHOENIX_INSTRUMENTATIONS, and with
// autoInstrument (PHOENIX_AUTO_INSTRUMENT) every installed `@arizeai/openinference-instrumentation-*`. Each package
// is loaded from the app's folder and its exported `…Instrumentation` class is constructed with no arguments.
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import type { ResolvedConfig } from "../config/resolve.js";
import { describeSource } from "../config/parse.js";

export interface LoadedInstrumentations {
  /** Package name and the instrumentation made from it, in the order named (then the found ones, sorted). */
  loaded: Array<{ name: string; instrumentation: Instrumentation }>;
  /** One message per package that could not be turned on, with the fix. */
  problems: string[];
}

const AUTO_PREFIX = "openinference-instrumentation-";

/** The installed `@arizeai/openinference-instrumentation-*` packages, from `cwd` up. */
export function installedOpenInferenceInstrumentations(cwd: string): string[] {
  const found = new Set<string>();
  for (let dir = cwd; ; dir = dirname(dir)) {
    const scope = join(dir, "node_modules", "@arizeai");
    if (existsSync(scope)) for (const name of readdirSync(scope)) if (name.startsWith(AUTO_PREFIX)) found.add(`@arizeai/${name}`);
    if (dirname(dir) === dir) break;
  }
  return [...found].sort();
}

function instrumentationClass(module: Record<string, unknown>): (new () => Instrumentation) | undefined {
  for (const [name, value] of Object.entries(module)) {
    if (name.endsWith("Instrumentation") && typeof value === "function" && typeof (value as { prototype?: { enable?: unknown } }).prototype?.enable === "function") {
      return value as new () => Instrumentation;
    }
  }
  return undefined;
}

export function loadInstrumentations(config: ResolvedConfig, cwd = process.cwd()): LoadedInstrumentations {
  const named = config.instrumentationPackages.value;
  const auto = config.autoInstrument.value ? installedOpenInferenceInstrumentations(cwd).filter((name) => !named.includes(name)) : [];
  const result: LoadedInstrumentations = { loaded: [], problems: [] };
  if (named.length === 0 && auto.length === 0) return result;
  const fromApp = createRequire(join(cwd, "package.json"));
  for (const name of [...named, ...auto]) {
    const source = named.includes(name) ? describeSource(config.instrumentationPackages.source) : describeSource(config.autoInstrument.source);
    let module: Record<string, unknown>;
    try {
      module = fromApp(name) as Record<string, unknown>;
    } catch (error) {
      const missing = (error as { code?: unknown }).code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${name}'`);
      result.problems.push(
        missing
          ? `${source} names ${name}, which is not installed in ${cwd}: install it (npm i ${name}) or remove it from the list.`
          : `${source}: ${name} could not be loaded (${(error as Error).message.split("\n")[0]}); it is left out.`,
      );
      continue;
    }
    const Class = instrumentationClass(module);
    if (!Class) {
      result.problems.push(`${source}: ${name} exports no instrumentation class (a class named …Instrumentation); it is left out. Pass it in the \`instrumentations\` option instead.`);
      continue;
    }
    result.loaded.push({ name, instrumentation: new Class() });
  }
  return result;
}
