import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { MOCK_CLI } from "../../../../test/helpers/paths.js";
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses every complete HTTP/1.1 response in `data` (content-length framing, as the mock and uvicorn send). */
export function parseResponses(data: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = data;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) return out;
    const [statusLine, ...lines] = rest.subarray(0, end).toString("latin1").split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    if (rest.length < end + 4 + length) return out;
    out.push({ status: Number(statusLine!.split(" ")[1]), headers, body: rest.subarray(end + 4, end + 4 + length).toString("utf8") });
    rest = rest.subarray(end + 4 + length);
  }
}

/**
 * Writes `chunks` to a fresh connection (each after the previous answer arrived, when `waitBetween`), and resolves
 * once `expect` responses were parsed, the server closed, or `timeoutMs` passed.
 */
export function exchange(
  port: number,
  chunks: (string | Buffer)[],
  options: { expect?: number; timeoutMs?: number; waitBetween?: boolean } = {},
): Promise<{ responses: RawResponse[]; closed: boolean; error?: string; elapsedMs: number[] }> {
  const { expect = chunks.length, timeoutMs = 10_000, waitBetween = false } = options;
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let sent = 0;
    let closed = false;
    let error: string | undefined;
    const started = Date.now();
    const elapsedMs: number[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(data), closed, error, elapsedMs });
    };
    const timer = setTimeout(finish, timeoutMs);
    const sendNext = () => {
      if (sent < chunks.length) socket.write(chunks[sent++]!);
    };
    socket.on("connect", () => {
      if (waitBetween) sendNext();
      else while (sent < chunks.length) sendNext();
    });
    socket.on("data", (chunk) => {
      const before = parseResponses(data).length;
      data = Buffer.concat([data, chunk]);
      const count = parseResponses(data).length;
      for (let i = before; i < count; i++) elapsedMs.push(Date.now() - started);
      if (count >= expect) return finish();
      if (waitBetween && count > before) sendNext();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => {
      closed = true;
      finish();
    });
  });
}

export interface MockProcess {
  child: ChildProcess;
  port: number;
  stderr(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/** Starts the built `phoenix-mock` CLI (dist/cli.js, as installed users run it) on a free port. */
export async function startMockCli(env: Record<string, string> = {}, args: string[] = []): Promise<MockProcess> {
  if (!existsSync(MOCK_CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first (npm test does).");
  const child = spawn(process.execPath, [MOCK_CLI, "--port", "0", "--quiet", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
    });
    void exit.then(() => reject(new Error(`phoenix-mock exited before listening: ${stderr}`)));
  });
  return {
    child,
    port: Number(new URL(url).port),
    stderr: () => stderr,
    alive: () => !exited && child.exitCode === null,
    stop: async () => {
      if (!exited) child.kill("SIGTERM");
      await exit;
    },
  };
}
