// `npx phoenix-otel-auth doctor`, the built bin in a child process, against the mock Phoenix over a real socket.
import { execFile } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createManualClock, createMockPhoenix, type MockPhoenix } from "phoenix-mock";
import { generateSecret } from "../../../test/helpers/secrets.js";
import { cleanEnv, REPO_ROOT, requireBuild } from "./register/helpers/child.js";
import { expectNoSecret, recordingLogger } from "./register/helpers/util.js";
import { register } from "../src/register/register.js";
import { DOCTOR_CHECK } from "../src/register/report/display.js";

let mock: MockPhoenix | undefined;
beforeAll(requireBuild);
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

function doctor(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${REPO_ROOT}dist/cli.js`, "doctor", "--timeout-ms", "3000", ...args], { env: cleanEnv(env) }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function phoenix(): Promise<{ url: string; key: string }> {
  mock = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
  const url = await mock.listen();
  return { url, key: (await mock.createSystemApiKey({ name: "doctor" })).key };
}

describe("phoenix-otel-auth doctor", () => {
  it("a working system key: every check ok, exit status 0, the key never shown", async () => {
    const { url, key } = await phoenix();
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key });
    expect(run.stdout.replace(/\d+ ms/g, "N ms")).toBe(
      `OK    endpoint: ${url}/v1/traces (from PHOENIX_COLLECTOR_ENDPOINT)\n` +
        "OK    project: default (from the default)\n" +
        "OK    API key: found (from PHOENIX_API_KEY; never shown)\n" +
        "OK    key form: a Phoenix API key (ApiKey:1); its expiry, owner and role are kept by the server\n" +
        "OK    connection: connect N ms, answer N ms (since the request started)\n" + // an IP address: no DNS step
        `OK    spans accepted: ok: Phoenix 20.26.1 at ${url}/v1/traces accepts spans with the API key.\n` +
        "OK    authentication: on: spans without a key are refused, and this key is accepted\n",
    );
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expectNoSecret(run.stdout, key);
  });

  it("auth on, no key: the fix, exit status 1", async () => {
    const { url } = await phoenix();
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("OK    API key: none found");
    expect(run.stdout).toMatch(/^FAIL  spans accepted: auth-required: .*Set PHOENIX_API_KEY/m);
  });

  it("a wrong key: rejected, exit status 1, and the key is not printed", async () => {
    const { url } = await phoenix();
    const wrong = generateSecret();
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: wrong });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("WARN  key form: not a JWT: Phoenix's API keys are JWTs (they start with eyJ).");
    expect(run.stdout).toMatch(/^FAIL  spans accepted: key-rejected: /m);
    expectNoSecret(run.stdout + run.stderr, wrong);
  });

  it("an expired key: Expired token while Phoenix still holds it, Invalid token after its 10-second sweep, and what each means", async () => {
    const clock = createManualClock(Date.now());
    mock = createMockPhoenix({ enableAuth: true, secret: generateSecret(), clock });
    const url = await mock.listen();
    const { key } = await mock.createSystemApiKey({ name: "short-lived", expiresAt: new Date(clock() + 65_000) });
    clock.advance(66_000);
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL  spans accepted: key-rejected: .* answered 401 "Expired token": .*\(Expired token: the expiry date Phoenix keeps for this key has passed; .*\)\. Create a new system API key/m);
    clock.advance(20_000);
    const later = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key });
    expect(later.stdout).toMatch(/^FAIL  spans accepted: key-rejected: .* answered 401 "Invalid token": .*it was deleted, revoked or has expired/m);
    expectNoSecret(run.stdout + run.stderr + later.stdout + later.stderr, key);
  });

  it("a key signed with a PHOENIX_SECRET the server no longer has: Invalid token, and the secret named as a cause", async () => {
    const { url, key } = await phoenix();
    const newSecret = generateSecret();
    mock!.restart({ secret: newSecret }); // the same database, a new secret: Phoenix restarted with PHOENIX_SECRET changed
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^OK    key form: a Phoenix API key \(ApiKey:1\)/m);
    expect(run.stdout).toMatch(/^FAIL  spans accepted: key-rejected: .* answered 401 "Invalid token": .*signed with a PHOENIX_SECRET the server no longer has; changing the secret invalidates every key\)/m);
    expectNoSecret(run.stdout + run.stderr, key);
    expectNoSecret(run.stdout + run.stderr, newSecret);
  });

  it("each check register()'s messages point to is a check doctor prints for the same cause", async () => {
    const { url } = await phoenix();
    const env = { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: generateSecret(), PHOENIX_PROJECT_NAMES: "typo" };
    const logger = recordingLogger();
    const provider = register({ logger, global: false, flushOnExit: false, batch: false }, env);
    provider.getTracer("t").startSpan("s").end();
    await provider.forceFlush();
    await provider.shutdown();
    const run = await doctor(env);
    for (const [check, verdict] of [[DOCTOR_CHECK.environment, "WARN"], [DOCTOR_CHECK.accepted, "FAIL"]] as const) {
      expect(logger.lines.some((line) => line.endsWith(`\`npx phoenix-otel-auth doctor\` explains this (check "${check}").`)), check).toBe(true);
      expect(run.stdout).toMatch(new RegExp(`^${verdict} +${check}: `, "m"));
    }
    const broken = { PHOENIX_COLLECTOR_ENDPOINT: "localhost:6006" };
    const offLogger = recordingLogger();
    register({ logger: offLogger, global: false }, broken);
    expect(offLogger.lines.join("\n")).toContain(`explains this (check "${DOCTOR_CHECK.configuration}").`);
    expect((await doctor(broken)).stdout).toMatch(new RegExp(`^FAIL +${DOCTOR_CHECK.configuration}: `, "m"));
  });

  it("no server: the connection fails and the fix names the endpoint's source", async () => {
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: "http://127.0.0.1:9" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  connection: no connection: see "spans accepted"\n');
    expect(run.stdout).toContain("FAIL  spans accepted: unreachable: cannot reach http://127.0.0.1:9/v1/traces (ECONNREFUSED: connection refused: nothing is listening there). Is Phoenix running there? The endpoint comes from PHOENIX_COLLECTOR_ENDPOINT.\n");
  });

  it("not a Phoenix: a server that does not take OTLP there", async () => {
    const { createServer } = await import("node:http");
    const other = createServer((_, res) => res.writeHead(404, { "content-type": "text/plain" }).end("Not Found"));
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const { port } = other.address() as { port: number };
    try {
      const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: `http://127.0.0.1:${port}` });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^OK    connection: connect \d+ ms, answer \d+ ms/m);
      expect(run.stdout).toMatch(/^FAIL  spans accepted: not-phoenix: .* answered 404 "Not Found": nothing receives OTLP traces at that URL\./m);
      expect(run.stdout).not.toContain("authentication:");
    } finally {
      other.close();
    }
  });

  it("auth off: accepted without a key (OK), and a key that is sent but never checked (WARN)", async () => {
    mock = createMockPhoenix({});
    const url = await mock.listen();
    const keyless = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url });
    expect(keyless.code).toBe(0);
    expect(keyless.stdout).toContain(`OK    spans accepted: ok: Phoenix 20.26.1 at ${url}/v1/traces accepts spans without an API key (authentication is off).\n`);
    expect(keyless.stdout).toContain("OK    authentication: off: this Phoenix takes spans without a key (PHOENIX_ENABLE_AUTH is not true), so anyone who reaches it can write them\n");
    const key = generateSecret();
    const keyed = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key });
    expect(keyed.code).toBe(0);
    expect(keyed.stdout).toContain("WARN  authentication: off: this Phoenix takes spans without a key (PHOENIX_ENABLE_AUTH is not true), so anyone who reaches it can write them; the key is sent but not checked\n");
    expectNoSecret(keyed.stdout, key);
  });

  it("a member's user key works; a viewer's key is refused with the fix", async () => {
    const { url } = await phoenix();
    await mock!.createUser({ email: "member@example.com", role: "MEMBER" });
    await mock!.createUser({ email: "viewer@example.com", role: "VIEWER" });
    const member = (await mock!.createUserApiKey({ email: "member@example.com" })).key;
    const viewer = (await mock!.createUserApiKey({ email: "viewer@example.com" })).key;
    const ok = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: member });
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining("OK    authentication: on: spans without a key are refused, and this key is accepted\n")]);
    const refused = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: viewer });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^FAIL  spans accepted: viewer-key: .* answered 403 .*belongs to a VIEWER, who cannot write spans\. Use a system API key, or a key of a MEMBER or ADMIN user\./m);
    expect(refused.stdout).toContain("OK    authentication: on (PHOENIX_ENABLE_AUTH=true): spans need an API key\n");
    expectNoSecret(ok.stdout + refused.stdout, member);
    expectNoSecret(refused.stdout, viewer);
  });

  it("a key from a file, and a login session's token in place of an API key: named, never shown", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { url, key } = await phoenix();
    const file = join(mkdtempSync(join(tmpdir(), "doctor-")), "key");
    writeFileSync(file, `${key}\n`);
    const fromFile = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY_FILE: file });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain(`OK    API key: found (from PHOENIX_API_KEY_FILE; never shown)\n`);
    expectNoSecret(fromFile.stdout, key);
    const session = ["eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9", Buffer.from('{"jti":"AccessToken:7"}').toString("base64url"), "c2lnbmF0dXJlLW5vdC1jaGVja2Vk"].join(".");
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: session });
    expect(run.stdout).toContain("WARN  key form: a login session's token (AccessToken), not an API key: it stops working when the session ends.");
    expect(run.code).toBe(1);
  });

  it("a typo'd variable is named (warn) and the default endpoint shows where the spans would go", async () => {
    const { url, key } = await phoenix();
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINTS: url, PHOENIX_API_KEY: key });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("OK    endpoint: http://localhost:6006/v1/traces (from the default)\n");
    expect(run.stdout).toContain("WARN  environment: PHOENIX_COLLECTOR_ENDPOINTS is set, but it is not a variable this package reads (it is ignored): did you mean PHOENIX_COLLECTOR_ENDPOINT?\n");
  });

  it("a configuration that cannot work: one FAIL line with the fix", async () => {
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: "localhost:6006" });
    expect([run.code, run.stdout]).toEqual([1, 'FAIL  configuration: PHOENIX_COLLECTOR_ENDPOINT="localhost:6006" has no scheme. Write the full URL, e.g. "http://localhost:6006".\n']);
  });

  it("--send-span: one test span to the project, accepted and read back; not sent when the endpoint refuses", async () => {
    const { url, key } = await phoenix();
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key, PHOENIX_PROJECT_NAME: "doctor-check" }, ["--send-span"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const id = /^OK    test span: "phoenix-otel-auth doctor" sent to project doctor-check and accepted \(span id ([0-9a-f]{16})\)$/m.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toContain(`OK    test span stored: read back from ${url}/v1/projects/doctor-check/spans\n`);
    expect(mock!.spans({ project: "doctor-check" }).map((s) => [s.name, s.spanId])).toEqual([["phoenix-otel-auth doctor", id]]);
    expectNoSecret(run.stdout, key);
    const refused = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_PROJECT_NAME: "doctor-check" }, ["--send-span"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain("test span");
    expect(mock!.spans({ project: "doctor-check" })).toHaveLength(1);
  });

  it("--json for CI", async () => {
    const { url, key } = await phoenix();
    const run = await doctor({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key }, ["--json"]);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ check: string; verdict: string }> };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.check, c.verdict])).toEqual([["endpoint", "ok"], ["project", "ok"], ["API key", "ok"], ["key form", "ok"], ["connection", "ok"], ["spans accepted", "ok"], ["authentication", "ok"]]);
  });

  it("a wrong argument: usage on stderr, exit status 2", async () => {
    const run = await doctor({}, ["--nope"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: phoenix-otel-auth doctor");
  });
});
