// bin `phoenix-mock`: `serve` (the default) runs the mock Phoenix in the foreground; `start` and `stop` run it as a
// background service across CI steps (service.ts).
import { fileURLToPath } from "node:url";
import { SERVE_OPTIONS, fail, parseFlags, serve } from "./serve.js";

/** This file (dist/cli.js): `start` runs it again as `serve`. Shared code may sit in chunks; the entry does not. */
const CLI = fileURLToPath(import.meta.url);
const SERVICE_OPTIONS = { "state-file": { type: "string" }, timeout: { type: "string" } } as const;
const DEFAULT_STATE_FILE = ".phoenix-mock.json";
const DEFAULT_LOG_FILE = ".phoenix-mock.log";
// start/stop (and node:child_process) load only for those commands: `serve` starts with what serving needs.
const service = () => import("./service.js");

function millis(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) fail(`--timeout must be a positive whole number of milliseconds, got: ${value}`);
  return Number(value);
}

async function start(args: string[]): Promise<void> {
  const { values } = parseFlags(args, { ...SERVE_OPTIONS, ...SERVICE_OPTIONS, "log-file": { type: "string" } });
  const { "state-file": stateFile = DEFAULT_STATE_FILE, "log-file": logFile = DEFAULT_LOG_FILE, timeout, ...serveFlags } = values as Record<string, string | boolean | undefined>;
  if (serveFlags.help) return serve(["--help"]);
  // Repeatable flags (--fault) come as arrays: each value is passed on as its own flag.
  const serveArgs = Object.entries(serveFlags as Record<string, string | boolean | string[] | undefined>).flatMap(([name, value]) =>
    value === true ? [`--${name}`] : typeof value === "string" ? [`--${name}`, value] : Array.isArray(value) ? value.flatMap((v) => [`--${name}`, v]) : [],
  );
  const state = await (await service()).startService(CLI, serveArgs, stateFile as string, logFile as string, millis(timeout as string | undefined, 30_000));
  process.stdout.write(`${state.url}\n`);
  process.stderr.write(`phoenix-mock: started at ${state.url} (pid ${state.pid}); output in ${state.log}; \`phoenix-mock stop\` ends it\n`);
}

async function stop(args: string[]): Promise<void> {
  const { values } = parseFlags(args, SERVICE_OPTIONS);
  const stateFile = (values["state-file"] as string | undefined) ?? DEFAULT_STATE_FILE;
  const state = await (await service()).stopService(stateFile, millis(values.timeout as string | undefined, 5000));
  process.stderr.write(state ? `phoenix-mock: stopped the server at ${state.url} (pid ${state.pid})\n` : `phoenix-mock: no ${stateFile}, so no server to stop\n`);
}

// The contract suite (and what it loads: its cases, the recorded answers) loads only for `check`.
const check = async (args: string[]) => (await import("./check.js")).check(args);

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { serve, start, stop, check };

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const command = first !== undefined && !first.startsWith("-") ? first : "serve";
  const run = COMMANDS[command];
  if (!run) fail(`unknown command: ${command}. Commands: ${Object.keys(COMMANDS).join(", ")}; run phoenix-mock --help for usage.`);
  await run(command === first ? rest : argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`phoenix-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
