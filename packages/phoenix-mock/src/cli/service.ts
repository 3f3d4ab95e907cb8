// `phoenix-mock start` / `phoenix-mock stop`: the server as a background service across the steps of a CI job. `start`
// runs `phoenix-mock serve` detached (its own session, output to a log file, no parent watch), waits until it answers
// GET /healthz, prints its URL and writes a state file; `stop` ends the server that file names.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { MOCK_NODE_FLAGS } from "../server/node-flags.js";

import { DETACHED_VARIABLE } from "./detached.js";

export interface ServiceState {
  pid: number;
  url: string;
  log: string;
  startedAt: string;
}

export class ServiceError extends Error {}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readState(file: string): ServiceState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as ServiceState;
    if (Number.isInteger(state.pid) && typeof state.url === "string") return state;
  } catch {
    // Not ours, or cut short: reported below as unreadable.
  }
  throw new ServiceError(`${file} is not a phoenix-mock state file; remove it or pass another --state-file`);
}

const lastLines = (log: string) => (existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n").slice(-8).join("\n") : "(no output)");

/** Starts the server (`node <cli> serve …serveArgs`) detached; resolves with its state once GET /healthz answers 200. */
export async function startService(cli: string, serveArgs: string[], stateFile: string, logFile: string, timeoutMs: number): Promise<ServiceState> {
  const running = readState(stateFile);
  if (running && alive(running.pid)) {
    throw new ServiceError(`a phoenix-mock from ${stateFile} is already running at ${running.url} (pid ${running.pid}); run \`phoenix-mock stop\` first or pass another --state-file`);
  }
  const log = resolve(logFile);
  writeFileSync(log, "");
  const fd = openSync(log, "a");
  const child = spawn(process.execPath, [...MOCK_NODE_FLAGS, cli, "serve", ...serveArgs], {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, [DETACHED_VARIABLE]: "1" },
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (Date.now() < deadline) {
    if (!alive(pid) || child.exitCode !== null) throw new ServiceError(`the server exited before it was ready; its output (${log}):\n${lastLines(log)}`);
    url ??= /^(https?:\/\/\S+)$/m.exec(readFileSync(log, "utf8"))?.[1];
    if (url) {
      const healthy = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
      if (healthy) {
        const state: ServiceState = { pid, url, log, startedAt: new Date().toISOString() };
        writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
        return state;
      }
    }
    await sleep(50);
  }
  process.kill(pid, "SIGKILL");
  throw new ServiceError(`the server did not answer GET /healthz within ${timeoutMs} ms (--timeout); its output (${log}):\n${lastLines(log)}`);
}

/** Stops the server of `stateFile` (SIGTERM, then SIGKILL after `timeoutMs`); undefined when none was running. */
export async function stopService(stateFile: string, timeoutMs: number): Promise<ServiceState | undefined> {
  const state = readState(stateFile);
  if (!state) return undefined;
  if (alive(state.pid)) {
    process.kill(state.pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (alive(state.pid) && Date.now() < deadline) await sleep(25);
    if (alive(state.pid)) process.kill(state.pid, "SIGKILL");
  }
  rmSync(stateFile, { force: true });
  return state;
}
