// Turns the TypeScript code blocks of @arizeai/phoenix-otel's README into runnable programs, one per block, for
// either package. The only changes: the import swap (for ours), Phoenix URLs pointed at the mock, a pair
// "// instrumentation.ts" + "// main.ts" run together, and a final flush of the global provider (theirs has no exit
// flush, so without it both would be compared on what batching happened to send).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { transform } from "esbuild";

export interface ReadmeBlock {
  index: number;
  /** The heading the block sits under. */
  heading: string;
  code: string;
  /** The block before it, when this is the `// main.ts` half of an instrumentation.ts + main.ts pair. */
  instrumentation?: string;
}

export function theirReadme(): string {
  const require = createRequire(import.meta.url);
  // dist/src/index.js -> package root
  const root = dirname(dirname(dirname(require.resolve("@arizeai/phoenix-otel"))));
  return readFileSync(join(root, "README.md"), "utf8");
}

export function readmeBlocks(readme: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  let heading = "";
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^#{2,4} /.test(line)) heading = line.replace(/^#+ /, "");
    if (!/^```(typescript|ts)\s*$/.test(line)) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    const code = body.join("\n");
    const previous = blocks.at(-1);
    const pair = code.startsWith("// main.ts") && previous?.code.startsWith("// instrumentation.ts");
    blocks.push({ index: blocks.length, heading, code, ...(pair && { instrumentation: previous?.code }) });
  }
  return blocks;
}

export type Flavour = "theirs" | "ours";

function swap(code: string, flavour: Flavour, phoenixUrl: string): string {
  let out = code.replace(/https:\/\/app\.phoenix\.arize\.com|http:\/\/localhost:6006/g, phoenixUrl);
  if (flavour === "ours") out = out.replace(/(["'])@arizeai\/phoenix-otel(\/vercel)?\1/g, (_m, q: string, sub = "") => `${q}phoenix-otel-auth${sub}${q}`);
  return out.replace(/(["'])\.\/instrumentation\.ts\1/g, '"./instrumentation.mjs"');
}

const EPILOGUE = `
import { trace as __trace } from "@opentelemetry/api";
{
  const __global = __trace.getTracerProvider();
  const __delegate = typeof __global.getDelegate === "function" ? __global.getDelegate() : __global;
  await __delegate.forceFlush?.();
}
`;

async function toModule(ts: string): Promise<string> {
  const { code } = await transform(ts, { loader: "ts", format: "esm", target: "node20" });
  return code;
}

/** Writes the program for one block into `dir` and returns the path of its entry file. */
export async function writeProgram(block: ReadmeBlock, flavour: Flavour, phoenixUrl: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  if (block.instrumentation) writeFileSync(join(dir, "instrumentation.mjs"), await toModule(swap(block.instrumentation, flavour, phoenixUrl)));
  const entry = join(dir, "main.mjs");
  writeFileSync(entry, await toModule(swap(block.code, flavour, phoenixUrl) + "\n" + EPILOGUE));
  return entry;
}
