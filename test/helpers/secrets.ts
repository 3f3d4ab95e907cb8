import { randomBytes } from "node:crypto";

/** A PHOENIX_SECRET-shaped value generated at run time (50 chars, a digit, a lowercase letter); never a committed literal. */
export function generateSecret(): string {
  return `s3${randomBytes(24).toString("hex")}`;
}
