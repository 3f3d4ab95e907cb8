// "Drop-in" proven on their own documentation: every TypeScript block of @arizeai/phoenix-otel's README (the installed
// devDependency's), run once with theirs and once with the import swapped to ours, each against a fresh mock Phoenix
// with authentication on (createMockPhoenix + listen). Both runs must succeed and the mock must store the same spans:
// names, kinds, attributes (minus timings), resource (ours adds service.name and the SDK attributes, documented in the
// README), and count. Blocks that call OpenAI go to FakeOpenAI, a local stand-in.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockPhoenix } from "phoenix-mock";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { startFakeOpenAI, type FakeOpenAI } from "./helpers/fake-openai.js";
import { readmeBlocks, theirReadme, writeProgram, type Flavour, type ReadmeBlock } from "./helpers/readme-blocks.js";

const run = promisify(execFile);
const scratch = join(import.meta.dirname, ".blocks");
const blocks = readmeBlocks(theirReadme());

let openai: FakeOpenAI;
beforeAll(async () => {
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await openai.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Attributes that are timings or durations differ run to run.
const TIMING = /duration|time_to_first|time_per_output/;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  spans: Array<{ name: string; attributes: Record<string, unknown>; resource: Record<string, unknown>; project: string }>;
}

async function runBlock(block: ReadmeBlock, flavour: Flavour): Promise<Outcome> {
  const mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
  await mock.listen();
  try {
    const { key } = await mock.createSystemApiKey({ name: "readme" });
    const entry = await writeProgram(block, flavour, mock.url, join(scratch, `${block.index}-${flavour}`));
    let code = 0;
    let stdout = "";
    let stderr = "";
    try {
      ({ stdout, stderr } = await run(process.execPath, [entry], {
        cwd: join(scratch, `${block.index}-${flavour}`),
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          PHOENIX_COLLECTOR_ENDPOINT: mock.url,
          PHOENIX_API_KEY: key,
          PHOENIX_DISCOVER_CONFIG: "false",
          OPENAI_API_KEY: `fake-${generateSecret()}`,
          OPENAI_BASE_URL: openai.baseUrl,
        },
      }));
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      code = typeof e.code === "number" ? e.code : 1;
      stdout = e.stdout ?? "";
      stderr = e.stderr ?? String(error);
    }
    const spans = mock.spans().map((s) => ({
      name: s.name,
      project: s.project,
      // Theirs sends an empty `openinference.span.kind` on spans the translation does not recognise; ours removes it
      // (README "Coming from @arizeai/phoenix-otel"), so attributes without a value are left out of the comparison.
      attributes: Object.fromEntries(Object.entries(s.attributes).filter(([k, v]) => !TIMING.test(k) && v !== null && v !== undefined)),
      resource: s.resource?.attributes ?? {},
    }));
    return { code, stdout, stderr, spans };
  } finally {
    await mock.close();
  }
}

// Spans each block stored (the same for both packages), checked at the end so that "equal" cannot mean "both empty".
const stored = new Map<string, Outcome["spans"]>();

const order = (a: { name: string; attributes: unknown }, b: { name: string; attributes: unknown }) =>
  (a.name + JSON.stringify(a.attributes)).localeCompare(b.name + JSON.stringify(b.attributes));

describe.sequential("every TypeScript block of @arizeai/phoenix-otel's README runs with ours and stores the same spans", () => {
  it("the README has the blocks we expect", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(20);
  });

  it.each(blocks.map((b) => [`#${b.index} ${b.heading}${b.instrumentation ? " (instrumentation.ts + main.ts)" : ""}`, b] as const))(
    "%s",
    async (_title, block) => {
      const theirs = await runBlock(block, "theirs");
      const ours = await runBlock(block, "ours");
      expect({ code: theirs.code, stderr: theirs.stderr }).toEqual({ code: 0, stderr: "" });
      // Ours never writes to stdout (theirs' diag logger does). With diagLogLevel, ours' OTel diag lines go to stderr.
      expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: 0, stdout: "" });
      const diagLines = ours.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("[phoenix-otel-auth] otel "));
      expect(diagLines).toEqual([]);
      if (!/diagLogLevel/.test(block.code)) expect(ours.stderr).toBe("");
      expect(ours.spans.length).toBe(theirs.spans.length);
      const key = block.heading + (block.instrumentation ? " (pair)" : "");
      stored.set(key, [...(stored.get(key) ?? []), ...ours.spans]);
      const strip = (o: Outcome) => o.spans.map(({ name, attributes, project }) => ({ name, attributes, project })).sort(order);
      expect(strip(ours)).toEqual(strip(theirs));
      for (const [i, span] of theirs.spans.entries()) {
        // Theirs' resource is a subset of ours, with the same values.
        expect(ours.spans[i]?.resource).toMatchObject(span.resource);
      }
    },
    70_000,
  );

  it("the blocks that trace something stored their spans (LLM spans from the AI SDK and OpenAI blocks)", () => {
    const kinds = (heading: string) => (stored.get(heading) ?? []).map((s) => s.attributes["openinference.span.kind"]);
    expect(kinds("Basic Usage")).toEqual(["CHAIN"]);
    expect(kinds("With the Vercel AI SDK (v7+) (pair)")).toContain("LLM");
    expect(kinds("With OpenAI (ESM) (pair)")).toEqual(["LLM"]);
    // Attribute Helper APIs calls trace.getTracer() without register(): no provider, no spans, with either package.
    expect(kinds("Attribute Helper APIs")).toEqual([]);
    expect(stored.get("Context Attributes")?.map((s) => [s.name, s.attributes["session.id"]])).toEqual([
      ["handle-query", "sess-123"],
      ["manual-span", undefined],
    ]);
    expect([...stored.values()].reduce((n, spans) => n + spans.length, 0)).toBeGreaterThanOrEqual(7);
  });
});
