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
      "[phoenix-otel-auth] openai was loaded before register() turned on @arizeai/openinference-instrumentation-openai, so the app holds an unpatched openai: " +
        "its spans will be missing. Call register() before anything imports openai (in its own file, imported first), or start the app with " +
        "`node --import phoenix-otel-auth/register` (ES modules) or `--require phoenix-otel-auth/register` (CommonJS) and name the instrumentation in PHOENIX_INSTRUMENTATIONS.\n",
    );
  });

  it("the same app in the right order: not a word", async () => {
    const run = await runChild([APP, "in-time"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
