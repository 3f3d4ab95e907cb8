// Tracing overhead: the same app (spans with 10 string attributes, a forceFlush every 1,024 spans so that no setup's
// 2,048-span queue drops any) traced by three setups exporting to the same sink (a mock Phoenix in another process):
//   hand-wired  NodeTracerProvider + BatchSpanProcessor + OTLPTraceExporter (the baseline)
//   ours        phoenix-otel-auth register() as a plain app installs it (the packed tarball in a scratch app: no
//               @arizeai/openinference-vercel, so no AI SDK translation), and from this repository, where that optional
//               peer is installed and every span passes the translation (what an AI SDK app pays)
//   arize       @arizeai/phoenix-otel register()
// Per round and setup: spans/s (wall), CPU µs per span of this process (user + system), and spans delivered to the sink.
// Rounds alternate the setups (in reverse order every other round, each from a collected heap); medians and min-max
// over rounds.
// Then AI SDK spans: real Vercel AI SDK spans (bench/lib/ai-spans.mjs), replayed through hand-wired (no translation),
// ours from this repository (the translation installed) and @arizeai/phoenix-otel (which always translates), each
// round in a process of its own after a warm-up (bench/lib/ai-round.mjs): in one shared process the translation's code
// sees the spans of two SDK copies, and whichever setup runs on it pays for the other's polymorphism.
import { fork } from "node:child_process";
import { register as arizeRegister } from "@arizeai/phoenix-otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { register } from "phoenix-otel-auth";
import { writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordAiSpans, replay } from "./lib/ai-spans.mjs";
import { ROUNDS, SPAN_ATTRIBUTES, progress, ratios, row, summary } from "./lib/common.mjs";
import { scratchApp, tarballs } from "./lib/scratch.mjs";

progress("tracing: installing phoenix-otel-auth from its tarball in a scratch app");
const installed = await import(join(scratchApp("tracing", [tarballs().ours]), "node_modules/phoenix-otel-auth/dist/index.js"));

const SPANS = Number(process.env.BENCH_TRACING_SPANS ?? 20_000);
const FLUSH_EVERY = 1024;

const sink = fork(new URL("./lib/sink.mjs", import.meta.url));
const ask = (message) =>
  new Promise((resolve) => {
    sink.once("message", resolve);
    if (message) sink.send(message);
  });
const { url } = await ask();

const setups = {
  "hand-wired": () => new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))] }),
  "phoenix-otel-auth register()": () => installed.register({ url, global: false, flushOnExit: false, logger: { warn: (m) => process.stderr.write(`${m}\n`) } }, {}),
  "phoenix-otel-auth register(), AI SDK translation installed": () => register({ url, global: false, flushOnExit: false, logger: { warn: (m) => process.stderr.write(`${m}\n`) } }, {}),
  "@arizeai/phoenix-otel register()": () => arizeRegister({ url: `${url}/v1/traces`, projectName: "bench", global: false, batch: true }),
};

const plainSpans = async (tracer, provider) => {
  for (let i = 0; i < SPANS; i++) {
    tracer.startSpan("bench-span", { attributes: SPAN_ATTRIBUTES }).end();
    if ((i + 1) % FLUSH_EVERY === 0) await provider.forceFlush();
  }
  return SPANS;
};

async function round(makeProvider, work = plainSpans) {
  await ask("reset");
  globalThis.gc?.(); // no setup pays for the garbage of the one before (bench/run.mjs runs this with --expose-gc)
  const provider = makeProvider();
  const tracer = provider.getTracer("bench");
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const count = await work(tracer, provider);
  await provider.forceFlush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  await provider.shutdown();
  const { count: delivered } = await ask("count");
  return { spansPerSecond: count / seconds, cpuMicrosPerSpan: (cpu.user + cpu.system) / count, delivered };
}

/** A warm-up of each setup, then ROUNDS alternating rounds of `work`; every other round in reverse order, so no setup always follows the same one. */
async function measure(chosen, work, label) {
  for (const make of Object.values(chosen)) await round(make, work); // warm-up
  const measured = Object.fromEntries(Object.keys(chosen).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    progress(`tracing: ${label}, round ${r + 1}/${ROUNDS}`);
    const order = r % 2 ? Object.keys(chosen).reverse() : Object.keys(chosen);
    for (const name of order) measured[name].push(await round(chosen[name], work));
  }
  return measured;
}

/** The row "ours vs theirs: CPU per span": theirs' CPU per span over ours, per round. */
function cpuAgainstTheirs(measured, name, target) {
  const cpu = (setup) => measured[setup].map((r) => r.cpuMicrosPerSpan);
  row({
    group: "tracing overhead",
    name,
    value: summary(cpu("phoenix-otel-auth register()")),
    unit: "µs/span",
    ratio: summary(ratios(cpu("@arizeai/phoenix-otel register()"), cpu("phoenix-otel-auth register()"))),
    baseline: "@arizeai/phoenix-otel CPU/span ÷ this",
    goal: { op: ">=", target },
  });
}

const results = await measure(setups, plainSpans, `${SPANS} plain spans per setup`);

const base = results["hand-wired"];
const goals = { "phoenix-otel-auth register()": 0.95 };
for (const [name, rounds] of Object.entries(results)) {
  const rate = rounds.map((r) => r.spansPerSecond);
  const delivered = rounds.map((r) => r.delivered);
  const cpu = summary(rounds.map((r) => r.cpuMicrosPerSpan));
  row({
    group: "tracing overhead",
    name,
    value: summary(rate),
    unit: "spans/s",
    ...(name === "hand-wired" ? {} : { ratio: summary(ratios(rate, base.map((r) => r.spansPerSecond))), baseline: "hand-wired" }),
    ...(goals[name] ? { goal: { op: ">=", target: goals[name] } } : {}),
    note: `CPU ${cpu.median.toFixed(1)} µs/span (${cpu.min.toFixed(1)}–${cpu.max.toFixed(1)}); delivered ${Math.min(...delivered)}–${Math.max(...delivered)} of ${SPANS}`,
  });
}
// CPU efficiency: the baseline's CPU per span over this setup's, per round (1.0: costs the same CPU as hand-wired).
for (const name of ["phoenix-otel-auth register()", "phoenix-otel-auth register(), AI SDK translation installed", "@arizeai/phoenix-otel register()"]) {
  const cpu = results[name].map((r) => r.cpuMicrosPerSpan);
  row({
    group: "tracing overhead",
    name: `${name}: CPU efficiency`,
    value: summary(cpu),
    unit: "µs/span",
    ratio: summary(ratios(base.map((r) => r.cpuMicrosPerSpan), cpu)),
    baseline: "hand-wired CPU/span ÷ this",
    ...(goals[name] ? { goal: { op: ">=", target: goals[name] } } : {}),
  });
}
const arize = results["@arizeai/phoenix-otel register()"].map((r) => r.spansPerSecond);
const ours = results["phoenix-otel-auth register()"].map((r) => r.spansPerSecond);
row({
  group: "tracing overhead",
  name: "phoenix-otel-auth vs @arizeai/phoenix-otel",
  value: summary(ours),
  unit: "spans/s",
  ratio: summary(ratios(ours, arize)),
  baseline: "@arizeai/phoenix-otel",
  goal: { op: ">=", target: 1.0 },
  note: `CPU per span ratio (arize / ours): ${summary(
    ratios(
      results["@arizeai/phoenix-otel register()"].map((r) => r.cpuMicrosPerSpan),
      results["phoenix-otel-auth register()"].map((r) => r.cpuMicrosPerSpan),
    ),
  ).median.toFixed(3)}`,
});
// The anchor's CPU per span over ours, per round (issue goal: ours at least 10% cheaper for a plain app).
cpuAgainstTheirs(results, "phoenix-otel-auth vs @arizeai/phoenix-otel: CPU per span", 1.1);

// AI SDK spans: the translation's price, ours against theirs (issue goal: ours costs no more CPU per span than theirs).
progress("tracing: recording the AI SDK app's spans");
const recorded = await recordAiSpans();
const REPLAYS = Math.ceil(SPANS / 2 / recorded.count);
const aiSetups = ["hand-wired (no translation)", "phoenix-otel-auth register()", "@arizeai/phoenix-otel register()"];
const recordedFile = join(tmpdir(), `ai-spans-${process.pid}.json`);
writeFileSync(recordedFile, JSON.stringify(recorded));
/** One round of `setup` in a process of its own (bench/lib/ai-round.mjs); the sink counts what it delivered. */
async function aiRound(setup) {
  const child = fork(new URL("./lib/ai-round.mjs", import.meta.url), [setup, recordedFile, url, String(REPLAYS), String(Math.floor(FLUSH_EVERY / recorded.count))], {
    execArgv: ["--expose-gc"],
  });
  const next = () => new Promise((resolve) => child.once("message", resolve));
  await next(); // warmed up
  await ask("reset");
  child.send("go");
  const result = await next();
  await new Promise((resolve) => child.once("exit", resolve));
  const { count: delivered } = await ask("count");
  return { ...result, delivered };
}
const ai = Object.fromEntries(aiSetups.map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  progress(`tracing: ${REPLAYS * recorded.count} AI SDK spans per setup, a process per round, round ${r + 1}/${ROUNDS}`);
  for (const name of r % 2 ? [...aiSetups].reverse() : aiSetups) ai[name].push(await aiRound(name));
}
rmSync(recordedFile, { force: true });
const aiBase = ai["hand-wired (no translation)"];
for (const [name, rounds] of Object.entries(ai)) {
  const cpu = summary(rounds.map((r) => r.cpuMicrosPerSpan));
  const delivered = rounds.map((r) => r.delivered);
  row({
    group: "tracing overhead",
    name: `AI SDK spans: ${name}`,
    value: summary(rounds.map((r) => r.spansPerSecond)),
    unit: "spans/s",
    ...(rounds === aiBase ? {} : { ratio: summary(ratios(rounds.map((r) => r.spansPerSecond), aiBase.map((r) => r.spansPerSecond))), baseline: "hand-wired (no translation)" }),
    note: `CPU ${cpu.median.toFixed(1)} µs/span (${cpu.min.toFixed(1)}–${cpu.max.toFixed(1)}); delivered ${Math.min(...delivered)}–${Math.max(...delivered)} of ${REPLAYS * recorded.count}`,
  });
}
cpuAgainstTheirs(ai, "AI SDK spans: phoenix-otel-auth vs @arizeai/phoenix-otel: CPU per span", 1.0);
sink.kill();
