#!/usr/bin/env node
// `npx phoenix-otel-auth doctor`: see src/doctor.ts.
import { doctor, USAGE } from "./doctor.js";

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== "doctor" || rest.includes("--help")) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = command === "doctor" || command === "--help" ? 0 : 2;
    return;
  }
  try {
    const { code, checks, json } = await doctor(rest);
    if (json) process.stdout.write(`${JSON.stringify({ ok: code === 0, checks }, null, 2)}\n`);
    else for (const c of checks) process.stdout.write(`${c.verdict.toUpperCase().padEnd(4)}  ${c.check}: ${c.detail}\n`);
    process.exitCode = code;
  } catch (error) {
    process.stderr.write(`phoenix-otel-auth doctor: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
  }
}

await main();
