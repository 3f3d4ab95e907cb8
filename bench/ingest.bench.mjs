// Mock ingest: spans/s stored and p50/p99 request latency of POST /v1/traces on the mock (auth on, bearer system key,
// gzip, 512 fresh spans per request, 4 keep-alive clients in another process) at 0, 100k and 1M spans already stored,
// against two baselines measured in alternating rounds at each level: "gunzip + protobuf decode alone" (the mock's own
// decoder, same process, no HTTP) and a bare node:http sink that only reads the body.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { createMockPhoenix } from "phoenix-mock";
import { ROUNDS, SPANS_PER_REQUEST, bodyFactory, percentile, progress, ratios, row, summary } from "./lib/common.mjs";
import { loadDecoder } from "./lib/decoder.mjs";

const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 60); // per round: 30,720 spans
const LEVELS = (process.env.BENCH_STORED ?? "0,100000,1000000").split(",").map(Number);

const { decodeExportTraceServiceRequest } = await loadDecoder();
const client = fork(new URL("./lib/client.mjs", import.meta.url));
const roundOnClient = (url, headers) =>
  new Promise((resolve, reject) => {
    client.once("message", (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    client.send({ url, headers, requests: REQUESTS });
  });

const sink = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf" }).end());
});
await new Promise((resolve) => sink.listen(0, "127.0.0.1", resolve));
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

const mock = createMockPhoenix({ enableAuth: true, secret: `b3nch${randomBytes(24).toString("hex")}` });
const mockUrl = await mock.listen({ port: 0 });
const protobuf = { "content-type": "application/x-protobuf" };
const gzipped = { ...protobuf, "content-encoding": "gzip" };
const keyHeaders = async () => ({ ...gzipped, authorization: `Bearer ${(await mock.createSystemApiKey({ name: "bench" })).key}` });

const prefillBody = bodyFactory("prefill");
async function prefill(level) {
  const headers = { ...protobuf, authorization: (await keyHeaders()).authorization };
  while (mock.spanStats().stored < level) {
    const response = await mock.request("/v1/traces", { method: "POST", headers, body: prefillBody() });
    if (response.status !== 200) throw new Error(`prefill: HTTP ${response.status}`);
  }
}

const decodeBody = bodyFactory("decode");
function decodeAloneRound() {
  const bodies = Array.from({ length: REQUESTS }, () => gzipSync(decodeBody()));
  const latencies = [];
  const start = process.hrtime.bigint();
  for (const body of bodies) {
    const t0 = process.hrtime.bigint();
    decodeExportTraceServiceRequest(gunzipSync(body));
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies };
}

const spansPerSecond = (r) => (REQUESTS * SPANS_PER_REQUEST) / r.seconds;
const latencyNote = (rounds) => {
  const all = rounds.flatMap((r) => r.latencies);
  return `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms`;
};

// Warm-up (JIT, sockets), then the levels.
for (let i = 0; i < 2; i++) {
  await roundOnClient(sinkUrl, gzipped);
  decodeAloneRound();
  await roundOnClient(mockUrl, await keyHeaders());
  mock.reset();
}

const byLevel = new Map();
const decodeByLevel = new Map();
for (const level of LEVELS) {
  if (level > 0) await prefill(level);
  progress(`ingest: ${mock.spanStats().stored} spans stored, ${ROUNDS} alternating rounds of ${REQUESTS} x ${SPANS_PER_REQUEST} spans`);
  const rounds = { sink: [], decode: [], mock: [] };
  for (let r = 0; r < ROUNDS; r++) {
    rounds.sink.push(await roundOnClient(sinkUrl, gzipped));
    rounds.decode.push(decodeAloneRound());
    if (level === 0) mock.reset();
    rounds.mock.push(await roundOnClient(mockUrl, await keyHeaders()));
  }
  const rate = Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, v.map(spansPerSecond)]));
  byLevel.set(level, rate.mock);
  decodeByLevel.set(level, rate.decode);
  const label = level === 0 ? "empty store" : `${level.toLocaleString("en-US")} stored`;
  if (level === LEVELS[0]) {
    row({ group: "mock ingest", name: "bare node:http sink (reads the body)", value: summary(rate.sink), unit: "spans/s", note: latencyNote(rounds.sink) });
  }
  row({ group: "mock ingest", name: `gunzip + protobuf decode alone (${label})`, value: summary(rate.decode), unit: "spans/s", note: latencyNote(rounds.decode) });
  row({
    group: "mock ingest",
    name: `mock POST /v1/traces, ${label}`,
    value: summary(rate.mock),
    unit: "spans/s",
    ratio: summary(ratios(rate.mock, rate.decode)),
    baseline: "decode alone",
    goal: { op: ">=", target: 0.5 },
    note: `${latencyNote(rounds.mock)}; ${summary(ratios(rate.mock, rate.sink)).median.toFixed(3)}x the bare sink`,
  });
}
const top = Math.max(...LEVELS);
if (LEVELS.includes(0) && top > 0) {
  row({
    group: "mock ingest",
    name: `mock with ${top.toLocaleString("en-US")} stored vs empty store`,
    value: summary(byLevel.get(top)),
    unit: "spans/s",
    ratio: summary(ratios(byLevel.get(top), byLevel.get(0))),
    baseline: "mock, empty store",
    goal: { op: ">=", target: 0.8 },
    note: "levels run one after the other, not interleaved: load changes between them count",
  });
  // The same comparison for decode alone, which stores nothing: what a bigger heap (GC) costs any code in the process.
  row({
    group: "mock ingest",
    name: `decode alone with ${top.toLocaleString("en-US")} stored vs empty store`,
    value: summary(decodeByLevel.get(top)),
    unit: "spans/s",
    ratio: summary(ratios(decodeByLevel.get(top), decodeByLevel.get(0))),
    baseline: "decode alone, empty store",
    note: "no store work at all: the drop is the heap (GC) and the machine's load",
  });
}
client.kill();
await mock.close();
sink.close();
