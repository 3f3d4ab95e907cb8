import { generateApiKey } from "../../../../../test/helpers/secrets.js";
import type { PhoenixLogger } from "../../../src/register/types.js";

/** A fresh API-key-like secret for each test run (never a committed literal). */
export function freshKey(): string {
  return generateApiKey(35);
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

/** Fails when `text` contains `secret` or any 16-character run of it. */
export function expectNoSecret(text: string, secret: string): void {
  for (let i = 0; i + 16 <= secret.length; i++) {
    const run = secret.slice(i, i + 16);
    if (text.includes(run)) throw new Error(`a 16-character run of a secret (from offset ${i} of ${secret.length}) was printed`);
  }
  if (text.includes(secret)) throw new Error("a secret was printed");
}

/** The last word at shutdown or exit when later failures were only counted: its numbers are the final stats()'s. */
export const finalTotals = (stats: { exported: number; rejected: number; dropped: number; heldDropped: number }): string =>
  `[phoenix-otel-auth] in all: ${stats.exported} span${stats.exported === 1 ? "" : "s"} exported, ${stats.rejected} rejected, ${stats.dropped} dropped, ` +
  `${stats.heldDropped} held and dropped (the totals of provider.phoenix.stats()).`;
