/**
 * The servers the conformance suite runs against.
 *
 * - `mock-msw`: the mock Phoenix in this process, reached through MSW's interception of fetch / node:http.
 * - `mock-server`: the `phoenix-mock` CLI (`node dist/cli.js --port 0`) in a child process, over a real socket.
 * - `real`: any Phoenix given by environment (`PHOENIX_CONFORMANCE_URL`, `PHOENIX_CONFORMANCE_SECRET`,
 *   `PHOENIX_CONFORMANCE_ADMIN_SECRET`; `scripts/real-phoenix.sh` starts a throwaway one and sets them).
 *
 * `PHOENIX_CONFORMANCE_TARGETS` (comma list) selects them; the default is both mocks, plus `real` when
 * `PHOENIX_CONFORMANCE_URL` is set.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { NOAUTH_MAX_SPANS_QUEUE_SIZE, phoenixEnv, urlTarget, type Target, type TargetName } from "../../src/contract/target.js";

export { phoenixEnv, type Target, type TargetName };

export const TARGET_NAMES: readonly TargetName[] = ["mock-msw", "mock-server", "real"];

export const REAL_SKIP_MESSAGE =
  "real Phoenix target skipped: set PHOENIX_CONFORMANCE_URL, PHOENIX_CONFORMANCE_SECRET and PHOENIX_CONFORMANCE_ADMIN_SECRET " +
  "to run the suite against a Phoenix server (scripts/real-phoenix.sh does this: scripts/real-phoenix.sh -- npm run conformance)";

/** Which targets this run covers. Throws on unknown names, so a typo in CI cannot silently skip a target. */
export function selectedTargets(env: NodeJS.ProcessEnv = process.env): TargetName[] {
  const raw = env.PHOENIX_CONFORMANCE_TARGETS?.trim();
  if (!raw) return env.PHOENIX_CONFORMANCE_URL ? ["mock-msw", "mock-server", "real"] : ["mock-msw", "mock-server"];
  const names = raw.split(",").map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!TARGET_NAMES.includes(name as TargetName)) {
      throw new Error(`PHOENIX_CONFORMANCE_TARGETS: unknown target ${JSON.stringify(name)} (known: ${TARGET_NAMES.join(", ")})`);
    }
  }
  return names as TargetName[];
}

export { generateSecret };

export function realTarget(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const url = env.PHOENIX_CONFORMANCE_URL?.trim();
  if (!url) return undefined;
  const secret = env.PHOENIX_CONFORMANCE_SECRET ?? "";
  const adminSecret = env.PHOENIX_CONFORMANCE_ADMIN_SECRET ?? "";
  if (!secret || !adminSecret) {
    throw new Error("PHOENIX_CONFORMANCE_URL is set, but PHOENIX_CONFORMANCE_SECRET and PHOENIX_CONFORMANCE_ADMIN_SECRET are required too");
  }
  return urlTarget({
    url,
    secret,
    adminSecret,
    adminPassword: env.PHOENIX_CONFORMANCE_ADMIN_PASSWORD ?? "admin",
    noAuthUrl: env.PHOENIX_CONFORMANCE_NOAUTH_URL,
    grpcPort: portOf(env.PHOENIX_CONFORMANCE_GRPC_PORT),
    noAuthGrpcPort: portOf(env.PHOENIX_CONFORMANCE_NOAUTH_GRPC_PORT),
    noAuthMaxSpansQueueSize: portOf(env.PHOENIX_CONFORMANCE_NOAUTH_MAX_SPANS_QUEUE_SIZE),
  });
}

function portOf(value: string | undefined): number | undefined {
  return value && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The `phoenix-mock` CLI in a child process; resolves with its URL (the one stdout line it prints). */
async function startCli(env: Record<string, string>, flags: string[] = []): Promise<{ url: string; grpcPort: number; child: ChildProcess; stderr: () => string }> {
  const cli = `${ROOT}dist/cli.js`;
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm run conformance does)`);
  const child = spawn(process.execPath, [cli, "--port", "0", "--grpc-port", "0", ...flags], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`phoenix-mock exited with code ${String(code)} before printing its URL: ${stderr.trim()}`);
  });
  const first = new Promise<string>((resolve) => lines.once("line", resolve));
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`phoenix-mock printed no URL within 20 s: ${stderr.trim()}`)), 20_000);
    timer.unref();
  });
  const line = await Promise.race([first, exited, timeout]);
  lines.close();
  const url = line.trim();
  if (!/^https?:\/\//.test(url)) throw new Error(`phoenix-mock printed ${JSON.stringify(url)} instead of its URL`);
  // The CLI logs "OTLP/gRPC on http://host:port" on stderr before it prints its URL; the pipe may deliver it later.
  for (let i = 0; i < 100 && !/OTLP\/gRPC on \S+:(\d+)/.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
  const grpc = /OTLP\/gRPC on \S+:(\d+)/.exec(stderr);
  if (!grpc) throw new Error(`phoenix-mock logged no OTLP/gRPC port: ${stderr.trim()}`);
  return { url: url.replace(/\/+$/, ""), grpcPort: Number(grpc[1]), child, stderr: () => stderr };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

export function mockServerTarget(): Target {
  const secret = generateSecret();
  const adminSecret = generateSecret();
  const children: ChildProcess[] = [];
  const target: Target = {
    name: "mock-server",
    baseUrl: "",
    secret,
    adminSecret,
    adminPassword: "admin",
    noAuthUrl: undefined,
    fetch: (input, init) => fetch(input, init),
    async start() {
      // The auth-off server serves the control route (it takes the admin secret, also with auth off) to hold its inserts.
      const [auth, noAuth] = await Promise.all([
        startCli(phoenixEnv(true, secret, adminSecret)),
        startCli({ ...phoenixEnv(false, secret, adminSecret), PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: adminSecret }, ["--control"]),
      ]);
      children.push(auth.child, noAuth.child);
      target.baseUrl = auth.url;
      target.noAuthUrl = noAuth.url;
      target.grpcPort = auth.grpcPort;
      target.noAuthGrpcPort = noAuth.grpcPort;
      target.noAuthMaxSpansQueueSize = NOAUTH_MAX_SPANS_QUEUE_SIZE;
      target.holdInserts = async (hold) => {
        const answer = await fetch(`${noAuth.url}/__phoenix_mock/inserts/${hold ? "pause" : "resume"}`, { method: "POST", headers: { authorization: `Bearer ${adminSecret}` } });
        if (answer.status !== 204) throw new Error(`the control route answered ${answer.status}: ${await answer.text()}`);
      };
    },
    async stop() {
      await Promise.all(children.map((child) => stopChild(child)));
    },
  };
  return target;
}

/** Origins the in-process mocks answer on through MSW (nothing listens there). */
const MSW_AUTH_ORIGIN = "http://127.0.0.1:6006";
const MSW_NOAUTH_ORIGIN = "http://127.0.0.1:6007";

export function mockMswTarget(): Target {
  const secret = generateSecret();
  const adminSecret = generateSecret();
  let close: (() => void | Promise<void>) | undefined;
  const target: Target = {
    name: "mock-msw",
    baseUrl: MSW_AUTH_ORIGIN,
    secret,
    adminSecret,
    adminPassword: "admin",
    noAuthUrl: MSW_NOAUTH_ORIGIN,
    fetch: (input, init) => fetch(input, init),
    async start() {
      const testing = await import("../../src/index.js");
      const auth = testing.createMockPhoenix({ env: phoenixEnv(true, secret, adminSecret), baseUrl: MSW_AUTH_ORIGIN });
      const noAuth = testing.createMockPhoenix({ env: phoenixEnv(false, secret, adminSecret), baseUrl: MSW_NOAUTH_ORIGIN });
      const server = testing.setupMswServer(auth, ...noAuth.handlers);
      server.listen({ onUnhandledRequest: "error" });
      // MSW intercepts HTTP only: the in-process mocks serve OTLP/gRPC on real sockets of their own.
      target.grpcPort = Number(new URL(await auth.listenGrpc()).port);
      target.noAuthGrpcPort = Number(new URL(await noAuth.listenGrpc()).port);
      target.noAuthMaxSpansQueueSize = NOAUTH_MAX_SPANS_QUEUE_SIZE;
      target.holdInserts = async (hold) => (hold ? noAuth.pauseInserts() : noAuth.resumeInserts());
      close = async () => {
        server.close();
        await Promise.all([auth.close(), noAuth.close()]);
      };
    },
    async stop() {
      await close?.();
    },
  };
  return target;
}
