import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { MOCK_ROOT } from "../../../../test/helpers/paths.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockUsageError, PhoenixAdmin, startMockServer } from "../../dist/index.js";
import { generateSecret } from "../../../../test/helpers/secrets.js";

// Runs against dist/ (built by `npm test`): startMockServer spawns dist/cli.js, as it does for users.
const ROOT = MOCK_ROOT;
let dir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true });
  dir = mkdtempSync(join(ROOT, "node_modules", ".cache", "mock-child-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serving(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    () => true,
    () => false,
  );
}

/** Milliseconds until `url` stops answering, or Infinity after `limitMs`. */
async function goneWithin(url: string, limitMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    if (!(await serving(url))) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Infinity;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) done(out.slice(0, out.indexOf("\n")));
    });
    child.once("exit", (code) => fail(new Error(`exited (${code}) before printing a line`)));
  });
}

describe("startMockServer", () => {
  it("starts phoenix-mock with auth from `env`, and stop() ends it", async () => {
    const server = await startMockServer({ env: { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: generateSecret() } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/v1/projects`)).status).toBe(401);
    await server.stop();
    await server.stop(); // idempotent
    expect(await serving(server.url)).toBe(false);
    expect(() => process.kill(server.pid, 0)).toThrow();
  });

  it("rejects with the server's own message when the configuration is invalid", async () => {
    await expect(startMockServer({ env: { PHOENIX_ENABLE_AUTH: "true" } })).rejects.toThrow(/exited \(2\) before listening: .*PHOENIX_SECRET/);
  });

  it.each([
    [{ port: -1 }, /option `port` must be an integer from 0 to 65535, got: -1/],
    [{ port: "6006" }, /option `port` must be an integer/],
    [{ timeoutMs: 0 }, /option `timeoutMs` must be a positive number/],
    [{ host: "" }, /option `host` must be a non-empty string/],
    [{ env: "PHOENIX_SECRET=x" }, /option `env` must be an object/],
  ])("bad option %o: a MockUsageError naming it", (options, message) => {
    expect(() => startMockServer(options as never)).toThrow(MockUsageError);
    expect(() => startMockServer(options as never)).toThrow(message);
  });

  it("a killed parent leaves no server behind: gone within 2 s", async () => {
    const script = join(dir, "parent.mjs");
    writeFileSync(
      script,
      `import { startMockServer } from ${JSON.stringify(join(ROOT, "dist", "index.js"))};\n` +
        `const server = await startMockServer();\nconsole.log(server.url);\nsetInterval(() => {}, 1000);\n`,
    );
    const parent = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await firstLine(parent);
    expect(await serving(url)).toBe(true);
    parent.kill("SIGKILL");
    expect(await goneWithin(url, 2000)).toBeLessThan(2000);
  });
});

describe("phoenix-mock lifetime", () => {
  it("started through npx (which does not pass signals on): killing npx stops the server within 2 s", async () => {
    const project = join(dir, "npx-project");
    mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
    writeFileSync(join(project, "package.json"), '{ "name": "npx-project", "private": true }\n');
    symlinkSync(join(ROOT, "dist", "cli.js"), join(project, "node_modules", ".bin", "phoenix-mock"));
    const npx = spawn("npx", ["--offline", "phoenix-mock", "--port", "0", "--quiet"], {
      cwd: project,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      stdio: ["pipe", "pipe", "ignore"],
    });
    const url = await firstLine(npx);
    expect(await serving(url)).toBe(true);
    npx.kill("SIGKILL");
    expect(await goneWithin(url, 2000)).toBeLessThan(2000);
  });

  it("started directly: exits 0 when its stdin closes", async () => {
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), "--port", "0", "--quiet"], { env: {}, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    const url = await firstLine(child);
    child.stdin.end();
    expect(await exit).toBe(0);
    expect(await serving(url)).toBe(false);
    expect(stderr).toMatch(/stdin closed: stopping/);
  });

  it("keeps serving while stdin is open and the parent alive", async () => {
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), "--port", "0", "--quiet"], { env: {}, stdio: ["pipe", "pipe", "ignore"] });
    const url = await firstLine(child);
    await new Promise((r) => setTimeout(r, 1000)); // at least one parent check (every 500 ms, src/cli/serve.ts)
    expect(await serving(url)).toBe(true);
    child.kill("SIGTERM");
  });
});

describe("the global-setup examples (examples/global-setup/)", () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env.PHOENIX_COLLECTOR_ENDPOINT = saved.PHOENIX_COLLECTOR_ENDPOINT;
    process.env.PHOENIX_MOCK_ADMIN_SECRET = saved.PHOENIX_MOCK_ADMIN_SECRET;
    if (saved.PHOENIX_COLLECTOR_ENDPOINT === undefined) delete process.env.PHOENIX_COLLECTOR_ENDPOINT;
    if (saved.PHOENIX_MOCK_ADMIN_SECRET === undefined) delete process.env.PHOENIX_MOCK_ADMIN_SECRET;
  });

  async function adminCanCreateKey(): Promise<void> {
    const url = process.env.PHOENIX_COLLECTOR_ENDPOINT as string;
    const admin = new PhoenixAdmin({ baseUrl: url, token: process.env.PHOENIX_MOCK_ADMIN_SECRET });
    const { key } = await admin.createSystemApiKey({ name: "ci" });
    expect((await fetch(`${url}/v1/projects`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  }

  it("vitest.global-setup.mjs: setup starts an auth-on server, its teardown stops it", async () => {
    const { default: setup } = (await import(pathToFileURL(join(ROOT, "examples", "global-setup", "vitest.global-setup.mjs")).href)) as {
      default: () => Promise<() => Promise<void>>;
    };
    const teardown = await setup();
    const url = process.env.PHOENIX_COLLECTOR_ENDPOINT as string;
    await adminCanCreateKey();
    await teardown();
    expect(await serving(url)).toBe(false);
  });

  it("jest.global-setup.cjs + jest.global-teardown.cjs: the same for Jest", async () => {
    const require = createRequire(import.meta.url);
    await require("../../examples/global-setup/jest.global-setup.cjs")();
    const url = process.env.PHOENIX_COLLECTOR_ENDPOINT as string;
    await adminCanCreateKey();
    await require("../../examples/global-setup/jest.global-teardown.cjs")();
    expect(await serving(url)).toBe(false);
  });
});
