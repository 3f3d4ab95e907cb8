// An OpenInference instrumentation (@arizeai/openinference-instrumentation-openai) with ours, ESM and CommonJS, against
// FakeOpenAI (a local stand-in): the LLM span reaches the mock Phoenix (createMockPhoenix + listen, auth on).
// The apps import phoenix-otel-auth by name, so they run the built package (dist).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockPhoenix } from "phoenix-mock";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { FAKE_ANSWER, startFakeOpenAI, type FakeOpenAI } from "./helpers/fake-openai.js";

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, "fixtures", "openai");

let openai: FakeOpenAI;
beforeAll(async () => {
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await openai.close();
});

describe("@arizeai/openinference-instrumentation-openai with phoenix-otel-auth", () => {
  it.each([
    ["ESM: node --import ./instrumentation.mjs app.mjs", ["--import", "./instrumentation.mjs", "app.mjs"], "openai-esm"],
    ["CJS: node --require ./instrumentation.cjs app.cjs", ["--require", "./instrumentation.cjs", "app.cjs"], "openai-cjs"],
  ])("%s: one LLM span with the model, token counts, input and output", async (_title, args, project) => {
    const mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
    await mock.listen();
    try {
      const { key } = await mock.createSystemApiKey({ name: "openai" });
      const { stdout, stderr } = await run(process.execPath, args, {
        cwd: fixtures,
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          PHOENIX_COLLECTOR_ENDPOINT: mock.url,
          PHOENIX_API_KEY: key,
          OPENAI_API_KEY: `fake-${generateSecret()}`,
          OPENAI_BASE_URL: openai.baseUrl,
        },
      });
      expect(stdout).toBe(`${FAKE_ANSWER}\n`);
      expect(stderr).toBe("");
      // Sent by the exit flush (the app never calls shutdown).
      const spans = mock.spans({ project });
      expect(spans).toHaveLength(1);
      const [span] = spans;
      expect(span?.attributes["openinference.span.kind"]).toBe("LLM");
      expect(span?.attributes["llm.model_name"]).toBe("gpt-4o-mini");
      expect(span?.attributes["llm.token_count.prompt"]).toBe(9);
      expect(span?.attributes["llm.token_count.completion"]).toBe(6);
      expect(String(span?.attributes["input.value"])).toContain("Hello!");
      expect(String(span?.attributes["output.value"])).toContain(FAKE_ANSWER);
    } finally {
      await mock.close();
    }
  }, 40_000);
});
