// What a user installs, measured from the packed tarballs in scratch apps with plain `npm install` (the registry and
// npm's cache as a user has them), setups alternating round by round:
//   ours        npm install <phoenix-otel-auth.tgz>                          (a production app, as the README says)
//   theirs      npm install @arizeai/phoenix-otel @opentelemetry/api          (the anchor, newest the registry serves)
//   bare SDK    npm install @opentelemetry/api @opentelemetry/sdk-trace @opentelemetry/exporter-trace-otlp-proto
//               @opentelemetry/resources @opentelemetry/context-async-hooks    (hand-wired tracing, either OTel line)
//   mock        npm install --save-dev <phoenix-mock.tgz>                     (a test suite)
// Each row: packages in node_modules, MB on disk, install seconds, and whether npm printed its install-scripts
// warning; ratios against the bare SDK and against @arizeai/phoenix-otel. Then phoenix-mock's start-up to its first
// GET /healthz answer (HTTP only, from the scratch install) against a plain node:http server's, alternating.
//   npm run bench -- install        (BENCH_ROUNDS, default 5)
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countPackages, diskBytes } from "../scripts/install-size.mjs";
import { ROUNDS, progress, ratios, row, summary } from "./lib/common.mjs";
import { tarballs } from "./lib/scratch.mjs";

const work = mkdtempSync(join(tmpdir(), "bench-install-"));
const SETUPS = {
  ours: [tarballs().ours],
  theirs: ["@arizeai/phoenix-otel", "@opentelemetry/api"],
  "bare SDK": ["@opentelemetry/api", "@opentelemetry/sdk-trace", "@opentelemetry/exporter-trace-otlp-proto", "@opentelemetry/resources", "@opentelemetry/context-async-hooks"],
  mock: ["--save-dev", tarballs().mock],
};

function install(name, round) {
  const dir = join(work, `${name.replace(/\W/g, "-")}-${round}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "package.json"), '{ "name": "scratch", "private": true, "version": "0.0.0", "type": "module" }\n');
  const started = performance.now();
  const run = spawnSync("npm", ["install", "--no-audit", "--no-fund", ...SETUPS[name]], { cwd: dir, encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${name}: npm install failed: ${run.stderr.slice(-600)}`);
  return { dir, seconds, packages: countPackages(dir), mb: diskBytes(join(dir, "node_modules")) / 1e6, scriptsWarning: /install-scripts|postinstall/.test(run.stderr + run.stdout) };
}

const results = Object.fromEntries(Object.keys(SETUPS).map((name) => [name, []]));
let mockDir;
for (let r = 0; r < ROUNDS; r++) {
  const order = Object.keys(SETUPS);
  if (r % 2) order.reverse();
  for (const name of order) {
    const result = install(name, r);
    results[name].push(result);
    progress(`install round ${r + 1} ${name}: ${result.packages} packages, ${result.mb.toFixed(1)} MB, ${result.seconds.toFixed(1)} s${result.scriptsWarning ? ", install-scripts warning" : ""}`);
    if (name === "mock") mockDir = result.dir;
    else rmSync(result.dir, { recursive: true, force: true });
  }
}

const series = (name, key) => results[name].map((r) => r[key]);
for (const [name, label] of [["ours", "phoenix-otel-auth (production)"], ["theirs", "@arizeai/phoenix-otel"], ["bare SDK", "bare OpenTelemetry SDK"], ["mock", "phoenix-mock (dev)"]]) {
  const warning = results[name].some((r) => r.scriptsWarning) ? "npm printed its install-scripts warning" : "no install-scripts warning";
  for (const [key, unit, goal] of [["packages", "packages", name === "ours" ? { op: "<", target: 46, of: "value" } : undefined], ["mb", "MB", name === "ours" ? { op: "<", target: 70.01, of: "value" } : undefined], ["seconds", "s"]]) {
    const values = series(name, key);
    const against = name === "ours" || name === "mock" ? [["bare SDK", "bare SDK"], ["theirs", "@arizeai/phoenix-otel"]] : name === "theirs" ? [["bare SDK", "bare SDK"]] : [];
    if (against.length === 0) row({ group: "install", name: `${label}: ${key === "mb" ? "MB" : key}`, value: summary(values), unit, note: key === "packages" ? warning : "" });
    for (const [base, baseline] of against) {
      row({
        group: "install",
        name: `${label}: ${key === "mb" ? "MB" : key}`,
        value: summary(values),
        unit,
        ratio: summary(ratios(values, series(base, key))),
        baseline,
        ...(goal && base === "theirs" && key !== "seconds" ? { goal: { op: "<", target: 1, of: "ratio" } } : goal && base === "bare SDK" ? { goal } : {}),
        note: key === "packages" && base === "bare SDK" ? warning : "",
      });
    }
  }
}

// Start-up to the first /healthz answer: phoenix-mock from the scratch install (no @grpc/grpc-js there: HTTP only)
// against a plain node:http server, each a fresh node process, alternating.
const plain = join(work, "plain.mjs");
writeFileSync(plain, 'import http from "node:http";\nconst s = http.createServer((q, r) => r.end("OK")).listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${s.address().port}`));\n');
const cli = join(mockDir, "node_modules", "phoenix-mock", "dist", "cli.js");
async function firstAnswer(node, args) {
  const started = performance.now();
  const child = spawn(node, args, { stdio: ["ignore", "pipe", "ignore"], env: { PATH: process.env.PATH } });
  const url = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(String(d).split("\n")[0].trim())));
  while ((await fetch(`${url}/healthz`).then((r) => r.status, () => 0)) !== 200);
  const ms = performance.now() - started;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return ms;
}
// On this Node, and on Node 24 (the LTS) when the registry has it: the Fetch API that the mock's one handler is built
// on costs Node 20 ~25 ms to load on first use (undici is compiled then), newer Nodes much less.
const nodes = [process.execPath];
const node24 = spawnSync("npx", ["-y", "node@24", "-p", "process.execPath"], { encoding: "utf8" }).stdout?.trim();
if (node24 && existsSync(node24) && !process.version.startsWith("v24.")) nodes.push(node24);
const startRounds = Math.max(ROUNDS, 10);
for (const node of nodes) {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  const start = { mock: [], plain: [] };
  for (let r = 0; r < startRounds; r++) {
    for (const name of r % 2 ? ["plain", "mock"] : ["mock", "plain"]) {
      start[name].push(await firstAnswer(node, name === "mock" ? [cli, "--port", "0", "--quiet"] : [plain]));
    }
  }
  row({ group: "install", name: `plain node:http: start to first /healthz (node ${version})`, value: summary(start.plain), unit: "ms" });
  row({
    group: "install",
    name: `phoenix-mock (HTTP only): start to first /healthz (node ${version})`,
    value: summary(start.mock),
    unit: "ms",
    ratio: summary(ratios(start.mock, start.plain)),
    baseline: "plain node:http",
    goal: { op: "<", target: 2.01, of: "ratio" },
    note: `${startRounds} alternating rounds, each a fresh process; installed without @grpc/grpc-js, so HTTP only`,
  });
}
rmSync(work, { recursive: true, force: true });
