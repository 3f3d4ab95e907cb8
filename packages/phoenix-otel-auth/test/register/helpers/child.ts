import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Child-process tests run the built package (`phoenix-otel-auth` resolves to dist/ through package.json "exports"). */
export function requireBuild(): void {
  if (!existsSync(`${REPO_ROOT}dist/index.js`) || !existsSync(`${REPO_ROOT}dist/register.cjs`)) {
    throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  }
}

/** The parent's environment without any Phoenix/OTel variable, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(PHOENIX_|OTEL_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

export interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
}

export interface ChildHandle {
  /** What the child printed on stdout so far. */
  stdout(): string;
  /** Resolves when stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  done: Promise<ChildRun>;
}

export function startChild(args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): ChildHandle {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<ChildRun>((resolve) => {
    child.on("close", (code, signal) => resolve({ stdout, stderr, code, signal, elapsedMs: Date.now() - started }));
  });
  return {
    stdout: () => stdout,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never printed ${JSON.stringify(text)}; stderr: ${stderr}`)), 15_000);
        const check = (): void => {
          if (stdout.includes(text)) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    kill: (signal) => void child.kill(signal),
    done,
  };
}

export function runChild(args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<ChildRun> {
  return startChild(args, env, cwd).done;
}
