#!/usr/bin/env node
// Next.js as a host (issue "Failures you can see"): packages/phoenix-otel-auth/examples/nextjs, installed from the
// packed tarball with each Node version's own npm (plain `npm i`), built with `next build`, and run with `next start`
// against a phoenix-mock with auth on, per Node version:
//   good key      GET / and GET /api/chat answer 200; the route's span, the AI SDK's spans (translated: an LLM span)
//                 and Next's own server spans reach the mock.
//   no key        the routes answer 200; the log has the one "no API key was sent" line.
//   bad variable  an endpoint without a scheme, a key with a line break: every route answers 200, and the log has the one
//                 "tracing is off" message naming the variable.
//   SIGTERM       `next start` ended by SIGTERM right after a request: the spans arrive, or the log says how many were
//                 not sent and gives the fix (NEXT_MANUAL_SIG_HANDLE=true); with that variable set, they arrive.
// Usage: node scripts/nextjs-example.mjs [node versions...] (default: 20 24). Exit status 1 when a check fails.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockPhoenix } from "phoenix-mock";

const root = fileURLToPath(new URL("../", import.meta.url));
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ["20", "24"];
const work = mkdtempSync(join(tmpdir(), "nextjs-example-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
execFileSync(join(root, "scripts/pack.sh"), [work], { stdio: ["ignore", "ignore", "inherit"] });
const npmCli = join(dirname(process.execPath), "../lib/node_modules/npm/bin/npm-cli.js");

let failed = 0;
const check = (ok, what, detail = "") => {
  console.log(`   ${ok ? "ok  " : "FAIL"} ${what}${!ok && detail ? `\n${detail}` : ""}`);
  if (!ok) failed++;
};
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Every secret and key made here goes to the CI secret scan's list (.ci/run), which then checks no output shows one.
const secret = (value) => {
  if (process.env.PHOENIX_TEST_SECRETS_FILE) appendFileSync(process.env.PHOENIX_TEST_SECRETS_FILE, `${value}\n`);
  return value;
};
const mockWithAuth = () => createMockPhoenix({ enableAuth: true, secret: secret(randomBytes(32).toString("hex")) });
const systemKey = async (mock) => secret((await mock.createSystemApiKey({ name: "nextjs" })).key);

/** `next start` on a free port with `env`; resolves once it answers. */
async function start(node, app, env) {
  const port = await freePort();
  const child = spawn(node, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: app,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${base}/`).then(() => true, () => false)) break;
    await sleep(100);
  }
  return { base, child, exited, log: () => log };
}

const get = async (url) => {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
};
const linesWith = (log, text) => log.split("\n").filter((line) => line.includes(text));

for (const version of versions) {
  const node = execFileSync("npx", ["-y", `node@${version}`, "-p", "process.execPath"], { encoding: "utf8" }).trim();
  const actual = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  console.log(`== Next.js example on node ${actual}`);
  const app = join(work, `node${version}`);
  cpSync(join(root, "packages/phoenix-otel-auth/examples/nextjs"), app, { recursive: true, filter: (src) => !/node_modules|\.next/.test(src) });
  const pkg = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  pkg.dependencies["phoenix-otel-auth"] = `file:${join(work, "phoenix-otel-auth.tgz")}`;
  writeFileSync(join(app, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const install = spawnSyncLog(node, [npmCli, "install", "--no-audit", "--no-fund"], app);
  check(install.status === 0, `npm install (next ${versionOf(app, "next")}, ai ${versionOf(app, "ai")})`, install.output);
  const engines = [...new Set([...install.output.matchAll(/package: '([^']+)'/g)].map((m) => m[1]))];
  if (engines.length) console.log(`   note: EBADENGINE for ${engines.join(", ")} (the AI SDK 7 packages declare Node >= 22)`);
  const build = spawnSyncLog(node, ["node_modules/next/dist/bin/next", "build"], app, { NEXT_TELEMETRY_DISABLED: "1" });
  check(build.status === 0, "next build", build.output.slice(-3000));
  if (build.status !== 0) continue;

  // A good key: the app's spans, the AI SDK's (translated) and Next's own arrive.
  {
    const mock = mockWithAuth();
    const url = await mock.listen();
    const key = await systemKey(mock);
    const server = await start(node, app, { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key, NEXT_MANUAL_SIG_HANDLE: "true" });
    const page = await get(`${server.base}/`);
    const chat = await get(`${server.base}/api/chat`);
    check(page.status === 200 && chat.status === 200 && chat.body.includes("sunny"), "good key: GET / and GET /api/chat answer 200", `${page.status} ${chat.status} ${chat.body}`);
    const spans = await mock.waitForSpans({ count: 4, timeoutMs: 15_000 }).catch(() => mock.spans());
    const names = spans.map((s) => s.name);
    const llm = spans.filter((s) => s.attributes["openinference.span.kind"] === "LLM");
    check(names.includes("chat-route") && llm.length > 0 && spans.every((s) => s.project === "nextjs-example"), `good key: the route's span and the AI SDK's LLM span arrive in project nextjs-example (${spans.length} spans: ${[...new Set(names)].join(", ")})`, server.log());
    server.child.kill("SIGTERM");
    await server.exited;
    check(!/\[phoenix-otel-auth\]/.test(server.log()), "good key: phoenix-otel-auth printed nothing", server.log());
    await mock.close();
  }

  // No key against auth on: the routes serve, and the one 401 line.
  {
    const mock = mockWithAuth();
    const url = await mock.listen();
    const server = await start(node, app, { PHOENIX_COLLECTOR_ENDPOINT: url, NEXT_MANUAL_SIG_HANDLE: "true" });
    const statuses = [(await get(`${server.base}/`)).status, (await get(`${server.base}/api/chat`)).status];
    server.child.kill("SIGTERM");
    await server.exited;
    const said = linesWith(server.log(), "no API key was sent");
    check(statuses.every((s) => s === 200) && said.length === 1, `no key: routes answer ${statuses.join(", ")}; the log has the one "no API key was sent" line (${said.length})`, server.log());
    await mock.close();
  }

  // A variable that cannot work: every route answers 200, one message names it.
  for (const [what, env, variable] of [
    ["an endpoint without a scheme", { PHOENIX_COLLECTOR_ENDPOINT: "localhost:6006" }, "PHOENIX_COLLECTOR_ENDPOINT"],
    ["a key with a line break", { PHOENIX_COLLECTOR_ENDPOINT: "http://127.0.0.1:9", PHOENIX_API_KEY: "first-half\nsecond-half" }, "PHOENIX_API_KEY"],
  ]) {
    const server = await start(node, app, env);
    const statuses = [(await get(`${server.base}/`)).status, (await get(`${server.base}/api/chat`)).status];
    server.child.kill("SIGTERM");
    await server.exited;
    const off = linesWith(server.log(), "tracing is off");
    check(statuses.every((s) => s === 200) && off.length === 1 && off[0].includes(variable), `${what}: routes answer ${statuses.join(", ")}; one "tracing is off" message naming ${variable}`, server.log());
  }

  // SIGTERM right after a request: delivered, or counted with the fix; with NEXT_MANUAL_SIG_HANDLE=true, delivered.
  for (const manual of [false, true]) {
    const mock = mockWithAuth();
    const url = await mock.listen();
    const key = await systemKey(mock);
    const server = await start(node, app, { PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key, ...(manual && { NEXT_MANUAL_SIG_HANDLE: "true" }) });
    const chat = await get(`${server.base}/api/chat`);
    server.child.kill("SIGTERM");
    await server.exited;
    await sleep(200);
    const delivered = mock.spans().some((s) => s.name === "chat-route");
    const lost = linesWith(server.log(), "not sent: the process exited");
    const told = lost.length === 1 && lost[0].includes("NEXT_MANUAL_SIG_HANDLE=true");
    if (manual) check(chat.status === 200 && delivered && lost.length === 0, "SIGTERM right after a request, NEXT_MANUAL_SIG_HANDLE=true: the spans arrive", server.log());
    else check(chat.status === 200 && (delivered || told), `SIGTERM right after a request: ${delivered ? "the spans arrive" : `not sent, and said: ${lost[0]?.replace(/^.*\] /, "").slice(0, 90)}...`}`, server.log());
    await mock.close();
  }
}
process.exitCode = failed ? 1 : 0;

function spawnSyncLog(node, args, cwd, env = {}) {
  const run = spawnSync(node, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status ?? 1, output: `${run.stdout ?? ""}${run.stderr ?? ""}` };
}

function versionOf(app, name) {
  try {
    return JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
}
