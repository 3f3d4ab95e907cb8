/**
 * Phoenix's timestamps: Python datetimes, microsecond precision, years 1–9999. An `Instant` is microseconds since
 * the Unix epoch as a bigint, exact over that whole range (a double is not: 9999-12-31 is ~2.5e17 µs). The one parser
 * and the one formatter of the mock: REST and GraphQL read and write times only through this module.
 */
export type Instant = bigint;

const MICROS_PER_MS = 1000n;
const MICROS_PER_SECOND = 1_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The injected clock's milliseconds as an Instant (sub-millisecond digits are zero: `.123000`). */
export function instantFromMs(ms: number): Instant {
  return BigInt(Math.floor(ms)) * MICROS_PER_MS;
}

export function instantFromDate(date: Date): Instant {
  return instantFromMs(date.getTime());
}

/** Whole milliseconds (rounded down), for code that works in the clock's unit. */
export function msOf(instant: Instant): number {
  return Number(floorDiv(instant, MICROS_PER_MS));
}

/** The instant cut to whole seconds, as SQLite's `CURRENT_TIMESTAMP` stores a column default. */
export function wholeSeconds(instant: Instant): Instant {
  return floorDiv(instant, MICROS_PER_SECOND) * MICROS_PER_SECOND;
}

/** A parsed ISO 8601 datetime: the instant, and the offset it was written with (`null`: no zone, a naive datetime). */
export interface ParsedDatetime {
  instant: Instant;
  offsetSeconds: number | null;
}

/**
 * What both of Phoenix's parsers (pydantic's for REST, dateutil's `isoparse` for GraphQL) accept alike: a date,
 * optionally `T`/`t`/space and `HH:MM[:SS[(.|,)digits]]`, optionally `Z`/`z` or `±HH[:]MM` (hours below 24). Any number
 * of fraction digits; past six they are dropped, not rounded (`.9999995` → `.999999`). A naive value reads as UTC
 * (Phoenix stores naive datetimes as UTC). Returns undefined for anything else, and for impossible dates.
 */
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

export function parseIsoDatetime(text: string): ParsedDatetime | undefined {
  const match = ISO_DATETIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  let offsetSeconds: number | null = null;
  if (zone !== undefined) {
    const digits = zone.replace(":", "");
    const hours = digits.length > 1 ? Number(digits.slice(1, 3)) : 0;
    const minutes = digits.length > 1 ? Number(digits.slice(3, 5)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    offsetSeconds = (digits.startsWith("-") ? -1 : 1) * (hours * 3600 + minutes * 60);
  }
  const micros = BigInt(fraction.slice(0, 6).padEnd(6, "0"));
  const instant = BigInt(date.getTime()) * MICROS_PER_MS + micros - BigInt(offsetSeconds ?? 0) * MICROS_PER_SECOND;
  return { instant, offsetSeconds };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/**
 * Python's `datetime.isoformat()` of an aware datetime: `YYYY-MM-DDTHH:MM:SS`, `.ffffff` only when the microsecond is
 * not zero, and the offset as `±HH:MM` (`+00:00` for UTC, `:SS` when the offset has seconds).
 */
export function isoformat(instant: Instant, offsetSeconds = 0): string {
  const local = instant + BigInt(offsetSeconds) * MICROS_PER_SECOND;
  const seconds = floorDiv(local, MICROS_PER_SECOND);
  const fraction = Number(local - seconds * MICROS_PER_SECOND);
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const sign = offsetSeconds < 0 ? "-" : "+";
  const abs = Math.abs(offsetSeconds);
  const zone = `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${abs % 60 ? `:${pad(abs % 60)}` : ""}`;
  return `${base}${fraction ? `.${pad(fraction, 6)}` : ""}${zone}`;
}
