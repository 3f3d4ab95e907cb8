// npm run bench: runs every bench/*.bench.mjs in its own process, one after the other (the machine is small), collects
// their result rows and prints one table. `npm run bench -- --write` also replaces the table in BENCHMARKS.md.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.mjs") && (only.length === 0 || only.some((o) => f.startsWith(o))))
  .sort();
const ORDER = ["install", "cold start", "tracing overhead", "mock ingest", "span store", "real Phoenix", "scenario latency", "memory", "server heap"];

function runFile(file) {
  return new Promise((resolve) => {
    const rows = [];
    const child = spawn(process.execPath, ["--expose-gc", "--max-old-space-size=4096", `${dir}${file}`], { stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith("BENCHROW ")) rows.push(JSON.parse(line.slice(9)));
        else process.stderr.write(`${line}\n`);
      }
    });
    child.on("exit", (code, signal) => resolve({ rows, failed: code !== 0 ? (signal ?? `exit ${code}`) : undefined }));
  });
}

const fmt = (value, unit) => {
  if (unit === "spans/s" || unit === "bytes" || unit === "MB" || unit === "packages") return Math.round(value).toLocaleString("en-US");
  if (unit === "s") return value.toFixed(1);
  return value.toFixed(unit === "ms" || unit === "µs/span" ? 1 : 3);
};
const range = (s, unit, f = fmt) => (typeof s === "number" ? f(s, unit) : `${f(s.median, unit)} (${f(s.min, unit)}–${f(s.max, unit)})`);
const ratioFmt = (v) => v.toFixed(2);

function met(r) {
  if (!r.goal) return "";
  const subject = r.goal.of === "value" ? (typeof r.value === "number" ? r.value : r.value.median) : r.ratio?.median;
  if (subject === undefined) return "";
  const ok = r.goal.op === ">=" ? subject >= r.goal.target : r.goal.op === "<=" ? subject <= r.goal.target : subject < r.goal.target;
  return ok ? "yes" : "**no**";
}
const goalText = (r) => (r.goal ? `${{ ">=": "≥", "<=": "≤" }[r.goal.op] ?? "<"} ${r.goal.target}${r.goal.of === "value" ? ` ${r.unit}` : "×"}` : "");

const started = new Date();
const load0 = loadavg()[0];
const all = [];
const failures = [];
for (const file of files) {
  process.stderr.write(`== bench/${file}\n`);
  const t0 = performance.now();
  const { rows, failed } = await runFile(file);
  process.stderr.write(`   ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  all.push(...rows);
  if (failed) failures.push(`bench/${file} failed (${failed})`);
}
all.sort((a, b) => ORDER.indexOf(a.group) - ORDER.indexOf(b.group));

const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m)?.[1] ?? "unknown CPU";
const minutes = ((Date.now() - started.getTime()) / 60000).toFixed(1);
const lines = [
  `Run ${started.toISOString()} · node ${process.version} · ${availableParallelism()} cores (nproc) · ${cpu} · load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end · ${minutes} min`,
  "",
  "| Group | Measurement | Result: median (min–max) | Unit | Ratio: median (min–max) | Against | Goal | Met | Notes |",
  "|---|---|---|---|---|---|---|---|---|",
  ...all.map((r) =>
    r.name === "skipped"
      ? `| ${r.group} | skipped | | | | | | | ${r.note} |`
      : `| ${r.group} | ${r.name} | ${range(r.value, r.unit)} | ${r.unit} | ${r.ratio ? range(r.ratio, "", ratioFmt) : ""} | ${r.baseline ?? ""} | ${goalText(r)} | ${met(r)} | ${r.note ?? ""} |`,
  ),
  ...failures.map((f) => `\n${f}`),
];
const table = lines.join("\n");
process.stdout.write(`${table}\n`);
if (process.argv.includes("--write")) {
  const path = `${dir}../BENCHMARKS.md`;
  const text = readFileSync(path, "utf8");
  const begin = "<!-- bench:begin -->";
  const end = "<!-- bench:end -->";
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`BENCHMARKS.md has no ${begin} ... ${end} section`);
  writeFileSync(path, `${text.slice(0, a + begin.length)}\n${table}\n${text.slice(b)}`);
  process.stderr.write("BENCHMARKS.md updated\n");
}
process.exitCode = failures.length === 0 ? 0 : 1;
