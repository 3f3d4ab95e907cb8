// Throughput of register()'s pipeline (PhoenixSpanProcessor + BatchSpanProcessor + the reporting exporter decorator +
// OTLPTraceExporter) against the baseline (NodeTracerProvider + BatchSpanProcessor + the same OTLPTraceExporter),
// to a loopback HTTP server, in the same run. Reports spans/s for each and the ratio (register / baseline).
// Rounds alternate between the two pipelines; the median round counts. Spans carry 10 string attributes.
import { createServer } from "node:http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { register } from "phoenix-otel-auth";

const SPANS_PER_ROUND = Number(process.env.BENCH_SPANS ?? 40_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FLUSH_EVERY = 1024; // below the 2048-span queue bound, so neither pipeline drops spans

let requests = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    requests += 1;
    res.writeHead(200, { "content-type": "application/x-protobuf" });
    res.end();
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}`;

const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`attr.${i}`, `value-${i}-`.padEnd(20, "x")]));

function baseline() {
  return new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))] });
}

function ours() {
  return register({ url, global: false, flushOnExit: false, logger: { warn: (m) => console.error(m) } }, {});
}

async function round(makeProvider) {
  const provider = makeProvider();
  const tracer = provider.getTracer("bench");
  const before = requests;
  const start = process.hrtime.bigint();
  for (let i = 0; i < SPANS_PER_ROUND; i++) {
    tracer.startSpan("bench-span", { attributes }).end();
    if ((i + 1) % FLUSH_EVERY === 0) await provider.forceFlush();
  }
  await provider.forceFlush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = provider.phoenix?.stats();
  await provider.shutdown();
  if (stats && (stats.exported !== SPANS_PER_ROUND || stats.dropped + stats.rejected > 0)) {
    throw new Error(`register() pipeline lost spans: ${JSON.stringify(stats)}`);
  }
  return { spansPerSecond: SPANS_PER_ROUND / seconds, requests: requests - before };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

await round(baseline); // warm-up: JIT, sockets
await round(ours);
const results = { baseline: [], register: [] };
for (let r = 0; r < ROUNDS; r++) {
  results.baseline.push(await round(baseline));
  results.register.push(await round(ours));
}
server.close();

const base = median(results.baseline.map((r) => r.spansPerSecond));
const mine = median(results.register.map((r) => r.spansPerSecond));
console.log(`spans per round: ${SPANS_PER_ROUND}, rounds: ${ROUNDS}, node ${process.version}`);
console.log(`baseline  (NodeTracerProvider + BatchSpanProcessor + OTLPTraceExporter): ${Math.round(base)} spans/s (median), requests/round ${results.baseline[0].requests}`);
console.log(`register() (same exporter, with counting, reporting and queue accounting): ${Math.round(mine)} spans/s (median), requests/round ${results.register[0].requests}`);
console.log(`ratio register/baseline: ${(mine / base).toFixed(3)}`);
