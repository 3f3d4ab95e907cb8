import type { IncomingMessage } from "node:http";
import { cleanEnv, startChild, type ChildRun } from "./child.js";
import { startFaultServer, type Fault, type FaultServer } from "./fault-server.js";

// Runs test/register/fixtures/fault-app.mjs (the built package) against a fault-injecting server and times its exit.
export const APP = "test/register/fixtures/fault-app.mjs";
export const FLUSH_MS = 1000;
export const BOUND_MS = FLUSH_MS + 500;
/** A batch delay short enough that an export is in flight while the app still works. */
export const EARLY = JSON.stringify({ scheduledDelayMillis: 50 });

let server: FaultServer | undefined;
/** The server of the current test (run() starts one unless setFaultServer gave it). */
export const faultServer = (): FaultServer | undefined => server;
export function setFaultServer(given: FaultServer): FaultServer {
  server = given;
  return given;
}
export async function closeFaultServer(): Promise<void> {
  await server?.close();
  server = undefined;
}

export interface FaultRun extends ChildRun {
  /**
   * From the app's "end" line to its 'exit' event, measured in the child; for a signal (no 'exit' event), from the
   * signal to the end of the process, measured here.
   */
  exitMs: number;
  stats?: { exported: number; rejected: number; dropped: number };
  shutdownMs?: number;
}

export type Mode = "beforeExit" | "signal" | "shutdown";

export async function run(
  plan: (i: number, req: IncomingMessage) => Fault,
  mode: Mode,
  env: Record<string, string> = {},
  hooks: { afterRegistered?: (s: FaultServer) => Promise<void>; beforeSignal?: (s: FaultServer) => Promise<void> } = {},
): Promise<FaultRun> {
  server ??= await startFaultServer(plan);
  const child = startChild([APP, mode], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: server.url, FLUSH_MS: String(FLUSH_MS), ...env }));
  await child.waitFor("registered");
  await hooks.afterRegistered?.(server);
  await child.waitFor("end");
  let from = Date.now();
  if (mode === "signal") {
    await hooks.beforeSignal?.(server);
    from = Date.now();
    child.kill("SIGTERM");
  }
  const result = await child.done;
  const inChild = /^exit (\d+)$/m.exec(result.stdout)?.[1];
  const exitMs = inChild !== undefined ? Number(inChild) : Date.now() - from;
  const stats = /stats (\{.*\})/.exec(result.stdout)?.[1];
  const done = /done (\d+)/.exec(result.stdout)?.[1];
  return { ...result, exitMs, ...(stats && { stats: JSON.parse(stats) }), ...(done && { shutdownMs: Number(done) }) };
}

