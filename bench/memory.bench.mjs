// Memory: heap bytes per stored span for the documented shape (bench/lib/common.mjs: 10 string attributes of 20
// characters, name `span-N`, no events or links, unset status), and RSS after ingesting 1M such spans into the mock
// (in process, 512 per request) with no bound and with maxSpans = 100,000 (the CLI's default). Each measurement runs in
// a fresh child process (node --expose-gc), so nothing else is on its heap.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createMockPhoenix } from "phoenix-mock";
import { bodyFactory, progress, row } from "./lib/common.mjs";

const TOTAL = Number(process.env.BENCH_MEMORY_SPANS ?? 1_000_000);
const PER_SPAN_SAMPLE = 100_000;

async function child(spans, maxSpans) {
  const mock = createMockPhoenix(maxSpans ? { maxSpans } : {});
  const next = bodyFactory("memory");
  const headers = { "content-type": "application/x-protobuf" };
  global.gc();
  const before = process.memoryUsage();
  while (mock.spanStats().stored + mock.spanStats().evicted < spans) {
    await mock.request("/v1/traces", { method: "POST", headers, body: next() });
  }
  global.gc();
  global.gc();
  const after = process.memoryUsage();
  const { stored, evicted } = mock.spanStats();
  process.stdout.write(JSON.stringify({ stored, evicted, rss: after.rss, heapPerSpan: (after.heapUsed - before.heapUsed) / stored }));
}

if (process.argv[2] === "child") {
  await child(Number(process.argv[3]), Number(process.argv[4]));
} else {
  const run = (spans, maxSpans) => {
    const script = fileURLToPath(import.meta.url);
    const result = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=4096", script, "child", String(spans), String(maxSpans)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (result.status !== 0) throw new Error(`memory child exited ${result.status}`);
    return JSON.parse(result.stdout);
  };
  progress(`memory: ${PER_SPAN_SAMPLE} spans for bytes per span`);
  const sample = run(PER_SPAN_SAMPLE, 0);
  row({
    group: "memory",
    name: "heap bytes per stored span (10 string attributes of 20 chars)",
    value: sample.heapPerSpan,
    unit: "bytes",
    note: `${sample.stored} spans, heap after GC minus heap before`,
  });
  for (const maxSpans of [0, 100_000]) {
    progress(`memory: ${TOTAL} spans, maxSpans ${maxSpans || "none"}`);
    const result = run(TOTAL, maxSpans);
    row({
      group: "memory",
      name: `RSS after ${TOTAL.toLocaleString("en-US")} spans, ${maxSpans ? `maxSpans ${maxSpans.toLocaleString("en-US")}` : "no maxSpans"}`,
      value: result.rss / 1e6,
      unit: "MB",
      note: `${result.stored} stored, ${result.evicted} evicted`,
    });
  }
}
