import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";

/**
 * The secret scan (scripts/scan-secrets.mjs, run by .ci/run over all test output) sets this variable to a file; every
 * secret generated here is appended to it, one per line, so the scan knows each one. Unset: nothing is written.
 */
export const SECRETS_FILE_VARIABLE = "PHOENIX_TEST_SECRETS_FILE";

function remember(secret: string): string {
  const file = process.env[SECRETS_FILE_VARIABLE];
  if (file) appendFileSync(file, `${secret}\n`);
  return secret;
}

/** A PHOENIX_SECRET-shaped value generated at run time (50 chars, a digit, a lowercase letter); never a committed literal. */
export function generateSecret(): string {
  return remember(`s3${randomBytes(24).toString("hex")}`);
}

/** An API-key-like value of `length` characters (base64url after a `pk_` prefix), generated at run time. */
export function generateApiKey(length = 35): string {
  const body = randomBytes(Math.ceil(length * 0.75) + 3).toString("base64url");
  return remember(`pk_${body}`.slice(0, Math.max(length, 4)));
}

/** A password generated at run time: `prefix` (default `Pw1-`: an upper- and a lowercase letter, a digit, a symbol) and 24 hex characters. */
export function generatePassword(prefix = "Pw1-"): string {
  return remember(`${prefix}${randomBytes(12).toString("hex")}`);
}

/** Random signing material or a token part (a fake server's JWT signature, say): `bytes` random bytes, base64url. */
export function generateToken(bytes = 32): string {
  return remember(randomBytes(bytes).toString("base64url"));
}
