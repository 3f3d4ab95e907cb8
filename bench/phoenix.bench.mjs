// Against a real Phoenix 20.26.1, when the conformance venv exists (scripts/real-phoenix.sh creates it; skipped with a
// reason otherwise): start-up time to the first /healthz, spans/s until readable back (vs the mock over a socket, same
// run, alternating), and the auth scenario of bench/lib/scenario.mjs. Phoenix is started the way scripts/real-phoenix.sh
// starts it: auth on, fresh secrets, a temporary SQLite working dir, free loopback ports, rate limit off, no telemetry.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { PhoenixAdmin, createMockPhoenix } from "phoenix-mock";
import { ROUNDS, SPANS_PER_REQUEST, bodyFactory, progress, ratios, row, skip, summary } from "./lib/common.mjs";
import { authScenario } from "./lib/scenario.mjs";

const VERSION = "20.26.1";
const venv = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "phoenix-otel-auth", `venv-${VERSION}`);
const phoenixBin = join(venv, "bin", "phoenix");
const REAL_ROUNDS = Math.max(5, Number(process.env.BENCH_REAL_ROUNDS ?? 5));
const READBACK_SPANS = Number(process.env.BENCH_READBACK_SPANS ?? 1024);

if (process.env.BENCH_REAL === "0") {
  skip("real Phoenix", "BENCH_REAL=0");
  process.exit(0);
}
if (!existsSync(join(venv, `.arize-phoenix-${VERSION}-installed`)) || !existsSync(phoenixBin)) {
  skip("real Phoenix", `no Phoenix venv at ${venv} (run scripts/real-phoenix.sh -- true once to create it)`);
  process.exit(0);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const secret = () => `${randomBytes(32).toString("hex")}0a`;

async function startPhoenix() {
  const work = mkdtempSync(join(tmpdir(), "phoenix-bench-"));
  const [port, grpcPort] = [await freePort(), await freePort()];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PHOENIX_")));
  const secrets = { PHOENIX_SECRET: secret(), PHOENIX_ADMIN_SECRET: secret() };
  Object.assign(env, secrets, {
    PHOENIX_WORKING_DIR: work,
    PHOENIX_HOST: "127.0.0.1",
    PHOENIX_PORT: String(port),
    PHOENIX_GRPC_PORT: String(grpcPort),
    PHOENIX_ENABLE_AUTH: "true",
    PHOENIX_DISABLE_RATE_LIMIT: "true",
    PHOENIX_TELEMETRY_ENABLED: "false",
    PHOENIX_ALLOW_EXTERNAL_RESOURCES: "false",
  });
  const url = `http://127.0.0.1:${port}`;
  const start = performance.now();
  const child = spawn(phoenixBin, ["serve"], { env, cwd: work, stdio: "ignore" });
  let exited = false;
  child.on("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error("phoenix serve exited before /healthz answered");
    if (performance.now() - start > 300_000) throw new Error("phoenix serve: no /healthz within 300 s");
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const startupMs = performance.now() - start;
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => (exited ? resolve() : child.once("exit", resolve)));
    rmSync(work, { recursive: true, force: true });
  };
  return { url, adminSecret: secrets.PHOENIX_ADMIN_SECRET, startupMs, stop };
}

/** Posts READBACK_SPANS fresh spans (512 per gzipped request) into a new project and pages the read-back until all are there. */
let projectSerial = 0;
async function readableRate(url, key) {
  const project = `readback-${(projectSerial += 1)}-${randomBytes(3).toString("hex")}`;
  const next = bodyFactory(project, 3_000_000 + projectSerial * 1000);
  const bodies = Array.from({ length: Math.ceil(READBACK_SPANS / SPANS_PER_REQUEST) }, () => gzipSync(next()));
  const admin = new PhoenixAdmin({ baseUrl: url, token: key });
  const headers = { "content-type": "application/x-protobuf", "content-encoding": "gzip", authorization: `Bearer ${key}` };
  const start = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${url}/v1/traces`, { method: "POST", headers, body });
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  }
  const total = bodies.length * SPANS_PER_REQUEST;
  for (;;) {
    let seen = 0;
    let cursor;
    do {
      const page = await admin.listSpans({ project, limit: 1000, cursor }).catch(() => ({ spans: [], nextCursor: null }));
      seen += page.spans.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (seen >= total) break;
    if (performance.now() - start > 300_000) throw new Error(`${url}: ${seen} of ${total} spans readable after 300 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return total / ((performance.now() - start) / 1000);
}

// The mock's start-up in the same run, for the ratio.
const mockStartups = [];
for (let i = 0; i < REAL_ROUNDS; i++) {
  const t0 = performance.now();
  const m = createMockPhoenix({ enableAuth: true, secret: secret() });
  const url = await m.listen({ port: 0 });
  await (await fetch(`${url}/healthz`)).text();
  mockStartups.push(performance.now() - t0);
  await m.close();
}

progress("real Phoenix: starting phoenix serve (about a minute on 2 busy cores)");
const phoenix = await startPhoenix();
try {
  row({
    group: "real Phoenix",
    name: "start-up to first /healthz (real Phoenix, once)",
    value: phoenix.startupMs,
    unit: "ms",
    note: `mock: ${summary(mockStartups).median.toFixed(0)} ms (create + listen + first /healthz, median of ${REAL_ROUNDS})`,
  });
  const realKey = (await new PhoenixAdmin({ baseUrl: phoenix.url, token: phoenix.adminSecret }).createSystemApiKey({ name: "bench" })).key;
  const mock = createMockPhoenix({ enableAuth: true, secret: secret() });
  const mockUrl = await mock.listen({ port: 0 });
  const mockKey = (await mock.createSystemApiKey({ name: "bench" })).key;
  const rates = { real: [], mock: [] };
  for (let r = 0; r < REAL_ROUNDS; r++) {
    progress(`real Phoenix: read-back round ${r + 1}/${REAL_ROUNDS} (${READBACK_SPANS} spans)`);
    rates.real.push(await readableRate(phoenix.url, realKey));
    rates.mock.push(await readableRate(mockUrl, mockKey));
  }
  await mock.close();
  row({ group: "real Phoenix", name: "spans/s until readable back: mock over a socket", value: summary(rates.mock), unit: "spans/s" });
  row({
    group: "real Phoenix",
    name: "spans/s until readable back: real Phoenix",
    value: summary(rates.real),
    unit: "spans/s",
    ratio: summary(ratios(rates.real, rates.mock)),
    baseline: "mock over a socket",
  });
  const scenario = [];
  let password = "admin";
  for (let r = 0; r < REAL_ROUNDS; r++) {
    const result = await authScenario(phoenix.url, fetch, password);
    scenario.push(result.ms);
    password = result.password;
  }
  row({ group: "scenario latency", name: "real Phoenix, over HTTP", value: summary(scenario), unit: "ms" });
} finally {
  await phoenix.stop();
}
