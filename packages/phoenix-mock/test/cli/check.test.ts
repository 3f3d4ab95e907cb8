import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { isLocalTarget } from "../../src/cli/check.js";
import { MOCK_CLI } from "../../../../test/helpers/paths.js";
import { generateSecret } from "../../../../test/helpers/secrets.js";

// `phoenix-mock check <url>` from the built CLI, as users run it. The whole suite runs in CI's contract-check stage
// (against phoenix-mock and the real Phoenix); here a few cases, the failure path and the refusals.
let dir: string;
let mock: MockPhoenix;
let url: string;
let broken: Server;
let brokenUrl: string;
const secret = generateSecret();
const adminSecret = generateSecret();

beforeAll(async () => {
  if (!existsSync(MOCK_CLI)) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  dir = mkdtempSync(join(tmpdir(), "phoenix-mock-check-"));
  mock = createMockPhoenix({ env: { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: adminSecret, PHOENIX_DISABLE_RATE_LIMIT: "true" } });
  url = await mock.listen();
  // A server that answers every request with 500: every case that reaches it fails.
  broken = createServer((_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error")).listen(0, "127.0.0.1");
  await new Promise((r) => broken.once("listening", r));
  brokenUrl = `http://127.0.0.1:${(broken.address() as { port: number }).port}`;
});
afterAll(async () => {
  await mock?.close();
  broken?.close();
  rmSync(dir, { recursive: true, force: true });
});

function check(args: string[], env: Record<string, string> = { PHOENIX_CONFORMANCE_SECRET: secret, PHOENIX_CONFORMANCE_ADMIN_SECRET: adminSecret }) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [MOCK_CLI, "check", ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("phoenix-mock check", () => {
  it("passes against phoenix-mock: one line per case, the summary, the JSON record; says first what it will do", async () => {
    const run = await check([url, "--mock", "--cases", "healthz,token-format,traces-rejected-credentials", "--json", "record.json"]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^phoenix-mock check http:\/\/127\.0\.0\.1:\d+: 3 contract cases\.\nIt will, on that server:\n {2}- create users/);
    expect(run.stdout).toMatch(/lock out a few of those users for 5 minutes/);
    expect(run.stdout).toMatch(/Phoenix 20\.26\.1: answers are compared with those recorded from 20\.26\.1\./);
    expect(run.stdout).toMatch(/^ok {4}healthz \(\d+ ms\)$/m);
    expect(run.stdout).toMatch(/^ok {4}token-format \(\d+ ms\)$/m);
    expect(run.stdout).toMatch(/^3 passed, 0 failed, 0 skipped$/m);
    const recordText = readFileSync(join(dir, "record.json"), "utf8");
    const record = JSON.parse(recordText) as { phoenixVersion: string; cases: Record<string, { outcome: string; comparison: string }> };
    expect(record.phoenixVersion).toBe("20.26.1");
    expect(Object.keys(record.cases)).toEqual(["healthz", "token-format", "traces-rejected-credentials"]);
    expect(record.cases.healthz).toMatchObject({ outcome: "passed", comparison: "same" });
    for (const value of [secret, adminSecret]) expect(run.stdout + run.stderr + recordText).not.toContain(value);
  });

  it("fails (exit 1) naming each case that failed", async () => {
    const run = await check([brokenUrl, "--cases", "healthz,readyz", "--json", "broken.json"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}healthz: /m);
    expect(run.stdout).toMatch(/^FAIL {2}readyz: /m);
    expect(run.stdout).toMatch(/^0 passed, 2 failed, 0 skipped$/m);
    expect(run.stdout).toMatch(/\(no version header\): not 20\.26\.1, so only each case's own checks apply/);
  });

  it("refuses a server that is not local without --allow-remote, saying what it would do there (exit 2)", async () => {
    const run = await check(["https://phoenix.example.com:6006"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/phoenix\.example\.com:6006 is not this machine or a reserved test domain/);
    expect(run.stderr).toMatch(/change its password and set it back/);
    expect(run.stderr).toMatch(/Pass --allow-remote/);
  });

  it("usage errors exit 2 and say what to pass", async () => {
    expect((await check([url], {})).stderr).toMatch(/set PHOENIX_CONFORMANCE_SECRET and PHOENIX_CONFORMANCE_ADMIN_SECRET/);
    expect((await check([])).stderr).toMatch(/check takes one URL, got 0/);
    expect((await check(["not a url"])).stderr).toMatch(/"not a url" is not a URL/);
    const unknown = await check([url, "--cases", "healthz,nope"]);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/--cases: no case nope/)]);
  });

  it.each([
    ["http://127.0.0.1:6006", true],
    ["http://127.8.9.10", true],
    ["http://[::1]:6006", true],
    ["http://localhost:6006", true],
    ["http://phoenix.localhost", true],
    ["http://phoenix.test", true],
    ["https://phoenix.example", true],
    ["http://x.invalid", true],
    ["https://app.phoenix.arize.com", false],
    ["http://10.0.0.5:6006", false],
    ["http://localhost.evil.com", false],
  ])("%s is local: %s", (target, local) => {
    expect(isLocalTarget(new URL(target))).toBe(local);
  });
});
