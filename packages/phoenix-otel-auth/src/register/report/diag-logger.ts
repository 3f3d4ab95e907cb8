import type { DiagLogger, DiagLogLevel } from "@opentelemetry/api";
import type { OtelApi } from "../process/api-copies.js";
import type { Diagnostics } from "./logger.js";

// Which register() call installed the global diag logger (shared by the ESM and CJS copies), so that shutting down
// a replaced provider does not remove the logger its successor installed.
const DIAG_OWNER = Symbol.for("phoenix-otel-auth.diag-owner");

/** Routes OpenTelemetry's diag output to `diagnostics`, through `api` (the copy the globals go through). */
export function installDiagLogger(diagnostics: Diagnostics, level: DiagLogLevel, api: OtelApi): void {
  api.diag.setLogger(diagLogger(diagnostics), { logLevel: level, suppressOverrideMessage: true });
  (globalThis as Record<symbol, unknown>)[DIAG_OWNER] = { diagnostics, api };
}

/** Removes the diag logger, unless a later register() installed its own since. */
export function removeDiagLogger(diagnostics: Diagnostics): void {
  const store = globalThis as Record<symbol, { diagnostics: Diagnostics; api: OtelApi } | undefined>;
  const owner = store[DIAG_OWNER];
  if (owner?.diagnostics !== diagnostics) return;
  delete store[DIAG_OWNER];
  owner.api.diag.disable();
}

function diagLogger(diagnostics: Diagnostics): DiagLogger {
  const line = (level: string, message: string, args: unknown[]): string =>
    `otel ${level}: ${[message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : safeJson(a)))].join(" ")}`;
  return {
    error: (m, ...a) => diagnostics.error(line("error", m, a)),
    warn: (m, ...a) => diagnostics.warn(line("warn", m, a)),
    info: (m, ...a) => diagnostics.info(line("info", m, a)),
    debug: (m, ...a) => diagnostics.info(line("debug", m, a)),
    verbose: (m, ...a) => diagnostics.info(line("verbose", m, a)),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
