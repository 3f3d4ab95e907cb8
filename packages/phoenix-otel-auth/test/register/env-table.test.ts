import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The README's table of environment variables against the source: every OTEL_* / PHOENIX_* name that register() reads
// (a string literal in src/register/) has a row, and every row names a variable the source reads.
const ROOT = join(import.meta.dirname, "../..");
const source = readdirSync(join(ROOT, "src/register"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(join(ROOT, "src/register", f), "utf8"))
  .join("\n");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const table = readme.slice(readme.indexOf("### Environment variables"), readme.indexOf("#### Endpoint normalization"));
// Variables this package only names in messages (it never reads them): the mock's, or ones the README says do nothing.
const NAMED_ONLY = new Set(["PHOENIX_ENABLE_AUTH", "PHOENIX_MAX_SPANS_QUEUE_SIZE", "PHOENIX_HOST", "PHOENIX_PORT", "PHOENIX_BASE_URL"]);

const read = new Set([...source.matchAll(/["'`]((?:OTEL|PHOENIX)_[A-Z_]+)["'`]/g)].map((m) => m[1]!).filter((n) => !NAMED_ONLY.has(n)));
const rows = table.split("\n").filter((line) => line.startsWith("| `"));
const documented = new Set(rows.flatMap((row) => [...row.split(" | ")[0]!.matchAll(/`((?:OTEL|PHOENIX)_[A-Z_]+)`/g)].map((m) => m[1]!)));
// "…_CLIENT_CERTIFICATE (both forms)": the row gives the traces form and the general form by the suffix.
for (const row of rows) {
  const first = row.split(" | ")[0]!;
  for (const [, suffix] of first.matchAll(/`…(_[A-Z_]+)`/g)) {
    documented.add(`OTEL_EXPORTER_OTLP_TRACES${suffix}`);
    documented.add(`OTEL_EXPORTER_OTLP${suffix}`);
  }
}

describe("README environment table", () => {
  it("has a row for every variable register() reads", () => {
    expect(read.size).toBeGreaterThan(30);
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it("documents no variable that register() does not read", () => {
    expect([...documented].filter((name) => !read.has(name)).sort()).toEqual([]);
  });
});
