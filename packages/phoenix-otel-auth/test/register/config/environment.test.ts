import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENVIRONMENT, type EnvName, type EnvVariable } from "../../../src/register/config/environment.js";

// The declared table of environment variables (src/register/config/environment.ts) against the source and the docs page
// (docs/environment-variables.md): the source reads no variable outside the table (envValue() takes only declared
// names; no other `env[...]`), the page's table has one row per declared variable, naming the option over it and its
// default, and the page names no other variable (but those this package only names in messages).
const ROOT = join(import.meta.dirname, "../../..");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith(".ts") ? [join(dir, name)] : []));
const sources = files(join(ROOT, "src/register")).map((file) => ({ file, text: readFileSync(file, "utf8") }));
const PAGE = "docs/environment-variables.md";
const page = readFileSync(join(ROOT, PAGE), "utf8");
const table = page.slice(page.indexOf("| Variable |"));
// Variables this package only names in messages (it never reads them): the server's, or ones the README says do nothing.
const NAMED_ONLY = new Set(["PHOENIX_ENABLE_AUTH", "PHOENIX_MAX_SPANS_QUEUE_SIZE", "PHOENIX_HOST", "PHOENIX_PORT", "PHOENIX_BASE_URL"]);
const declared = Object.keys(ENVIRONMENT) as EnvName[];

const rows = table.split("\n").filter((line) => line.startsWith("| `"));
const cells = (row: string) => row.split(" | ").map((cell) => cell.replace(/^\| | \|$/g, ""));
const namesOf = (row: string): string[] => {
  const first = cells(row)[0]!;
  const names = [...first.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`/g)].map((m) => m[1]!);
  // "…_CLIENT_CERTIFICATE (both forms)": the traces form and the general form by the suffix.
  for (const [, suffix] of first.matchAll(/`…(_[A-Z_]+)`/g)) names.push(`OTEL_EXPORTER_OTLP_TRACES${suffix}`, `OTEL_EXPORTER_OTLP${suffix}`);
  return names;
};

describe("the environment table", () => {
  it("the source reads variables only through it", () => {
    expect(declared.length).toBeGreaterThan(30);
    const named = new Set(sources.flatMap(({ text }) => [...text.matchAll(/["'`]((?:OTEL|PHOENIX)_[A-Z_]+)["'`]/g)].map((m) => m[1]!)));
    expect([...named].filter((name) => !NAMED_ONLY.has(name) && !(name in ENVIRONMENT)).sort()).toEqual([]);
    // typos.ts looks at the names of all variables (it reads no value but to skip empty ones).
    const direct = sources.filter(({ file, text }) => !/(environment|typos)\.ts$/.test(file) && /\b(env|process\.env)\[/.test(text)).map(({ file }) => file);
    expect(direct).toEqual([]);
  });

  it("the page has one row for each declared variable, and none for another", () => {
    const documented = rows.flatMap(namesOf);
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
    expect([...documented].sort()).toEqual([...declared].sort());
  });

  it("the page names no variable outside the declared table (in its prose too)", () => {
    const named = [...page.matchAll(/`((?:PHOENIX|OTEL|NEXT|NODE)_[A-Z0-9_]+)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(declared.length);
    expect([...new Set(named.filter((name) => !(name in ENVIRONMENT) && !NAMED_ONLY.has(name)))]).toEqual([]);
  });

  it.each(rows.map((row) => [namesOf(row).join(", "), row]))("the page's row %s names each variable's option and default", (_names, row) => {
    const [, , optionCell, defaultCell] = cells(row);
    for (const name of namesOf(row) as EnvName[]) {
      const variable: EnvVariable = ENVIRONMENT[name];
      if (variable.option) expect(optionCell, `${name}: its option`).toContain(`\`${variable.option}\``);
      else expect(optionCell, `${name}: no option`).toBe("none");
      if (variable.default !== undefined) expect(defaultCell, `${name}: its default`).toContain(String(variable.default));
    }
  });
});

describe("why environment.ts reads variables itself", () => {
  it("OpenTelemetry's getNumberFromEnv drops a value that cannot work (we throw a PhoenixConfigError naming it)", async () => {
    const { getNumberFromEnv } = await import("@opentelemetry/core");
    const { resolveConfig } = await import("../../../src/register/config/resolve.js");
    process.env.PHOENIX_TEST_NOT_A_NUMBER = "ten";
    try {
      // When this fails, OpenTelemetry's helper reports bad values itself: read through it instead.
      expect(getNumberFromEnv("PHOENIX_TEST_NOT_A_NUMBER")).toBeUndefined();
    } finally {
      delete process.env.PHOENIX_TEST_NOT_A_NUMBER;
    }
    expect(() => resolveConfig({}, { OTEL_BSP_MAX_QUEUE_SIZE: "ten" })).toThrow(/OTEL_BSP_MAX_QUEUE_SIZE must be a whole number >= 1, got "ten"/);
  });
});
