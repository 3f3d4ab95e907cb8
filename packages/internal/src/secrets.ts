/**
 * Masks a secret for display: never more than the first 4 characters of a long value, and nothing of a short one.
 * Used by every message that has to point at a credential (API keys, JWTs, PHOENIX_SECRET, passwords).
 */
export function maskSecret(value: string | undefined | null): string {
  if (value == null || value === "") return "<empty>";
  if (value.length < 16) return "****";
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

/** A run of this many consecutive characters of a secret counts as a leak of it (scripts/scan-secrets.mjs uses the same rule). */
export const PARTIAL_SECRET_RUN = 16;
const MASK = "****";

/**
 * Replaces every occurrence of each secret, and every run of ≥ PARTIAL_SECRET_RUN consecutive characters of one
 * (what a cut or an echo leaves of a key), with `****`. Redact first, then cut: a cut can shorten a partial key
 * below the run length, where it can no longer be recognised.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  const grams = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    out = out.split(secret).join(MASK);
    for (let i = 0; i + PARTIAL_SECRET_RUN <= secret.length; i++) grams.add(secret.slice(i, i + PARTIAL_SECRET_RUN));
  }
  if (grams.size === 0 || out.length < PARTIAL_SECRET_RUN) return out;
  // Every window of a partial run is one of the secret's grams, so marking matching windows covers the whole run.
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + PARTIAL_SECRET_RUN <= out.length; i++) {
    if (!grams.has(out.slice(i, i + PARTIAL_SECRET_RUN))) continue;
    const last = ranges[ranges.length - 1];
    if (last && i <= last[1]) last[1] = i + PARTIAL_SECRET_RUN;
    else ranges.push([i, i + PARTIAL_SECRET_RUN]);
  }
  if (ranges.length === 0) return out;
  let result = "";
  let at = 0;
  for (const [start, end] of ranges) {
    result += out.slice(at, start) + MASK;
    at = end;
  }
  return result + out.slice(at);
}

const JWT_SHAPE = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const TOKEN_RUN = /[\w-]{24,}/g;

/**
 * Masks what looks like a credential in a value that should not hold one (a URL, a name), for error messages that
 * must quote that value: a JWT (a Phoenix API key), a run of ≥ 24 base64url characters mixing upper case, lower case
 * and digits, or a run of ≥ 32 hex digits. Host names and paths are kept. A key pasted into the wrong variable is
 * thereby never echoed.
 */
export function maskTokenLike(value: string): string {
  return value.replace(JWT_SHAPE, (jwt) => maskSecret(jwt)).replace(TOKEN_RUN, (run) => {
    const mixed = /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run);
    return mixed || /^[0-9a-f]{32,}$/i.test(run) ? maskSecret(run) : run;
  });
}
