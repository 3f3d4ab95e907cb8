import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MOCK_ROOT } from "../../../../test/helpers/paths.js";
import protobuf from "protobufjs";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "../../src/otlp/schema.js";
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

describe("phoenix-mock --print, --fault and --control", () => {
  /** A three-level trace with fixed ids and times: root (server) → agent (internal) → llm (client, error). */
  function threeLevelTrace(): Uint8Array {
    const root = protobuf.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root;
    const type = root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`);
    const at = (ms: number) => String(1795701195000000000n + BigInt(ms) * 1_000_000n);
    const attrs = (values: Record<string, string>) => Object.entries(values).map(([key, value]) => ({ key, value: { string_value: value } }));
    const span = (id: number, parent: number | undefined, name: string, kind: number, start: number, end: number, attributes: Record<string, string>, status = {}) => ({
      trace_id: Buffer.alloc(16, 0xab),
      span_id: Buffer.alloc(8, id),
      ...(parent ? { parent_span_id: Buffer.alloc(8, parent) } : {}),
      name,
      kind,
      start_time_unix_nano: at(start),
      end_time_unix_nano: at(end),
      attributes: attrs(attributes),
      status,
    });
    return type
      .encode(
        type.fromObject({
          resource_spans: [
            {
              resource: { attributes: attrs({ "openinference.project.name": "chat" }) },
              scope_spans: [
                {
                  spans: [
                    span(3, 2, "llm", 3, 20, 170, { "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini" }, { code: 2, message: "rate limited" }),
                    span(2, 1, "agent", 1, 10, 210, { "openinference.span.kind": "AGENT" }),
                    span(1, undefined, "GET /chat", 2, 0, 250, { "http.request.method": "POST", "http.route": "/chat" }, { code: 1 }),
                  ],
                },
              ],
            },
          ],
        }),
      )
      .finish();
  }

  it("prints a stored trace as a tree on stderr; --fault answers the next export; the control route counts it", async () => {
    const adminSecret = generateSecret();
    const r = run(["--port", "0", "--no-grpc", "--quiet", "--print", "--control", "--fault", "status=503,retry-after=2,times=1"], {
      PHOENIX_SECRET: generateSecret(),
      PHOENIX_ADMIN_SECRET: adminSecret,
    });
    const url = await firstLine(r);
    const post = () => fetch(`${url}/v1/traces`, { method: "POST", body: threeLevelTrace(), headers: { "content-type": "application/x-protobuf" } });
    const faulted = await post();
    expect([faulted.status, faulted.headers.get("retry-after")]).toEqual([503, "2"]);
    expect((await post()).status).toBe(200);
    const expected = [
      `trace ${"ab".repeat(16)} · project chat · 3 spans`,
      `  └─ GET /chat · server · 250.0 ms · ok · http.request.method="POST" http.route="/chat"`,
      `     └─ agent · internal · 200.0 ms · openinference.span.kind="AGENT"`,
      `        └─ llm · client · 150.0 ms · error: rate limited · openinference.span.kind="LLM" llm.model_name="gpt-4o-mini"`,
      "",
    ].join("\n");
    for (let i = 0; i < 100 && !r.stderr().includes("llm · client"); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const printed = r.stderr().slice(r.stderr().indexOf("trace "));
    expect(printed).toBe(expected);
    const stats = await fetch(`${url}/__phoenix_mock/stats`, { headers: { authorization: `Bearer ${adminSecret}` } });
    expect(await stats.json()).toMatchObject({ stored: 3, faulted: 1 });
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
    expect(r.stderr()).toContain("1 fault(s) injected into ingest (--fault)");
  });

  it("a --fault it cannot read, and --control without an admin secret, exit 2 naming the flag", async () => {
    const bad = run(["--port", "0", "--fault", "status=503,retries=2"], {});
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--fault "status=503,retries=2": cannot read "retries=2"');
    const invalid = run(["--port", "0", "--fault", "status=200"], {});
    expect(await invalid.exit).toBe(2);
    expect(invalid.stderr()).toContain('--fault "status=200": option `status` must be an HTTP error status from 400 to 599, got 200.');
    const control = run(["--port", "0", "--control"], {});
    expect(await control.exit).toBe(2);
    expect(control.stderr()).toContain("--control needs PHOENIX_ADMIN_SECRET");
  });
});
