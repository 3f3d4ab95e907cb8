import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "phoenix-mock";
import { OTEL_ROOT } from "../../../../../test/helpers/paths.js";
import { cleanEnv, requireBuild, runChild } from "../helpers/child.js";

// Two copies of @opentelemetry/api in one app. The app's own copy here is this repository's @opentelemetry/api with its
// version set to another (package.json and the VERSION constant: all the API's global check reads), so the test needs no
// registry. The app imports that copy and phoenix-otel-auth (linked to the built package, whose own copy is the
// repository's 1.9.x); it spans through its copy.
const OWN_API = dirname(dirname(dirname(createRequire(import.meta.url).resolve("@opentelemetry/api"))));
let root: string;
let mock: MockPhoenix;
let url: string;

function appWithApiCopy(name: string, version: string): string {
  const app = join(root, name);
  const api = join(app, "node_modules", "@opentelemetry", "api");
  mkdirSync(dirname(api), { recursive: true });
  cpSync(OWN_API, api, { recursive: true });
  const own = JSON.parse(readFileSync(join(api, "package.json"), "utf8")) as { version: string };
  writeFileSync(join(api, "package.json"), readFileSync(join(api, "package.json"), "utf8").replace(`"version": "${own.version}"`, `"version": "${version}"`));
  for (const build of ["src", "esm", "esnext"]) {
    const file = join(api, "build", build, "version.js");
    writeFileSync(file, readFileSync(file, "utf8").replace(`'${own.version}'`, `'${version}'`));
  }
  symlinkSync(OTEL_ROOT, join(app, "node_modules", "phoenix-otel-auth"));
  writeFileSync(join(app, "package.json"), `{ "name": "${name}", "private": true }\n`);
  writeFileSync(
    join(app, "app.cjs"),
    [
      'const api = require("@opentelemetry/api");',
      'const { register } = require("phoenix-otel-auth");',
      "(async () => {",
      '  const provider = register({ url: process.env.URL, projectName: process.env.PROJECT, batch: false, verbose: process.env.VERBOSE === "1", global: process.env.CONTROL !== "1" }, {});',
      // The control: the provider registered through phoenix-otel-auth's own copy, as before this check existed.
      '  if (process.env.CONTROL === "1") require(process.env.OWN_API).trace.setGlobalTracerProvider(provider);',
      "  api.trace.getTracer(\"app\").startSpan(`through api ${process.env.API_VERSION}`).end();",
      "  await provider.forceFlush();",
      "  await provider.shutdown();",
      "})();",
    ].join("\n"),
  );
  return app;
}

beforeAll(async () => {
  requireBuild();
  root = mkdtempSync(join(tmpdir(), "api-copies-"));
  mock = createMockPhoenix();
  url = await mock.listen();
});
afterAll(async () => {
  await mock?.close();
  rmSync(root, { recursive: true, force: true });
});

const run = (app: string, project: string, extra: Record<string, string> = {}) => {
  const { version } = JSON.parse(readFileSync(join(app, "node_modules/@opentelemetry/api/package.json"), "utf8")) as { version: string };
  return runChild(["app.cjs"], cleanEnv({ URL: url, PROJECT: project, OWN_API: OWN_API, API_VERSION: version, ...extra }), app);
};

describe("two copies of @opentelemetry/api", () => {
  it("the trap is real: a provider registered through this package's 1.9 copy is a no-op for code on a 1.10 copy", async () => {
    const app = appWithApiCopy("control", "1.10.0");
    const result = await run(app, "control", { CONTROL: "1" });
    expect(result.code, result.stderr).toBe(0);
    expect(mock.spans({ project: "control" })).toEqual([]);
  });

  it("register() registers through the newest copy of the same major: the app's spans on api 1.10 reach Phoenix", async () => {
    const app = appWithApiCopy("newer", "1.10.0");
    const result = await run(app, "newer", { VERBOSE: "1" });
    expect(result.code, result.stderr).toBe(0);
    await mock.waitForSpans({ project: "newer", count: 1, timeoutMs: 5000 });
    expect(mock.spans({ project: "newer" }).map((s) => s.name)).toEqual(["through api 1.10.0"]);
    expect(result.stderr).toMatch(/registered through @opentelemetry\/api 1\.10\.0 \(.*newer\/node_modules\/@opentelemetry\/api\), the newest copy the app imports \(this package's own is 1\.9\.\d+\)/);
    expect(result.stderr).not.toMatch(/will not see/);
  });

  it("a copy of another major, which no registration of ours can reach, is said once on stderr with both versions and the fix", async () => {
    const app = appWithApiCopy("major", "2.0.0");
    const result = await run(app, "major");
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.split("\n").filter((line) => /will not see/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/code that imports @opentelemetry\/api 2\.0\.0 \(.*major\/node_modules\/@opentelemetry\/api\) will not see the tracer provider registered through 1\.9\.\d+: its spans are lost\. Install one version of @opentelemetry\/api/);
    expect(lines[0]).toMatch(/npm dedupe/);
  });

  it("one copy, or an older one beside ours: nothing is said and the spans arrive", async () => {
    const app = appWithApiCopy("older", "1.8.0");
    const result = await run(app, "older");
    expect(result.code, result.stderr).toBe(0);
    await mock.waitForSpans({ project: "older", count: 1, timeoutMs: 5000 });
    expect(result.stderr).toBe("");
  });
});
