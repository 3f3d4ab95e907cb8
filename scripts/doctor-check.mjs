#!/usr/bin/env node
// `npx phoenix-otel-auth doctor` (the built bin) against a Phoenix: each case's verdict line and exit status.
// Under scripts/real-phoenix.sh (PHOENIX_CONFORMANCE_URL and friends set) it checks the real Phoenix; otherwise it
// starts phoenix-mock servers (auth on and off) in this process and checks the same cases there.
//   no server, not a Phoenix, auth off, auth on without a key, a wrong key, an expired key, a working system key (with
//   --send-span: stored), a member's key (works), a viewer's key (refused)
// A key signed with an older PHOENIX_SECRET needs a restarted server: test/doctor.test.ts covers it on the mock.
// Every key made here goes to PHOENIX_TEST_SECRETS_FILE (the CI secret scan), and no output may contain one.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { createMockPhoenix, PhoenixAdmin } from "phoenix-mock";

const cli = fileURLToPath(new URL("../packages/phoenix-otel-auth/dist/cli.js", import.meta.url));
const secrets = [];
const secret = (value) => {
  secrets.push(value);
  if (process.env.PHOENIX_TEST_SECRETS_FILE) appendFileSync(process.env.PHOENIX_TEST_SECRETS_FILE, `${value}\n`);
  return value;
};

let target = "real Phoenix";
let { PHOENIX_CONFORMANCE_URL: url, PHOENIX_CONFORMANCE_ADMIN_SECRET: adminSecret, PHOENIX_CONFORMANCE_NOAUTH_URL: openUrl } = process.env;
const closers = [];
if (!url) {
  target = "phoenix-mock";
  adminSecret = secret(`a4${randomBytes(24).toString("hex")}`);
  const withAuth = createMockPhoenix({ enableAuth: true, secret: secret(`s3${randomBytes(24).toString("hex")}`), adminSecret });
  const open = createMockPhoenix({});
  url = await withAuth.listen();
  openUrl = await open.listen();
  closers.push(() => withAuth.close(), () => open.close());
}
const notPhoenix = createServer((_, res) => res.writeHead(404, { "content-type": "text/plain" }).end("Not Found"));
await new Promise((resolve) => notPhoenix.listen(0, "127.0.0.1", resolve));
closers.push(() => new Promise((resolve) => notPhoenix.close(resolve)));

const doctor = (env, args = []) =>
  new Promise((resolve) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PHOENIX_|OTEL_)/.test(name)));
    execFile(process.execPath, [cli, "doctor", "--timeout-ms", "5000", ...args], { env: { ...clean, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

let failed = 0;
async function expectCase(name, env, { code, lines }, args = []) {
  const run = await doctor(env, args);
  const out = run.stdout + run.stderr;
  const problems = [];
  if (run.code !== code) problems.push(`exit status ${run.code}, expected ${code}`);
  for (const line of lines) if (!line.test(run.stdout)) problems.push(`no line matching ${line}`);
  const leaked = secrets.filter((s) => out.includes(s));
  if (leaked.length) problems.push(`${leaked.length} secret(s) in the output`);
  console.log(`   ${problems.length ? "FAIL" : "ok  "} ${name}${problems.length ? `: ${problems.join("; ")}\n${out.replace(/^/gm, "      ")}` : ""}`);
  if (problems.length) failed++;
}

console.log(`== doctor against ${target}`);
const admin = new PhoenixAdmin({ baseUrl: url, token: adminSecret });
await expectCase("no server", { PHOENIX_COLLECTOR_ENDPOINT: "http://127.0.0.1:9" }, { code: 1, lines: [/^FAIL  connection: no connection/m, /^FAIL  spans accepted: unreachable: /m] });
await expectCase("not a Phoenix", { PHOENIX_COLLECTOR_ENDPOINT: `http://127.0.0.1:${notPhoenix.address().port}` }, { code: 1, lines: [/^FAIL  spans accepted: not-phoenix: /m] });
await expectCase("auth off", { PHOENIX_COLLECTOR_ENDPOINT: openUrl }, { code: 0, lines: [/^OK    spans accepted: ok: Phoenix \S+ at .* accepts spans without an API key/m, /^OK    authentication: off: /m] });
await expectCase("auth on, no key", { PHOENIX_COLLECTOR_ENDPOINT: url }, { code: 1, lines: [/^FAIL  spans accepted: auth-required: .*answered 401 "Invalid token"/m, /^OK    authentication: on /m] });
await expectCase("a wrong key", { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: secret(randomBytes(24).toString("hex")) }, { code: 1, lines: [/^FAIL  spans accepted: key-rejected: .*"Invalid token"/m] });
const system = secret((await admin.createSystemApiKey({ name: "doctor" })).key);
await expectCase("a working system key, --send-span", { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: system, PHOENIX_PROJECT_NAME: "doctor-check" }, {
  code: 0,
  lines: [/^OK    key form: a Phoenix API key \(ApiKey:\d+\)/m, /^OK    spans accepted: ok: Phoenix \S+ at .* accepts spans with the API key/m, /^OK    authentication: on: /m, /^OK    test span: /m, /^OK    test span stored: /m],
}, ["--send-span"]);
const expiring = secret((await admin.createSystemApiKey({ name: "doctor-expiring", expiresAt: new Date(Date.now() + 3000) })).key);
await new Promise((resolve) => setTimeout(resolve, 4000));
await expectCase("an expired key", { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: expiring }, { code: 1, lines: [/^FAIL  spans accepted: key-rejected: .*"(Expired|Invalid) token"/m] });
for (const role of ["MEMBER", "VIEWER"]) {
  const email = `doctor-${role.toLowerCase()}-${randomBytes(3).toString("hex")}@example.com`;
  const password = secret(`P-${randomBytes(12).toString("hex")}`);
  let key;
  try {
    await admin.createUser({ email, username: email.split("@")[0], password, role });
    key = secret((await (await PhoenixAdmin.login(url, email, password)).createUserApiKey({ name: "doctor" })).key);
  } catch (error) {
    console.log(`   FAIL a ${role.toLowerCase()}'s key: could not be made (${error.message})`);
    failed++;
    continue;
  }
  if (role === "MEMBER") await expectCase("a member's key", { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key }, { code: 0, lines: [/^OK    spans accepted: ok: /m] });
  else await expectCase("a viewer's key", { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key }, { code: 1, lines: [/^FAIL  spans accepted: viewer-key: .*403/m] });
}
for (const close of closers) await close();
process.exitCode = failed ? 1 : 0;
