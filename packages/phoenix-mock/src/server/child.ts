// A `phoenix-mock` server in a child process, for a test runner's global setup/teardown (vitest `globalSetup`, Jest
// `globalSetup`/`globalTeardown`): its URL once listening, and a stop() that always ends it. The child itself exits when
// this process dies or its stdin closes (see src/cli/serve.ts), so a crashed or killed runner leaves no server behind.
import { usageOptions } from "../args.js";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MockUsageError } from "../errors.js";
import { MOCK_NODE_FLAGS } from "./node-flags.js";

/** The options of `startMockServer()`. */
export interface StartMockServerOptions {
  /**
   * The `phoenix serve` variables for the server (PHOENIX_ENABLE_AUTH, PHOENIX_SECRET, PHOENIX_ADMIN_SECRET,
   * PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD, ...). Default `{}`: the runner's own environment is not passed on.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Log each request to this process's stderr. Default `false`. */
  logRequests?: boolean;
  /** How long to wait for the server to listen. Default 15000 ms. */
  timeoutMs?: number;
}

/** A `phoenix-mock` server in a child process, as `startMockServer()` resolves it. */
export interface MockServerProcess {
  /** `http://host:port`, as printed by `phoenix-mock`. */
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

function cliPath(): string {
  // dist/index.js, dist/index.cjs and their chunks sit next to dist/cli.js.
  const path = fileURLToPath(new URL("./cli.js", import.meta.url));
  if (!existsSync(path)) throw new MockUsageError(`startMockServer: the phoenix-mock CLI is missing at ${path}; reinstall phoenix-mock.`);
  return path;
}

function checkOptions(options: StartMockServerOptions): void {
  const { port, timeoutMs, host, env } = usageOptions("startMockServer", "options", options) ?? {};
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new MockUsageError(`startMockServer: option \`port\` must be an integer from 0 to 65535, got: ${String(port)}`);
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0)) {
    throw new MockUsageError(`startMockServer: option \`timeoutMs\` must be a positive number of milliseconds, got: ${String(timeoutMs)}`);
  }
  if (host !== undefined && (typeof host !== "string" || host === "")) {
    throw new MockUsageError(`startMockServer: option \`host\` must be a non-empty string, got: ${String(host)}`);
  }
  if (env !== undefined && (typeof env !== "object" || env === null)) {
    throw new MockUsageError("startMockServer: option `env` must be an object of environment variables.");
  }
}

/** Starts `phoenix-mock` as a child of this process and resolves once it listens. */
export function startMockServer(options: StartMockServerOptions = {}): Promise<MockServerProcess> {
  checkOptions(options);
  // The CLI with V8's young generation capped (src/server/heap.ts): a flood's memory returns.
  const args = [...MOCK_NODE_FLAGS, cliPath(), "--port", String(options.port ?? 0), "--host", options.host ?? "127.0.0.1"];
  if (!options.logRequests) args.push("--quiet");
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    if (options.logRequests) process.stderr.write(chunk);
    stderr = (stderr + chunk).slice(-4000);
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(kill);
      }
      child.stdin.destroy();
    })();
    return stopping;
  };
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new MockUsageError(`startMockServer: phoenix-mock did not listen within ${options.timeoutMs ?? 15000} ms. Its stderr: ${stderr.trim()}`));
    }, options.timeoutMs ?? 15000);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({ url: stdout.slice(0, newline), pid: child.pid as number, stop });
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new MockUsageError(`startMockServer: phoenix-mock exited (${signal ?? code}) before listening: ${stderr.trim()}`));
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new MockUsageError(`startMockServer: cannot start phoenix-mock: ${error.message}`));
    });
  });
}
