// One round of the AI SDK spans bench, in a process of its own (bench/tracing.bench.mjs forks it): the setup named in
// argv[2] replays the recorded AI SDK spans (JSON in argv[3]) `replays` times into the sink at argv[4], after a warm-up
// of a quarter as many, and reports its CPU per span. A process per round: no setup runs on code that another setup's
// spans made polymorphic, and no setup pays for another's garbage or compiled code.
import { readFileSync } from "node:fs";
import { register as arizeRegister } from "@arizeai/phoenix-otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { register } from "phoenix-otel-auth";
import { replay } from "./ai-spans.mjs";

const [setup, recordedFile, url, replaysText, flushEveryText] = process.argv.slice(2);
const recorded = JSON.parse(readFileSync(recordedFile, "utf8"));
const replays = Number(replaysText);
const flushEvery = Number(flushEveryText);
const make = {
  "hand-wired (no translation)": () => new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))] }),
  "phoenix-otel-auth register()": () => register({ url, global: false, flushOnExit: false, logger: { warn: (m) => process.stderr.write(`${m}\n`) } }, {}),
  "@arizeai/phoenix-otel register()": () => arizeRegister({ url: `${url}/v1/traces`, projectName: "bench", global: false, batch: true }),
}[setup];

async function run(provider, count) {
  const tracer = provider.getTracer("bench");
  for (let i = 0; i < count; i++) {
    replay(tracer, recorded);
    if ((i + 1) % flushEvery === 0) await provider.forceFlush();
  }
  await provider.forceFlush();
}

const warm = make();
await run(warm, Math.ceil(replays / 4));
await warm.shutdown();
process.send("warm");
await new Promise((resolve) => process.once("message", resolve)); // the sink was reset
globalThis.gc?.();
const provider = make();
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
await run(provider, replays);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpu0);
await provider.shutdown();
const count = replays * recorded.count;
process.send({ spansPerSecond: count / seconds, cpuMicrosPerSpan: (cpu.user + cpu.system) / count });
