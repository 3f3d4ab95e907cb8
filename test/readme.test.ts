import { execFile, execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../packages/phoenix-mock/src/index.js";
import { REPO_ROOT } from "./helpers/paths.js";
import { generateSecret } from "./helpers/secrets.js";

// Every code block of the Markdown a user reads (every README.md, and every page under a package's docs/) is complete
// and is run by the tests, or says why it is not. The convention, for everyone who adds a block:
//
// 1. A js/ts block is a file under a package's examples/, embedded: the line before the fence (blank lines between are
//    fine) is
//      <!-- embed: examples/<file> -->      (relative to the page's folder: ../examples/<file> from docs/)
//    and the block equals the file (up to trailing whitespace). Edit the file, then paste it into the README; this
//    test fails, naming the line, when the two drift apart.
// 2. A file under a package's examples/readme/ is run here: all of them in ONE node child (test/helpers/run-examples.mjs imports
//    them one after another against the built package, env restored between files), each against its own embedded
//    mock Phoenix, never the network. Each must finish without throwing and asserts its own claims with node:assert
//    (a block's comment such as `// "Expired token"` is an assert in the file). stdout and stderr must be empty unless
//    EXPECTED_STDERR below names what the file prints (register()'s diagnostics, say). Every file there is embedded
//    (in its package's README or docs/).
// 3. Any other embedded file (examples/runners/*, examples/mock-server.mjs, …) must be run by a test (test/,
//    packages/*/test/) or a CI stage under scripts/ that names its path or file name (packages/phoenix-mock/test/
//    examples.test.ts, runners.test.ts, scripts/runner-matrix.sh …); this test checks that a test names it.
// 4. A shell block (```sh, for commands) is not run: it starts long-running servers, installs packages or runs this
//    repository's own scripts. It says why on the line before the fence: <!-- not run: <reason> -->.
// 5. A block that is neither (a result shape, a diff) is tagged ```text or ```diff and is not run.
// 6. A diagram (```mermaid) is not run either, and says so like a shell block: <!-- not run: a diagram ... -->.
const ROOT = resolve(REPO_ROOT);
/** The READMEs with blocks of their own, by folder (repository-relative, "" for the root): each package's is its npm page. */
const READMES = ["", "packages/phoenix-otel-auth", "packages/phoenix-mock"];
/** Every page whose blocks are checked: each README.md of the repository and each page under a package's docs/. */
const PAGES = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "README.md", "**/README.md", "packages/*/docs/*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
  .split("\n")
  .filter((file) => file && !file.includes("node_modules/"))
  .filter((file, i, all) => all.indexOf(file) === i);
// Code blocks, and JSON or YAML a script reads (embedded like code, so the README shows the very file CI uses).
const CODE = new Set(["js", "javascript", "mjs", "cjs", "ts", "typescript", "jsx", "tsx", "mts", "cts", "json", "yaml"]);
const SHELL = new Set(["sh", "bash", "shell"]);
const OTHER = new Set(["text", "diff"]);
const DIAGRAM = new Set(["mermaid"]);
/** What an examples/readme/ file prints on stderr, on purpose (everything else must be silent). */
const EXPECTED_STDERR: Record<string, RegExp[]> = {
  "packages/phoenix-otel-auth/examples/readme/provider-phoenix.mjs": [/1 span held: .* answered 401 "Invalid token"/, /export recovered: .*1 span held and delivered/],
};

export interface Block {
  /** The README's path, for messages. */
  file: string;
  line: number;
  lang: string;
  body: string;
  embed: string | undefined;
  notRun: string | undefined;
}

export function blocks(markdown: string, file = "README.md"): Block[] {
  const lines = markdown.split("\n");
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    let before = i - 1;
    while (before >= 0 && (lines[before] as string).trim() === "") before--;
    const marker = before >= 0 ? (lines[before] as string).trim() : "";
    found.push({
      file,
      line: i + 1,
      lang: (open[1] ?? "").toLowerCase(),
      body: lines.slice(i + 1, end).join("\n"),
      embed: /^<!--\s*embed:\s*(\S+)\s*-->$/.exec(marker)?.[1],
      notRun: /^<!--\s*not run:\s*(.+?)\s*-->$/.exec(marker)?.[1],
    });
    i = end;
  }
  return found;
}

/** Why a code block fails the convention, or undefined when it meets it. `read` takes the embed path as written. */
export function drift(block: Block, read: (path: string) => string | undefined): string | undefined {
  const where = `${block.file}:${block.line}`;
  if (!block.embed || !/(^|\/)examples\//.test(block.embed)) return `${where}: add <!-- embed: examples/<file> --> before the fence (see test/readme.test.ts)`;
  const file = read(block.embed);
  if (file === undefined) return `${where}: ${block.embed} does not exist`;
  if (block.body.trimEnd() !== file.trimEnd()) return `${where} differs from ${block.embed}: paste the file into the README again`;
  return undefined;
}

function sources(dir: string): string {
  let text = "";
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) text += sources(path);
    else if (/\.(ts|mts|js|mjs|cjs|sh)$/.test(entry.name) && entry.name !== "readme.test.ts") text += readFileSync(path, "utf8");
  }
  return text;
}

const readRepo = (path: string) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), "utf8") : undefined);
/** A page's blocks, with each embed as a repository-relative path. */
const pageBlocks = (file: string) => blocks(readRepo(file)!, file).map((block) => ({ ...block, embed: block.embed && join(dirname(file), block.embed) }));
const readmeBlocks = (dir: string) => pageBlocks(join(dir, "README.md"));
/** A package's README and docs/ pages. */
const packagePages = (dir: string) => PAGES.filter((file) => file === join(dir, "README.md") || file.startsWith(`${dir}/docs/`));
const all = PAGES.flatMap(pageBlocks);
const code = all.filter((block) => CODE.has(block.lang));
const shell = all.filter((block) => !CODE.has(block.lang) && !OTHER.has(block.lang));
const isOwn = (embed: string) => /^packages\/[^/]+\/examples\/readme\//.test(embed);
const own = [...new Set(code.map((block) => block.embed).filter((embed): embed is string => !!embed && isOwn(embed)))];
const others = [...new Set(code.map((block) => block.embed).filter((embed): embed is string => !!embed && !isOwn(embed)))];

describe("README and docs code blocks: the convention", () => {
  it("the parser finds every README and docs page and their blocks, and every block is js/ts, shell, text/diff or a diagram", () => {
    expect(code.length).toBeGreaterThanOrEqual(15);
    for (const dir of READMES) expect(PAGES).toContain(join(dir, "README.md"));
    for (const dir of READMES.filter(Boolean)) expect(PAGES.filter((file) => file.startsWith(`${dir}/docs/`)).length, `${dir}/docs/ has no page`).toBeGreaterThan(5);
    for (const dir of READMES) expect(readmeBlocks(dir).length, `${dir}/README.md has no code block`).toBeGreaterThan(1);
    expect(all.filter((block) => DIAGRAM.has(block.lang)).length, "no Mermaid diagram found").toBeGreaterThan(0);
    for (const block of shell) expect(SHELL.has(block.lang) || DIAGRAM.has(block.lang), `${block.file}:${block.line}: tag the block (\`\`\`sh, \`\`\`text, \`\`\`mermaid …)`).toBe(true);
  });

  // A package README is its npm page: short, with links to one page per task under docs/.
  it.each(PAGES.map((file) => [file]))("%s is short enough to read (a package README 250 lines, a docs page 400)", (file) => {
    const limit = /^packages\/[^/]+\/README\.md$/.test(file) ? 250 : file.includes("/docs/") ? 400 : Infinity;
    expect(readRepo(file)!.split("\n").length - 1).toBeLessThanOrEqual(limit);
  });

  it("a block that drifts from its file is caught (the check can fail)", () => {
    const [block] = blocks("<!-- embed: packages/phoenix-otel-auth/examples/readme/register.mjs -->\n```js\nimport { register } from \"phoenix-otel-auth\";\nregister({});\n```\n");
    expect(drift(block!, readRepo)).toMatch(/README.md:2 differs from packages\/phoenix-otel-auth\/examples\/readme\/register.mjs/);
    expect(drift({ ...block!, body: readRepo("packages/phoenix-otel-auth/examples/readme/register.mjs")! }, readRepo)).toBeUndefined();
    expect(drift({ ...block!, embed: undefined }, readRepo)).toMatch(/add <!-- embed/);
  });

  it.each(code.map((block) => [`${block.file}:${block.line}`, block] as const))("%s is embedded from a file under examples/ and equals it", (_, block) => {
    expect(drift(block, readRepo)).toBeUndefined();
  });

  it.each(shell.map((block) => [`${block.file}:${block.line}`, block] as const))("%s (shell or diagram) says why it is not run", (_, block) => {
    expect(block.notRun, `${block.file}:${block.line}: add <!-- not run: <reason> --> before the fence`).toMatch(/\w{3,}.*\w{3,}/);
  });

  it("every file under a package's examples/readme/ is embedded in its package's README or docs/", () => {
    const files = READMES.filter(Boolean).flatMap((dir) => readdirSync(join(ROOT, dir, "examples/readme")).map((name) => `${dir}/examples/readme/${name}`));
    expect(files.sort()).toEqual([...own].sort());
    for (const dir of READMES.filter(Boolean)) {
      const embeds = packagePages(dir).flatMap(pageBlocks).map((block) => block.embed);
      for (const file of files.filter((f) => f.startsWith(`${dir}/`))) expect(embeds, `neither ${dir}/README.md nor ${dir}/docs/ embeds ${file}`).toContain(file);
    }
  });

  // A package README is its npm page: its relative links must resolve inside the published tarball.
  it.each(READMES.filter(Boolean))("every relative link of %s/README.md points at a file in its npm tarball (package.json \"files\")", (dir) => {
    const files = (JSON.parse(readRepo(join(dir, "package.json"))!) as { files: string[] }).files;
    const links = [...readRepo(join(dir, "README.md"))!.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1] as string).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(0);
    const glob = (entry: string) => new RegExp(`^${entry.replace(/[.]/g, "\\.").replace(/\*\*\//g, "(.*/)?").replace(/\*/g, "[^/]*")}$`);
    const shipped = (link: string) => files.some((entry) => link === entry || link.startsWith(`${entry}/`) || glob(entry).test(link) || (link.endsWith("/") && files.some((e) => e.startsWith(link))));
    expect(links.filter((link) => !existsSync(join(ROOT, dir, link)) || !shipped(link))).toEqual([]);
  });

  it("every relative link of the repository's README points at a file of the repository", () => {
    const links = [...readRepo("README.md")!.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1] as string).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(1);
    expect(links.filter((link) => !existsSync(join(ROOT, link)))).toEqual([]);
  });

  const tests = sources(join(ROOT, "test")) + sources(join(ROOT, "scripts")) + READMES.filter(Boolean).map((dir) => sources(join(ROOT, dir, "test"))).join("");
  it.each(others.map((embed) => [embed]))("%s is run by a test or a CI script", (embed) => {
    const relative = embed.replace(/^packages\/[^/]+\//, "");
    const named = tests.includes(embed) || tests.includes(relative) || tests.includes(embed.slice(embed.lastIndexOf("/") + 1));
    expect(named, `no test or script names "${embed}": run it from one (or move it to examples/readme/)`).toBe(true);
  });
});

interface Result {
  file: string;
  error?: string;
  ms: number;
  stdout: string;
  stderr: string;
}

describe("README and docs code blocks: each package's examples/readme/ run in one node process", () => {
  const ONE_LINER = "packages/phoenix-otel-auth/examples/readme/register.mjs";
  let phoenix: MockPhoenix;
  let results: Result[] = [];
  let childMs = 0;
  beforeAll(async () => {
    if (READMES.some((dir) => dir && !existsSync(join(ROOT, dir, "dist", "index.js")))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
    // The register() one-liner reads its endpoint and key from the environment: those of this mock, for that file only.
    phoenix = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
    const url = await phoenix.listen();
    const { key } = await phoenix.createSystemApiKey({ name: "readme" });
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PHOENIX_|OTEL_|VITEST|NODE_OPTIONS)/.test(name)));
    const files = [...own.filter((file) => file !== ONE_LINER), ONE_LINER, "test/helpers/one-liner-span.mjs"];
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["test/helpers/run-examples.mjs", ...files], {
      cwd: ROOT,
      env: { ...env, RUN_EXAMPLES_ENV: JSON.stringify({ [ONE_LINER]: { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key } }) },
      timeout: 60_000,
    });
    childMs = Math.round(performance.now() - started);
    results = JSON.parse(/^RESULTS (.*)$/m.exec(stdout)?.[1] ?? "[]") as Result[];
  }, 70_000);
  afterAll(async () => {
    await phoenix?.close();
    console.log(`examples/readme: ${results.length} files in one node child, ${childMs} ms (${results.map((r) => `${r.file.replace(/.*\//, "")} ${r.ms}`).join(", ")})`);
  });

  it.each(own.map((file) => [file]))("%s runs to the end, silent but for what it is meant to print", (file) => {
    const result = results.find((r) => r.file === file);
    expect(result, `${file} was not run (did the child crash?)`).toBeDefined();
    expect(result!.error).toBeUndefined();
    expect(result!.stdout).toBe("");
    const expected = EXPECTED_STDERR[file] ?? [];
    const lines = result!.stderr.split("\n").filter(Boolean);
    expect(lines).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
  });

  it(`${ONE_LINER}: register() from the environment alone; a span made afterwards is delivered at exit`, () => {
    expect(phoenix.spans().map((span) => `${span.project}/${span.name}`)).toEqual(["default/one-liner"]);
  });
});
