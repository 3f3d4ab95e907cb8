import { pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const pbkdf2Async = promisify(pbkdf2);

/** Phoenix: PBKDF2-HMAC-SHA256, 10,000 iterations, 32-byte salt, 32-byte key. */
export const PBKDF2_ITERATIONS = 10_000;
const KEY_LENGTH = 32;

export function newSalt(): Buffer {
  return randomBytes(32);
}

export function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(password, "utf8"), salt, PBKDF2_ITERATIONS, KEY_LENGTH, "sha256");
}

/** Recomputes the hash and compares in constant time (Phoenix uses `==`; timing-safe is strictly better). */
export async function verifyPassword(password: string, salt: Buffer, expected: Buffer): Promise<boolean> {
  const actual = await hashPassword(password, salt);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Constant-time string equality for bearer secrets. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Phoenix's `_PasswordRequirements`: the same checks, in the same order, with the same messages. */
export class PasswordRequirements {
  constructor(
    readonly length: number,
    readonly rules: { digits?: boolean; lowerCase?: boolean; upperCase?: boolean; specialChars?: boolean } = {},
  ) {}

  /** Returns Phoenix's error message for `value`, or undefined when it passes. */
  check(value: string, subject: "Password" | "Phoenix secret" = "Password"): string | undefined {
    if (!value) return `${subject} must be non-empty`;
    if (/\s/u.test(value)) return `${subject} must not contain whitespace characters`;
    if (!/^[\x00-\x7f]*$/.test(value)) return `${subject} must contain only ASCII characters`;
    const problems: string[] = [];
    if (value.length < this.length) problems.push(`must be at least ${this.length} characters long`);
    if (this.rules.digits && !/[0-9]/.test(value)) problems.push("at least one digit");
    if (this.rules.lowerCase && !/[a-z]/.test(value)) problems.push("at least one lowercase letter");
    if (this.rules.upperCase && !/[A-Z]/.test(value)) problems.push("at least one uppercase letter");
    if (this.rules.specialChars && !/[!@#$%^&*()_+]/.test(value)) problems.push("at least one special character");
    if (problems.length === 0) return undefined;
    if (problems.length === 1) return `${subject} ${problems[0]}`;
    return `${subject} ${problems.slice(0, -1).join(", ")}, and ${problems[problems.length - 1]}`;
  }
}

export const DEFAULT_PASSWORD_REQUIREMENTS = new PasswordRequirements(4);
export const STRONG_PASSWORD_REQUIREMENTS = new PasswordRequirements(12, {
  digits: true,
  lowerCase: true,
  upperCase: true,
  specialChars: true,
});
export const PHOENIX_SECRET_REQUIREMENTS = new PasswordRequirements(32, { digits: true, lowerCase: true });

/** Phoenix's email normalisation and format check (`^[^@\s]+@[^@\s]+[.][^@\s]+\Z`). */
export function sanitizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
export function isValidEmail(email: string): boolean {
  return /^[^@\s]+@[^@\s]+[.][^@\s]+$/.test(email);
}

/** `hashPassword` for the synchronous seeding of the default admin at start-up and reset(). */
export function hashPasswordSync(password: string, salt: Buffer): Buffer {
  return pbkdf2Sync(Buffer.from(password, "utf8"), salt, PBKDF2_ITERATIONS, KEY_LENGTH, "sha256");
}
