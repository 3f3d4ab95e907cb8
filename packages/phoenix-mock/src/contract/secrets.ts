// Passwords and secrets the contract cases make at run time (never literals). PHOENIX_TEST_SECRETS_FILE, when set,
// names a file each one is appended to, so that a secret scan over the output knows them (this repository's CI sets it).
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";

/** `secret`, appended to the file PHOENIX_TEST_SECRETS_FILE names when it is set. */
export function remember(secret: string): string {
  const file = process.env.PHOENIX_TEST_SECRETS_FILE;
  if (file) appendFileSync(file, `${secret}\n`);
  return secret;
}

/** A PHOENIX_SECRET-shaped value (50 chars, a digit, a lowercase letter). */
export function generateSecret(): string {
  return remember(`s3${randomBytes(24).toString("hex")}`);
}

/** `prefix` (default `Pw1-`: an upper- and a lowercase letter, a digit, a symbol) and 24 hex characters. */
export function generatePassword(prefix = "Pw1-"): string {
  return remember(`${prefix}${randomBytes(12).toString("hex")}`);
}
