import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "../helpers/capture-server.js";
import { cleanEnv, requireBuild, runChild } from "../helpers/child.js";

const APP = "test/register/fixtures/late-instrumentation-app.cjs";
/** The end of the warning for a module a CommonJS app took before register() (the order fix). */
const ORDER_FIX =
  "before register() turned the instrumentation on, and did not require it again. Call register() first, in a file of its own loaded " +
  "before anything else (`node --require ./that-file.js`), or start the app with `--require phoenix-otel-auth/register` (`--import` " +
  "for ES modules) and name the instrumentation in PHOENIX_INSTRUMENTATIONS.\n";
beforeAll(requireBuild);
const env = () => cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: "http://127.0.0.1:9" });

describe("instrumentation that starts too late is never silent", () => {
  it("openai required before register() turned its instrumentation on: one warning with the fix", async () => {
    const run = await runChild([APP, "late"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "[phoenix-otel-auth] openai is loaded, but @arizeai/openinference-instrumentation-openai never patched it, so its spans are missing: the app took it " +
        ORDER_FIX,
    );
  });

  it("the same app in the right order: not a word", async () => {
    const run = await runChild([APP, "in-time"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});

// A built-in module (node:http) is patched only when something requires it after register(), or through the loader
// hook when the app imports it. The four ways an app can be set up, each against a capture server: the two wrong ones
// print one warning and deliver nothing from http; the two right ones print nothing and deliver the server's and the
// client's span.
describe("node:http that the HTTP instrumentation never patched", () => {
  let server: CaptureServer;
  beforeEach(async () => {
    server = await startCaptureServer();
  });
  afterEach(() => server.close());
  const run = (args: string[]) => runChild(args, cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url }));
  const httpSpans = () => server.acceptedSpans().map((span) => span.kind).sort();
  const fixture = (name: string) => `test/register/fixtures/${name}`;

  it("ES module, register() in a file the app imports (too late, no hook): one warning with the --import fix, no http spans", async () => {
    const result = await run([fixture("esm-http-late-app.mjs")]);
    expect([result.code, result.stdout]).toEqual([0, "hello\n"]);
    expect(result.stderr).toBe(
      "[phoenix-otel-auth] http is loaded, but @opentelemetry/instrumentation-http never patched it, so its spans are missing: this is an " +
        "ES-module app, and an ES `import` is patched only through OpenTelemetry's loader hook, which must be in before the app's imports; " +
        "it is not. Start the app with `node --import phoenix-otel-auth/register test/register/fixtures/esm-http-late-app.mjs` and name the " +
        "instrumentation in PHOENIX_INSTRUMENTATIONS, or call register() in a file of its own and start with " +
        "`node --import ./that-file.mjs test/register/fixtures/esm-http-late-app.mjs` (register() installs the hook there).\n",
    );
    expect(httpSpans()).toEqual([]);
  });

  it("ES module, the same register() file given to --import: the hook goes in, both spans arrive, not a word", async () => {
    const result = await run(["--import", `./${fixture("otel-http.mjs")}`, fixture("esm-http-app.mjs")]);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, "hello\n", ""]);
    expect(httpSpans()).toEqual(["SPAN_KIND_CLIENT", "SPAN_KIND_SERVER"]);
  });

  it("CommonJS, node:http required before register() and never again: one warning with the order fix, no http spans", async () => {
    const result = await run([fixture("http-order-app.cjs"), "late"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "[phoenix-otel-auth] http is loaded, but @opentelemetry/instrumentation-http never patched it, so its spans are missing: the app took it " +
        ORDER_FIX,
    );
    expect(httpSpans()).toEqual([]);
  });

  it("CommonJS in the right order: both spans arrive, not a word", async () => {
    const result = await run([fixture("http-order-app.cjs"), "in-time"]);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(httpSpans()).toEqual(["SPAN_KIND_CLIENT", "SPAN_KIND_SERVER"]);
  });
});
