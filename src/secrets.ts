/**
 * Masks a secret for display: never more than the first 4 characters of a long value, and nothing of a short one.
 * Used by every message that has to point at a credential (API keys, JWTs, PHOENIX_SECRET, passwords).
 */
export function maskSecret(value: string | undefined | null): string {
  if (value == null || value === "") return "<empty>";
  if (value.length < 16) return "****";
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}
