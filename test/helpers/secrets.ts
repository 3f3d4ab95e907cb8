import { randomBytes } from "node:crypto";
import { remember } from "../../packages/phoenix-mock/src/contract/secrets.js";

// The secret scan (scripts/scan-secrets.mjs, run by .ci/run over all test output) sets PHOENIX_TEST_SECRETS_FILE to a
// file; every secret generated here is appended to it, one per line, so the scan knows each one (unset: nothing is
// written). One generator for the tests and the contract cases that ship in phoenix-mock (`phoenix-mock check`).
export { generatePassword, generateSecret } from "../../packages/phoenix-mock/src/contract/secrets.js";

/** An API-key-like value of `length` characters (base64url after a `pk_` prefix), generated at run time. */
export function generateApiKey(length = 35): string {
  const body = randomBytes(Math.ceil(length * 0.75) + 3).toString("base64url");
  return remember(`pk_${body}`.slice(0, Math.max(length, 4)));
}

/** Random signing material or a token part (a fake server's JWT signature, say): `bytes` random bytes, base64url. */
export function generateToken(bytes = 32): string {
  return remember(randomBytes(bytes).toString("base64url"));
}
