// The span store under a large load (issue "the mock's house": a compact span store): the `phoenix-mock` CLI, as
// users run it, holding 400,000 typical spans (10 attributes of mixed kinds and one event each, 500 per request):
//   - RSS per stored span once ingest has gone quiet (the CLI compacts its heap then, src/server/heap.ts);
//   - ingest with 400,000 stored against ingest into a store that stays small (a second CLI, bounded at 20,000),
//     in alternating rounds of 20 requests each: work per request must not grow with what is stored.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ROUNDS, progress, ratios, row, summary } from "./lib/common.mjs";

const STORED = Number(process.env.BENCH_STORE_SPANS ?? 400_000);
const PER_REQUEST = 500;
const ROUND_REQUESTS = 20;
const CLI = fileURLToPath(new URL("../packages/phoenix-mock/dist/cli.js", import.meta.url));

/** A request body of 500 typical spans; each call gives new span ids. */
function typicalBodies() {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": "typical", "openinference.project.name": "typical" }), spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer("typical");
  for (let i = 0; i < PER_REQUEST; i++) {
    const span = tracer.startSpan(`GET /api/items/${i % 50}`, {
      attributes: { "http.method": "GET", "http.route": "/api/items/:id", "http.status_code": 200, "net.peer.name": "example.internal", "user.id": `user-${i % 1000}`, "request.size": 1234.5, "cache.hit": i % 2 === 0, tags: ["a", "b"], "service.version": "1.2.3", "llm.token_count.total": 42 },
    });
    span.addEvent("handled", { step: "done" });
    span.end();
  }
  const spans = memory.getFinishedSpans();
  const template = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
  const offsets = spans.map((span) => template.indexOf(Buffer.from(span.spanContext().spanId, "hex")));
  let serial = 0;
  return () => {
    const body = Buffer.from(template);
    serial += 1;
    for (const offset of offsets) body.writeUInt32BE(serial, offset);
    offsets.forEach((offset, i) => body.writeUInt32BE(i, offset + 4));
    return body;
  };
}

async function startCli(maxSpans) {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--grpc-port", "0", "--quiet", "--max-spans", String(maxSpans)], { stdio: ["pipe", "pipe", "ignore"] });
  const port = await new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = /^http:\/\/127\.0\.0\.1:(\d+)$/m.exec(out);
      if (found) resolve(Number(found[1]));
    });
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, path: "/v1/traces", method: "POST", agent, headers: { "content-type": "application/x-protobuf", "content-length": body.length } }, (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
      });
      request.on("error", reject);
      request.end(body);
    });
  const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;
  return { post, rssMb, stop: () => (agent.destroy(), child.kill()) };
}

const next = typicalBodies();
const small = await startCli(20_000);
const large = await startCli(STORED + ROUNDS * ROUND_REQUESTS * PER_REQUEST + PER_REQUEST);
try {
  const startMb = large.rssMb();
  progress(`store: filling a phoenix-mock CLI with ${STORED} typical spans`);
  for (let sent = 0; sent < STORED; sent += PER_REQUEST) await large.post(next());
  for (let sent = 0; sent < 20_000; sent += PER_REQUEST) await small.post(next());
  await new Promise((resolve) => setTimeout(resolve, 3000)); // quiet: the CLI compacts its heap after a second
  const fullMb = large.rssMb();
  row({ group: "span store", name: `phoenix-mock CLI: RSS with ${STORED.toLocaleString("en-US")} typical spans stored`, value: fullMb, unit: "MB", goal: { op: "<=", target: 600, of: "value" }, note: `started at ${startMb.toFixed(0)} MB; 10 attributes and 1 event a span` });
  row({ group: "span store", name: "phoenix-mock CLI: RSS per stored span", value: ((fullMb - startMb) * 1024 * 1024) / STORED, unit: "bytes", goal: { op: "<=", target: 1536, of: "value" }, note: "RSS growth over the spans stored, once ingest has gone quiet" });
  const rate = async (cli) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < ROUND_REQUESTS; i++) await cli.post(next());
    return (ROUND_REQUESTS * PER_REQUEST) / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  const rounds = { small: [], large: [] };
  for (let r = 0; r < ROUNDS; r++) {
    progress(`store: ingest round ${r + 1}/${ROUNDS}`);
    for (const name of r % 2 ? ["large", "small"] : ["small", "large"]) rounds[name].push(await rate(name === "small" ? small : large));
  }
  row({ group: "span store", name: "ingest, store bounded at 20,000", value: summary(rounds.small), unit: "spans/s", note: `${ROUND_REQUESTS} requests of ${PER_REQUEST} spans a round` });
  row({
    group: "span store",
    name: `ingest with ${STORED.toLocaleString("en-US")} stored vs a small store`,
    value: summary(rounds.large),
    unit: "spans/s",
    ratio: summary(ratios(rounds.large, rounds.small)),
    baseline: "store bounded at 20,000",
    goal: { op: ">=", target: 0.8 },
  });
} finally {
  small.stop();
  large.stop();
}
