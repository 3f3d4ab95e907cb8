import { randomBytes } from "node:crypto";
import type { PhoenixLogger } from "../../../src/register/types.js";

/** A fresh API-key-like secret for each test run (never a committed literal). */
export function freshKey(): string {
  return `pk_${randomBytes(24).toString("base64url")}`;
}

/** A logger that records every line, whatever the level. */
export function recordingLogger(): PhoenixLogger & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return {
    lines,
    warn: (m) => void lines.push(m),
    info: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
    text: () => lines.join("\n"),
  };
}
