import { redactSecrets } from "../../../../internal/src/secrets.js";
import type { PhoenixLogger } from "../types.js";

const PREFIX = "[phoenix-otel-auth]";

/** The default logger: every line to stderr (stdout belongs to the app). */
export const stderrLogger: PhoenixLogger = {
  warn: (message) => void process.stderr.write(`${message}\n`),
  info: (message) => void process.stderr.write(`${message}\n`),
  error: (message) => void process.stderr.write(`${message}\n`),
};

/**
 * One register() call's voice: prefixes lines, masks every known secret, keeps the warn-once latches
 * (per instance, never module-wide) and never lets a throwing logger reach the app.
 */
export class Diagnostics {
  private readonly latches = new Set<string>();
  private readonly secrets = new Set<string>();

  constructor(private readonly logger: PhoenixLogger = stderrLogger) {}

  /** Registers a value that must never be printed (API keys, header values). */
  addSecret(value: string | undefined): void {
    if (value !== undefined && value.length >= 4) this.secrets.add(value);
  }

  /** Masks every known secret, whole or any ≥ 16-character run of one. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  warn(message: string): void {
    this.emit("warn", message);
  }

  info(message: string): void {
    this.emit(this.logger.info ? "info" : "warn", message);
  }

  error(message: string): void {
    this.emit(this.logger.error ? "error" : "warn", message);
  }

  /** Warns the first time `id` is seen on this instance; returns whether it warned. */
  warnOnce(id: string, message: string): boolean {
    if (this.latches.has(id)) return false;
    this.latches.add(id);
    this.warn(message);
    return true;
  }

  private emit(level: "warn" | "info" | "error", message: string): void {
    try {
      this.logger[level]?.(`${PREFIX} ${this.redact(message)}`);
    } catch {
      // A broken logger must not break the app or the exporter.
    }
  }
}
