import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "../helpers/capture-server.js";
import { REPO_ROOT, cleanEnv, requireBuild, runChild } from "../helpers/child.js";

// `node --import phoenix-otel-auth/register app.mjs` with PHOENIX_INSTRUMENTATIONS: the ES-module app's own `import
// http from "node:http"` is patched (the preload installs OpenTelemetry's loader hook first), and the exporter's own
// requests never become spans.
const PRELOAD = "dist/register.js";
const APP = "test/register/fixtures/esm-http-app.mjs";
let server: CaptureServer;
beforeAll(requireBuild);
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

describe("ES-module instrumentation with one flag", () => {
  it("PHOENIX_INSTRUMENTATIONS + --import: the app's server and client spans arrive, and none for the export itself", async () => {
    const run = await runChild(["--import", `./${PRELOAD}`, APP], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url, PHOENIX_INSTRUMENTATIONS: "@opentelemetry/instrumentation-http" }));
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("hello\n");
    const spans = server.acceptedSpans();
    expect(spans.map((s) => [s.name, s.kind]).sort()).toEqual([["GET", "SPAN_KIND_CLIENT"], ["GET", "SPAN_KIND_SERVER"]]);
    expect(spans.every((s) => !String(s.attributes["url.full"] ?? s.attributes["http.url"] ?? "").includes("/v1/traces"))).toBe(true);
  });

  it("a package that is not installed: one line with the fix, and the rest still works", async () => {
    const run = await runChild(["--import", `./${PRELOAD}`, APP], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url, PHOENIX_INSTRUMENTATIONS: "@opentelemetry/instrumentation-http,@example/instrumentation-missing" }));
    expect(run.stderr).toBe(`[phoenix-otel-auth] PHOENIX_INSTRUMENTATIONS names @example/instrumentation-missing, which is not installed in ${REPO_ROOT.replace(/\/$/, "")}: install it (npm i @example/instrumentation-missing) or remove it from the list.\n`);
    expect(server.acceptedSpans()).toHaveLength(2);
  });
});

describe("OpenInference auto-instrumentation with one flag (an OpenAI SDK app against a fake OpenAI server, no tracing code)", () => {
  it("CommonJS: --require + PHOENIX_AUTO_INSTRUMENT: the LLM span arrives, and nothing is printed", async () => {
    const run = await runChild(["--require", "./dist/register.cjs", "test/fixtures/openai-app.cjs"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url, PHOENIX_AUTO_INSTRUMENT: "true" }));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const spans = server.acceptedSpans();
    expect(spans.map((s) => [s.name, s.attributes["openinference.span.kind"], s.attributes["llm.model_name"]])).toEqual([["OpenAI Chat Completions", "LLM", "gpt-fake"]]);
  });

  // @arizeai/openinference-instrumentation-openai 4.2.7 is built on @opentelemetry/instrumentation ^0.46 (its own
  // import-in-the-middle 1.7, which cannot even parse openai 7's ES modules): register() bridges it to the hook of the
  // instrumentation package beside us (src/register/instrument/copies.ts), which hands it openai's ES module.
  it("ES module: --import + PHOENIX_AUTO_INSTRUMENT, with the instrumentation on another (older) @opentelemetry/instrumentation: the LLM span arrives, and nothing is printed", async () => {
    const run = await runChild(["--import", `./${PRELOAD}`, "test/fixtures/openai-app.mjs"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url, PHOENIX_AUTO_INSTRUMENT: "true" }));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const spans = server.acceptedSpans();
    expect(spans.map((s) => [s.name, s.attributes["openinference.span.kind"], s.attributes["llm.model_name"]])).toEqual([["OpenAI Chat Completions", "LLM", "gpt-fake"]]);
  });
});

describe("autoInstrument", () => {
  it("turns on each installed @arizeai/openinference-instrumentation-* package once, listed in the verbose summary", async () => {
    const { register } = await import("../../../src/register/register.js");
    const { installedOpenInferenceInstrumentations } = await import("../../../src/register/instrument/load.js");
    const installed = installedOpenInferenceInstrumentations(process.cwd());
    expect(installed).toContain("@arizeai/openinference-instrumentation-openai");
    const lines: string[] = [];
    const logger = { warn: (m: string) => void lines.push(m), info: (m: string) => void lines.push(m) };
    const provider = register({ url: server.url, global: false, flushOnExit: false, verbose: true, logger }, { PHOENIX_AUTO_INSTRUMENT: "true", PHOENIX_INSTRUMENTATIONS: "@arizeai/openinference-instrumentation-openai" });
    await provider.shutdown();
    const listed = lines.join("\n").split("\n").filter((line) => line.includes("instrumentation: "));
    expect(listed).toEqual(installed.map((name) => `  instrumentation: ${name}`));
  });

  it("a value that is not true or false is a configuration error", async () => {
    const { resolveConfig } = await import("../../../src/register/config/resolve.js");
    expect(() => resolveConfig({}, { PHOENIX_AUTO_INSTRUMENT: "yes" })).toThrow('PHOENIX_AUTO_INSTRUMENT must be true or false, got "yes".');
    expect(() => resolveConfig({}, { PHOENIX_INSTRUMENTATIONS: "http instrumentation" })).toThrow(/PHOENIX_INSTRUMENTATIONS must list package names/);
  });
});
