#!/usr/bin/env node
// Fails (exit 1) when a captured test output contains a secret, whole or any run of >= 16 consecutive characters of one.
//   node scripts/scan-secrets.mjs --secrets <file> <output files...>
// <file> lists one secret per line: every secret the tests generated through test/helpers/secrets.ts (it appends them
// when PHOENIX_TEST_SECRETS_FILE names this file; .ci/run sets it). Secrets the mock issues (JWT access/refresh tokens
// and API keys, which Phoenix makes JWTs) are caught by shape. The report names the file, line and kind of leak,
// never the secret itself.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const RUN = 16;
const MIN_WHOLE = 8;
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function scan(text, secrets) {
  const clean = text.replace(ANSI, "");
  const lines = clean.split("\n");
  const findings = [];
  // Every window of 16 non-space characters of the output (a generated secret has no whitespace), with its line.
  const windows = new Map();
  lines.forEach((line, index) => {
    for (const word of line.split(/\s+/)) {
      for (let i = 0; i + RUN <= word.length; i++) {
        const gram = word.slice(i, i + RUN);
        if (!windows.has(gram)) windows.set(gram, index + 1);
      }
    }
    if (JWT.test(line)) findings.push({ line: index + 1, kind: "a JWT (token or API key shape)" });
  });
  secrets.forEach((secret, n) => {
    if (secret.length < MIN_WHOLE) return;
    if (secret.length < RUN) {
      const line = lines.findIndex((l) => l.includes(secret));
      if (line >= 0) findings.push({ line: line + 1, kind: `generated secret #${n + 1} (${secret.length} chars), whole` });
      return;
    }
    for (let i = 0; i + RUN <= secret.length; i++) {
      const line = windows.get(secret.slice(i, i + RUN));
      if (line !== undefined) {
        findings.push({ line, kind: `generated secret #${n + 1} (${secret.length} chars), a ${RUN}-character run from offset ${i}` });
        return;
      }
    }
  });
  return findings;
}

function main(argv) {
  const at = argv.indexOf("--secrets");
  if (at < 0 || at + 1 >= argv.length) {
    process.stderr.write("usage: node scripts/scan-secrets.mjs --secrets <file> <output files...>\n");
    return 2;
  }
  const secretsFile = argv[at + 1];
  const outputs = argv.filter((_, i) => i !== at && i !== at + 1);
  let secrets = [];
  try {
    secrets = [...new Set(readFileSync(secretsFile, "utf8").split("\n").filter((s) => s.trim() !== ""))];
  } catch {
    process.stderr.write(`scan-secrets: no secrets file at ${secretsFile} (were the tests run with PHOENIX_TEST_SECRETS_FILE set?)\n`);
    return 2;
  }
  let failed = false;
  for (const file of outputs) {
    const findings = scan(readFileSync(file, "utf8"), secrets);
    for (const f of findings) process.stderr.write(`scan-secrets: ${file}:${f.line}: ${f.kind}\n`);
    failed ||= findings.length > 0;
  }
  process.stdout.write(
    `scan-secrets: ${outputs.length} output file(s), ${secrets.length} generated secrets: ${failed ? "LEAK FOUND" : "no secret found"}\n`,
  );
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
