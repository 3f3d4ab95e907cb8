import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantFromMs, isoformat, msOf, parseIsoDatetime, wholeSeconds } from "../../src/core/index.js";

/** parse, then Python's isoformat with the offset kept (naive → UTC), and in UTC (what Phoenix stores and reads). */
function roundTrip(text: string): [string, string] | null {
  const parsed = parseIsoDatetime(text);
  return parsed ? [isoformat(parsed.instant, parsed.offsetSeconds ?? 0), isoformat(parsed.instant)] : null;
}

describe("parseIsoDatetime and isoformat (Python's datetime rules)", () => {
  it("keeps six fraction digits and drops the rest without rounding", () => {
    expect(roundTrip("2030-01-02T03:04:05.123456+00:00")).toEqual(["2030-01-02T03:04:05.123456+00:00", "2030-01-02T03:04:05.123456+00:00"]);
    expect(roundTrip("2030-01-02T03:04:05.1234567+00:00")?.[0]).toBe("2030-01-02T03:04:05.123456+00:00");
    expect(roundTrip("2030-01-02T03:04:05.9999995Z")?.[0]).toBe("2030-01-02T03:04:05.999999+00:00");
    expect(roundTrip("2030-01-02T03:04:05,25Z")?.[0]).toBe("2030-01-02T03:04:05.250000+00:00");
  });

  it("omits an all-zero fraction, writes Z and -00:00 as +00:00, keeps other offsets, reads naive values and dates as UTC", () => {
    expect(roundTrip("2030-01-02T03:04:05.000000+00:00")?.[0]).toBe("2030-01-02T03:04:05+00:00");
    expect(roundTrip("2030-01-02t03:04:05z")?.[0]).toBe("2030-01-02T03:04:05+00:00");
    expect(roundTrip("2030-01-02T03:04:05-00:00")?.[0]).toBe("2030-01-02T03:04:05+00:00");
    expect(roundTrip("2030-01-02T03:04:05.5+0530")).toEqual(["2030-01-02T03:04:05.500000+05:30", "2030-01-01T21:34:05.500000+00:00"]);
    expect(roundTrip("2030-01-02 03:04")?.[0]).toBe("2030-01-02T03:04:00+00:00");
    expect(roundTrip("2030-01-02")?.[0]).toBe("2030-01-02T00:00:00+00:00");
    expect(parseIsoDatetime("2030-01-02T03:04:05")?.offsetSeconds).toBeNull();
  });

  it("is exact at the ends of Python's range", () => {
    expect(roundTrip("9999-12-31T23:59:59.999999+00:00")?.[0]).toBe("9999-12-31T23:59:59.999999+00:00");
    expect(roundTrip("0001-01-01T00:00:00.000001+00:00")?.[0]).toBe("0001-01-01T00:00:00.000001+00:00");
    expect(roundTrip("1969-12-31T23:59:59.999999Z")?.[0]).toBe("1969-12-31T23:59:59.999999+00:00");
  });

  it("refuses what both of Phoenix's parsers refuse", () => {
    for (const text of ["2030-02-30T00:00:00Z", "2030-13-01", "2030-01-02T24:00:00Z", "2030-01-02T03:04:05.Z", "2030-01-02T03:04:05+24:00", "0000-01-01", "2030-01-02T03:04:05+05:30:15", "x"]) {
      expect(parseIsoDatetime(text), text).toBeUndefined();
    }
  });

  it("orders and converts at full precision", () => {
    const a = parseIsoDatetime("2030-01-02T03:04:05.123456Z")!.instant;
    const b = parseIsoDatetime("2030-01-02T03:04:05.123457Z")!.instant;
    expect(a < b).toBe(true);
    expect(msOf(a)).toBe(Date.UTC(2030, 0, 2, 3, 4, 5, 123));
    expect(isoformat(instantFromMs(Date.UTC(2030, 0, 2, 3, 4, 5, 123)))).toBe("2030-01-02T03:04:05.123000+00:00");
    expect(isoformat(wholeSeconds(a))).toBe("2030-01-02T03:04:05+00:00");
    expect(isoformat(wholeSeconds(parseIsoDatetime("1969-12-31T23:59:59.5Z")!.instant))).toBe("1969-12-31T23:59:59+00:00");
  });
});

// ------------------------------------------------------------------ against Python itself, when it is there

const PYTHON_CHECK = `
import json, sys
from datetime import datetime, timezone
out = []
for text in json.load(sys.stdin):
    d = datetime.fromisoformat(text)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    out.append([d.isoformat(), d.astimezone(timezone.utc).isoformat()])
print(json.dumps(out))
`;

/** Python ≥ 3.11 (whose `datetime.fromisoformat` reads the ISO shapes Phoenix's parsers read), or why not. */
function findPython(): { python?: string; reason?: string } {
  for (const python of [process.env.PYTHON, "python3", "python"].filter((p): p is string => Boolean(p))) {
    const probe = spawnSync(python, ["-c", "import sys; print(sys.version_info >= (3, 11))"], { encoding: "utf8" });
    if (probe.status === 0 && probe.stdout.trim() === "True") return { python };
  }
  return { reason: "no Python ≥ 3.11 on PATH (set PYTHON to one)" };
}

const { python, reason } = findPython();
if (!python) console.log(`test/core/instant.test.ts: skipped the Python round-trip property: ${reason}`);

const two = (max: number, min = 0) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"));
const isoText = fc
  .record({
    year: fc.integer({ min: 2, max: 9998 }).map((n) => String(n).padStart(4, "0")),
    month: two(12, 1),
    day: two(28, 1),
    time: fc.option(fc.tuple(two(23), two(59), fc.option(fc.tuple(two(59), fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined })), { nil: undefined })), { nil: undefined }),
    sep: fc.constantFrom("T", " "),
    zone: fc.option(fc.oneof(fc.constant("Z"), fc.tuple(fc.constantFrom("+", "-"), two(23), two(59), fc.constantFrom(":", "")).map(([s, h, m, c]) => `${s}${h}${c}${m}`)), { nil: undefined }),
  })
  .map(({ year, month, day, time, sep, zone }) => {
    const clock = time ? `${sep}${time[0]}:${time[1]}${time[2] ? `:${time[2][0]}${time[2][1] ? `.${time[2][1]}` : ""}` : ""}` : "";
    return `${year}-${month}-${day}${clock}${time ? (zone ?? "") : ""}`;
  });

describe.skipIf(!python)("parseIsoDatetime and isoformat agree with Python's datetime", () => {
  it("for 2,000 generated ISO datetimes (with and without fraction, zone, seconds)", () => {
    const samples = fc.sample(isoText, { numRuns: 2000, seed: 20261201 });
    const result = spawnSync(python!, ["-c", PYTHON_CHECK], { input: JSON.stringify(samples), encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const expected = JSON.parse(result.stdout) as [string, string][];
    const mismatches = samples.map((text, i) => ({ text, python: expected[i], mock: roundTrip(text) })).filter((row) => JSON.stringify(row.python) !== JSON.stringify(row.mock));
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
