/**
 * The Python-driven cases run Phoenix's own clients (arize-phoenix-otel, arize-phoenix-client) from a venv:
 * PHOENIX_CONFORMANCE_PYTHON (scripts/real-phoenix.sh sets it), else the venv that script caches. Without one the
 * cases are skipped with that reason, so `npm test` passes without Python.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { contractPath } from "./files.js";

const scripts = () => contractPath("python/");
const PINNED = "20.26.1";

let cached: { python?: string; reason?: string } | undefined;

/** The venv's python with phoenix.otel, phoenix.client, grpc and pandas importable, or why there is none. */
export function conformancePython(): { python?: string; reason?: string } {
  if (cached) return cached;
  const cache = process.env.XDG_CACHE_HOME || `${homedir()}/.cache`;
  const python = process.env.PHOENIX_CONFORMANCE_PYTHON?.trim() || `${cache}/phoenix-otel-auth/venv-${PINNED}/bin/python`;
  if (!existsSync(python)) {
    cached = { reason: `no Python venv at ${python} (set PHOENIX_CONFORMANCE_PYTHON, or run scripts/real-phoenix.sh once to create it)` };
    return cached;
  }
  const check = spawnSync(python, ["-c", "import client_only, phoenix.otel, phoenix.client, grpc, pandas"], {
    cwd: scripts(),
    encoding: "utf8",
    timeout: 60_000,
  });
  cached =
    check.status === 0
      ? { python }
      : { reason: `${python} cannot import phoenix.otel, phoenix.client, grpc and pandas: ${(check.stderr || check.error?.message || "").trim().split("\n").at(-1)}` };
  return cached;
}

/** Runs contract/python/<script> with `input` as JSON on stdin; resolves with its JSON stdout. */
export function runPython<T>(script: string, input: unknown, env: Record<string, string>): Promise<T> {
  const { python, reason } = conformancePython();
  if (!python) return Promise.reject(new Error(reason));
  return runJsonChild(python, `${scripts()}${script}`, script, input, { OTEL_SDK_DISABLED: "false", ...env });
}

/**
 * Runs `command file` with `input` as JSON on stdin and only PATH, HOME and `env` in its environment; resolves with its
 * JSON stdout, rejects naming `label` with the end of its stderr (killed after 90 s).
 */
export function runJsonChild<T>(command: string, file: string, label: string, input: unknown, env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [file], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${label} exited with ${String(code)}: ${stderr.trim().split("\n").slice(-5).join("\n")}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`${label} printed no JSON: ${stdout.slice(0, 300)} ${stderr.slice(-300)}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
