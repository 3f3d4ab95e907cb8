import { beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, requireBuild, runChild } from "../helpers/child.js";

const APP = "test/register/fixtures/late-instrumentation-app.cjs";
beforeAll(requireBuild);
const env = () => cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: "http://127.0.0.1:9" });

describe("instrumentation that starts too late is never silent", () => {
  it("openai required before register() turned its instrumentation on: one warning with the fix", async () => {
    const run = await runChild([APP, "late"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "[phoenix-otel-auth] openai is loaded, but @arizeai/openinference-instrumentation-openai never patched it, so its spans are missing: the app took it " +
        "before register() turned the instrumentation on, or (in an ES-module app) OpenTelemetry's loader hook is not installed. " +
        "Start the app with `node --import phoenix-otel-auth/register` (ES modules) or `--require phoenix-otel-auth/register` " +
        "(CommonJS) and name the instrumentation in PHOENIX_INSTRUMENTATIONS, or call register() in its own file, imported first.\n",
    );
  });

  it("the same app in the right order: not a word", async () => {
    const run = await runChild([APP, "in-time"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
