import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateApiKey, generateSecret } from "../helpers/secrets.js";

// The CI secret scan (scripts/scan-secrets.mjs) must catch what it is for: a planted partial secret, a whole short
// one, a JWT by shape; and stay quiet on 15 characters (below the 16-character rule). Its report never quotes a secret.
function scanOf(log: string, secrets: string[]): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "scan-secrets-"));
  writeFileSync(join(dir, "secrets.txt"), `${secrets.join("\n")}\n`);
  writeFileSync(join(dir, "output.log"), log);
  const run = spawnSync(process.execPath, ["scripts/scan-secrets.mjs", "--secrets", join(dir, "secrets.txt"), join(dir, "output.log")], {
    encoding: "utf8",
  });
  return { code: run.status, out: run.stdout + run.stderr };
}

describe("scripts/scan-secrets.mjs", () => {
  it("finds a 16-character run of a generated secret inside colored test output, and says where without quoting it", () => {
    const key = generateApiKey(48);
    const part = key.slice(7, 27);
    const log = `✓ ok\n\u001b[31m- Expected\u001b[39m [phoenix-otel-auth] 401 "Invalid token Bearer …${part}" (Reported once)\nmore\n`;
    const { code, out } = scanOf(log, [generateSecret(), key]);
    expect(code).toBe(1);
    expect(out).toContain("output.log:2: generated secret #2 (48 chars), a 16-character run from offset 7");
    for (let i = 0; i + 16 <= key.length; i++) expect(out).not.toContain(key.slice(i, i + 16));
  });

  it("a secret split by an ANSI color code is still found", () => {
    const key = generateApiKey(40);
    const { code } = scanOf(`x ${key.slice(0, 10)}\u001b[7m${key.slice(10, 30)}\u001b[27m y\n`, [key]);
    expect(code).toBe(1);
  });

  it("finds a whole short secret (below 16 characters) and a JWT by its shape", () => {
    const short = generateApiKey(12);
    expect(scanOf(`password was ${short}\n`, [short]).code).toBe(1);
    const segment = (n: number) => Buffer.from(generateSecret()).toString("base64url").slice(0, n);
    expect(scanOf(`token eyJ${segment(20)}.eyJ${segment(30)}.${segment(40)}\n`, []).code).toBe(1);
  });

  it("passes clean output, and 15 consecutive characters of a secret (the rule is 16)", () => {
    const key = generateApiKey(40);
    const { code, out } = scanOf(`all good ${key.slice(3, 18)} and ****\n`, [key]);
    expect(code).toBe(0);
    expect(out).toContain("no secret found");
  });
});
