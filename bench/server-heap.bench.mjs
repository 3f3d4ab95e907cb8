// The cost of capping V8's young generation in phoenix-mock (packages/phoenix-mock/src/server/heap.ts): the same request flood against
// the CLI started as startMockServer() starts it (--max-semi-space-size=4) and with V8's default young generation
// (--semi-space-growth-factor=2 given explicitly, so the CLI leaves it alone), alternating, in the same run. Reports
// requests/s and OTLP spans/s (ratios capped / default) and the RSS each keeps after the flood and a 3 s settle.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { ROUNDS, SPANS_PER_REQUEST, bodyFactory, progress, ratios, row, summary } from "./lib/common.mjs";

const CLI = fileURLToPath(new URL("../packages/phoenix-mock/dist/cli.js", import.meta.url));
const FLOOD = Number(process.env.BENCH_FLOOD_REQUESTS ?? 4000);
const EXPORTS = Number(process.env.BENCH_FLOOD_EXPORTS ?? 160);
const VARIANTS = { capped: ["--max-semi-space-size=4"], default: ["--semi-space-growth-factor=2"] };
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

async function round(flags) {
  const secret = `b3nch${randomBytes(24).toString("hex")}`;
  const admin = `a4${randomBytes(24).toString("hex")}`;
  const env = { PATH: process.env.PATH, PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: admin };
  const child = spawn(process.execPath, [...flags, CLI, "--port", "0", "--grpc-port", "0", "--quiet"], { env, stdio: ["pipe", "pipe", "ignore"] });
  const url = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(String(d).split("\n")[0])));
  const port = Number(new URL(url).port);
  const created = await fetch(`${url}/v1/system/api_keys`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: JSON.stringify({ data: { name: "b" } }) });
  const key = (await created.json()).data.key;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const send = (method, path, body) =>
    new Promise((resolve, reject) => {
      const headers = { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/x-protobuf", "content-length": body.length } : {}) };
      const request = http.request({ host: "127.0.0.1", port, method, path, agent, headers }, (response) => response.resume().on("end", resolve));
      request.on("error", reject).end(body);
    });
  const next = bodyFactory("heap");
  await send("GET", "/healthz");
  const before = rssMb(child.pid);
  let started = performance.now();
  for (let i = 0; i < FLOOD; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, j) => send("GET", `/v1/projects/${i + j}-${"p".repeat(15 * 1024)}`)));
  }
  const floodRate = FLOOD / ((performance.now() - started) / 1000);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const kept = rssMb(child.pid) - before;
  started = performance.now();
  for (let i = 0; i < EXPORTS; i += 8) await Promise.all(Array.from({ length: 8 }, () => send("POST", "/v1/traces", next())));
  const ingestRate = (EXPORTS * SPANS_PER_REQUEST) / ((performance.now() - started) / 1000);
  agent.destroy();
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return { floodRate, ingestRate, kept };
}

const results = { capped: [], default: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const name of r % 2 ? ["default", "capped"] : ["capped", "default"]) {
    const result = await round(VARIANTS[name]);
    results[name].push(result);
    progress(`server heap round ${r + 1} ${name}: ${Math.round(result.floodRate)} req/s, RSS kept +${result.kept.toFixed(0)} MB, ingest ${Math.round(result.ingestRate)} spans/s`);
  }
}
const values = (name, field) => results[name].map((r) => r[field]);
const baseline = "V8 default young generation, same run";
const flood = `${FLOOD} GETs with 15 KiB paths (404) on 16 keep-alive sockets; node ${process.version}`;
row({ group: "server heap", name: "phoenix-mock flood, young generation capped (--max-semi-space-size=4)", value: summary(values("capped", "floodRate")), unit: "req/s", ratio: summary(ratios(values("capped", "floodRate"), values("default", "floodRate"))), baseline, note: flood });
row({ group: "server heap", name: "phoenix-mock OTLP ingest, young generation capped", value: summary(values("capped", "ingestRate")), unit: "spans/s", ratio: summary(ratios(values("capped", "ingestRate"), values("default", "ingestRate"))), baseline, note: `${EXPORTS} exports of ${SPANS_PER_REQUEST} spans, 8 at a time, after the flood` });
for (const name of ["capped", "default"]) {
  row({ group: "server heap", name: `RSS kept after the flood + 3 s, ${name}`, value: summary(values(name, "kept")), unit: "MB", note: `baseline: RSS after start-up and one request; ${flood}` });
}
