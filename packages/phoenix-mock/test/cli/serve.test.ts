import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MOCK_ROOT } from "../../../../test/helpers/paths.js";
import { generateSecret, jsonInit, login, otlpBody } from "../helpers.js";

// The CLI runs as a real child process: bundle src/cli/main.ts once (the test does not depend on a prior `npm run build`).
let dir: string;
let cli: string;
beforeAll(async () => {
  // Inside the package, so the bundle's bare imports (protobufjs 8, graphql) resolve as the package's own do.
  mkdirSync(join(MOCK_ROOT, "node_modules", ".cache"), { recursive: true });
  dir = mkdtempSync(join(MOCK_ROOT, "node_modules", ".cache", "phoenix-mock-cli-"));
  cli = join(dir, "cli.mjs");
  await build({ entryPoints: [fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url))], bundle: true, platform: "node", format: "esm", outfile: cli, packages: "external", logLevel: "silent" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Run {
  // Only what the CLI needs: the test runner's own PHOENIX_* variables must not leak in.
  const child = spawn(process.execPath, [cli, ...args], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? "", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

function firstLine(r: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const newline = r.stdout().indexOf("\n");
      if (newline >= 0) resolve(r.stdout().slice(0, newline));
    };
    r.child.stdout.on("data", check);
    r.exit.then((code) => reject(new Error(`phoenix-mock exited (${code}) before printing its URL: ${r.stderr()}`)));
  });
}

describe("phoenix-mock CLI", () => {
  it("prints only the URL on stdout, serves with auth from the environment, logs to stderr and exits 0 on SIGTERM", async () => {
    const secret = generateSecret();
    const adminSecret = generateSecret();
    const adminPassword = `Pw-${generateSecret()}`;
    const r = run(["--port", "0", "--enable-auth"], {
      PHOENIX_SECRET: secret,
      PHOENIX_ADMIN_SECRET: adminSecret,
      PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD: adminPassword,
    });
    const url = await firstLine(r);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const send = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
    const session = await login(send, "admin@localhost", adminPassword);
    const created = await send("/v1/system/api_keys", jsonInit("POST", { data: { name: "cli" } }, { authorization: `Bearer ${adminSecret}` }));
    const { data } = (await created.json()) as { data: { key: string } };
    expect((await send("/v1/user", { headers: { authorization: `Bearer ${data.key}` } })).status).toBe(200);
    expect((await send("/v1/user")).status).toBe(401);

    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toBe(`${url}\n`);
    const stderr = r.stderr();
    expect(stderr).toContain(`ready at ${url} (auth on)`);
    expect(stderr).toContain("default admin: admin@localhost, password the value of PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD");
    expect(stderr).toContain("POST /auth/login 204 anonymous");
    expect(stderr).toContain("POST /v1/system/api_keys 201 admin-secret");
    expect(stderr).toContain("GET /v1/user 200 api-key");
    expect(stderr).toContain("GET /v1/user 401 anonymous");
    for (const value of [secret, adminSecret, adminPassword, data.key, session.access, session.refresh]) {
      expect(r.stdout() + stderr).not.toContain(value);
    }
  });

  it("answers an invalid configuration with Phoenix's startup message and exit code 2", async () => {
    const r = run(["--port", "0"], { PHOENIX_ENABLE_AUTH: "true" });
    expect(await r.exit).toBe(2);
    expect(r.stdout()).toBe("");
    expect(r.stderr()).toBe("phoenix-mock: `PHOENIX_SECRET` must be set when auth is enabled with `PHOENIX_ENABLE_AUTH`\n");
  });

  it("refuses a weak PHOENIX_SECRET with Phoenix's message, without echoing the value", async () => {
    const weak = "short1secret";
    const r = run(["--port", "0"], { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: weak });
    expect(await r.exit).toBe(2);
    expect(r.stderr()).toBe("phoenix-mock: Phoenix secret must be at least 32 characters long\n");
  });

  it("rejects unknown flags with exit code 2 and documents itself in --help", async () => {
    const bad = run(["--secret", "x"], {});
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/^phoenix-mock: Unknown option '--secret'/);
    const help = run(["--help"], {});
    expect(await help.exit).toBe(0);
    expect(help.stdout()).toContain("Usage: phoenix-mock [serve] [options]");
    expect(help.stdout()).toContain("PHOENIX_MASK_INTERNAL_SERVER_ERRORS");
    expect(help.stdout()).toContain("--max-spans <n>     PHOENIX_MOCK_MAX_SPANS (default 100000; 0 keeps every span)");
    expect(help.stderr()).toBe("");
  });

  it("keeps at most PHOENIX_MOCK_MAX_SPANS spans, evicting the oldest, and says so once on stderr", async () => {
    const r = run(["--port", "0"], { PHOENIX_MOCK_MAX_SPANS: "2" });
    const url = await firstLine(r);
    for (let i = 1; i <= 4; i++) {
      const body = otlpBody([{ spanName: `s${i}` }], i);
      const response = await fetch(`${url}/v1/traces`, { method: "POST", headers: { "content-type": "application/x-protobuf" }, body });
      expect(response.status).toBe(200);
    }
    const page = (await (await fetch(`${url}/v1/projects/default/spans`)).json()) as { data: { name: string }[] };
    expect(page.data.map((s) => s.name)).toEqual(["s4", "s3"]);
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
    const stderr = r.stderr();
    expect(stderr).toContain("keeps the newest 2 spans, evicting older ones (--max-spans / PHOENIX_MOCK_MAX_SPANS)");
    const full = stderr.split("\n").filter((line) => line.includes("span store full"));
    expect(full).toEqual([
      "phoenix-mock: span store full: keeping the newest 2 spans (maxSpans / PHOENIX_MOCK_MAX_SPANS), evicting the oldest " +
        "(1 so far; mock.spanStats() counts them). This is logged once.",
    ]);
  });

  it("rejects an invalid --max-spans or PHOENIX_MOCK_MAX_SPANS with exit code 2, naming it and the value", async () => {
    const flag = run(["--port", "0", "--max-spans", "1e6"], {});
    expect(await flag.exit).toBe(2);
    expect(flag.stderr()).toContain("--max-spans must be a non-negative integer (0 keeps every span), got: 1e6");
    const variable = run(["--port", "0"], { PHOENIX_MOCK_MAX_SPANS: "lots" });
    expect(await variable.exit).toBe(2);
    expect(variable.stderr()).toBe(
      "phoenix-mock: PHOENIX_MOCK_MAX_SPANS must be a non-negative integer, got: lots. " +
        "Use a whole number of spans (e.g. 100000), or 0 to keep every span.\n",
    );
  });

  it("serves with auth off by default and exits 0 on SIGINT", async () => {
    const r = run(["--port", "0", "--quiet"], {});
    const url = await firstLine(r);
    expect(await (await fetch(`${url}/v1/user`)).json()).toEqual({ data: { auth_method: "ANONYMOUS" } });
    r.child.kill("SIGINT");
    expect(await r.exit).toBe(0);
    expect(r.stderr()).not.toContain("GET /v1/user");
    expect(r.stderr()).toContain("keeps the newest 100000 spans");
  });
});
