// Cold start: what a process pays before and after its work when tracing is on, i.e. import + register() (or the
// hand-wired equivalent) + shutdown(), measured inside a fresh process (Node's own start excluded), for three setups
// installed in scratch apps by each Node version's own npm, as a user would:
//   bare SDK   @opentelemetry/api, sdk-trace, exporter-trace-otlp-proto, resources, context-async-hooks, wired by hand
//              (TracerProvider + BatchSpanProcessor + OTLPTraceExporter, global provider and context manager)
//   ours       npm install <phoenix-otel-auth.tgz>; register({ url, projectName }) (a plain app: no AI SDK installed)
//   theirs     npm install @arizeai/phoenix-otel; register({ url, projectName })
// Rounds alternate the setups, each a fresh process; Node 20 and 24. Ratios against the bare SDK, per round.
//   npm run bench -- coldstart        (BENCH_ROUNDS, default 5)
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROUNDS, progress, ratios, row, summary } from "./lib/common.mjs";
import { nodeBinary, scratchApp, tarballs } from "./lib/scratch.mjs";

const URL_ = "http://127.0.0.1:9/v1/traces"; // nothing is exported: no span is made
// Ours and theirs: the one-line setup each README shows.
const registerScript = (pkg) => `
    const t0 = performance.now();
    const { register } = await import("${pkg}");
    const provider = register({ url: "${URL_}", projectName: "cold" });
    await provider.shutdown();
    console.log(performance.now() - t0);`;
const SCRIPTS = {
  "bare SDK": `
    const t0 = performance.now();
    const { trace, context } = await import("@opentelemetry/api");
    const { TracerProvider, BatchSpanProcessor } = await import("@opentelemetry/sdk-trace");
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
    const { resourceFromAttributes } = await import("@opentelemetry/resources");
    const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ "openinference.project.name": "cold" }),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: "${URL_}" }) })],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    await provider.shutdown();
    console.log(performance.now() - t0);`,
  "phoenix-otel-auth": registerScript("phoenix-otel-auth"),
  "@arizeai/phoenix-otel": registerScript("@arizeai/phoenix-otel"),
};

for (const version of [20, 24]) {
  const node = nodeBinary(version);
  const actual = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  progress(`cold start: installing the three setups with node ${actual}'s npm`);
  const apps = {
    "bare SDK": scratchApp("bare", ["@opentelemetry/api", "@opentelemetry/sdk-trace", "@opentelemetry/exporter-trace-otlp-proto", "@opentelemetry/resources", "@opentelemetry/context-async-hooks"], node),
    "phoenix-otel-auth": scratchApp("ours", [tarballs().ours], node),
    "@arizeai/phoenix-otel": scratchApp("theirs", ["@arizeai/phoenix-otel"], node),
  };
  for (const [name, dir] of Object.entries(apps)) writeFileSync(join(dir, "cold.mjs"), SCRIPTS[name]);
  const once = (name) => {
    const run = spawnSync(node, ["cold.mjs"], { cwd: apps[name], encoding: "utf8", env: { ...process.env, PHOENIX_API_KEY: "" } });
    const ms = Number(run.stdout.trim().split("\n").at(-1));
    if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`${name} on ${actual}: ${run.stderr.slice(-400)}`);
    return ms;
  };
  for (const name of Object.keys(apps)) once(name); // warm the file-system cache
  const results = Object.fromEntries(Object.keys(apps).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    progress(`cold start (node ${actual}): round ${r + 1}/${ROUNDS}`);
    for (const name of Object.keys(apps)) results[name].push(once(name));
  }
  const base = results["bare SDK"];
  for (const [name, times] of Object.entries(results)) {
    row({
      group: "cold start",
      name: `${name}: import + register() + shutdown() (node ${actual})`,
      value: summary(times),
      unit: "ms",
      ...(name === "bare SDK" ? {} : { ratio: summary(ratios(times, base)), baseline: "bare SDK" }),
      ...(name === "phoenix-otel-auth" ? { goal: { op: "<", target: 1.15 } } : {}),
      note: "fresh process per round; Node's own start-up excluded",
    });
  }
}
