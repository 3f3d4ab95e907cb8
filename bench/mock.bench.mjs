// Ingest throughput of the mock Phoenix's POST /v1/traces (auth on, bearer API key check, gzip, protobuf decode, store)
// against the baseline: a bare node:http server that reads the body and answers 200 (what a hand-written capture server
// does). Both are driven over loopback by the same client with the same pre-serialized OTLP requests, in alternating
// rounds; the median round counts. Also times the mock's start-up (create + listen + first /healthz).
import { randomBytes } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import { gzipSync } from "node:zlib";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { createMockPhoenix } from "phoenix-otel-auth/testing";

const SPANS_PER_REQUEST = 512;
const REQUESTS_PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = 4;

// One realistic request body: 512 spans with 10 string attributes each, gzipped as the exporter would send it.
const memory = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ "service.name": "bench", "openinference.project.name": "bench" }),
  spanProcessors: [new SimpleSpanProcessor(memory)],
});
const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`attr.${i}`, `value-${i}-`.padEnd(20, "x")]));
for (let i = 0; i < SPANS_PER_REQUEST; i++) provider.getTracer("bench").startSpan(`span-${i}`, { attributes }).end();
const body = gzipSync(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans()));

const baselineServer = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/x-protobuf" });
    res.end();
  });
});
await new Promise((resolve) => baselineServer.listen(0, "127.0.0.1", resolve));
const baselineUrl = `http://127.0.0.1:${baselineServer.address().port}`;

const secret = `b3nch${randomBytes(24).toString("hex")}`;
const mock = createMockPhoenix({ enableAuth: true, secret });
const mockUrl = await mock.listen({ port: 0 });
const { key } = await mock.createSystemApiKey({ name: "bench" });

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function post(url, headers) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/traces`, { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function round(url, headers) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS_PER_ROUND) {
        next += 1;
        await post(url, headers);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (REQUESTS_PER_ROUND * SPANS_PER_REQUEST) / seconds;
}

const common = { "content-type": "application/x-protobuf", "content-encoding": "gzip" };
const mockHeaders = { ...common, authorization: `Bearer ${key}` };
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

await round(baselineUrl, common); // warm-up
await round(mockUrl, mockHeaders);
mock.reset(); // drop the warm-up spans (and the key: make a new one)
const { key: key2 } = await mock.createSystemApiKey({ name: "bench" });
mockHeaders.authorization = `Bearer ${key2}`;
const results = { baseline: [], mock: [] };
for (let r = 0; r < ROUNDS; r++) {
  results.baseline.push(await round(baselineUrl, common));
  results.mock.push(await round(mockUrl, mockHeaders));
  mock.reset();
  const fresh = await mock.createSystemApiKey({ name: "bench" });
  mockHeaders.authorization = `Bearer ${fresh.key}`;
}

// Start-up: create + listen + the first /healthz answer.
const startups = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  const m = createMockPhoenix({ enableAuth: true, secret });
  const url = await m.listen({ port: 0 });
  const res = await fetch(`${url}/healthz`);
  await res.text();
  startups.push(Number(process.hrtime.bigint() - t0) / 1e6);
  await m.close();
}

agent.destroy();
await mock.close();
baselineServer.close();

const base = median(results.baseline);
const ours = median(results.mock);
console.log(`requests per round: ${REQUESTS_PER_ROUND} x ${SPANS_PER_REQUEST} spans (gzip ${body.length} bytes), rounds: ${ROUNDS}, concurrency ${CONCURRENCY}, node ${process.version}`);
console.log(`baseline (bare node:http, reads the body, answers 200): ${Math.round(base)} spans/s (median)`);
console.log(`phoenix-mock (auth on, key check, gunzip, protobuf decode, store): ${Math.round(ours)} spans/s (median)`);
console.log(`ratio mock/baseline: ${(ours / base).toFixed(3)}`);
console.log(`mock start-up (create + listen + first /healthz): median ${median(startups).toFixed(1)} ms over ${startups.length}`);
