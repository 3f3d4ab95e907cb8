import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../packages/phoenix-otel-auth/src/register/report/logger.js";
import { classifyStatus, type FailureContext } from "../packages/phoenix-otel-auth/src/register/report/failures.js";
import { PARTIAL_SECRET_RUN, redactSecrets } from "../packages/internal/src/secrets.js";
import { generateApiKey } from "./helpers/secrets.js";
import { expectNoSecret } from "../packages/phoenix-otel-auth/test/register/helpers/util.js";

// Property runs: PHOENIX_PROPERTY_RUNS (npm run test:stress sets it) or a small default for `npm test`.
const RUNS = Number(process.env.PHOENIX_PROPERTY_RUNS ?? 200);

const ctx = (diagnostics: Diagnostics): FailureContext => ({
  url: "http://phoenix:6006/v1/traces",
  endpointSource: "PHOENIX_COLLECTOR_ENDPOINT",
  endpointVerbatim: false,
  keySent: true,
  keySource: "PHOENIX_API_KEY",
  timeoutMillis: 10000,
  redact: (text) => diagnostics.redact(text),
});

const run16 = (secret: string, at: number) => secret.slice(at, at + PARTIAL_SECRET_RUN);

describe("redactSecrets", () => {
  it("masks a whole secret and any run of ≥ 16 of its characters; shorter pieces are not a leak by the rule", () => {
    const key = generateApiKey(60);
    expect(redactSecrets(`a ${key} b`, [key])).toBe("a **** b");
    expect(redactSecrets(`cut …${key.slice(0, 40)}`, [key])).toBe("cut …****");
    // "~" is outside the key's alphabet, so the neighbours can never extend the run.
    expect(redactSecrets(`~${key.slice(10, 26)}~`, [key])).toBe("~****~");
    expect(redactSecrets(`~${key.slice(10, 25)}~`, [key])).toBe(`~${key.slice(10, 25)}~`);
  });

  it("property: no 16-character run of any secret survives, wherever it sits in the text", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 160 }),
        fc.string({ maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        (length, before, after, a, b) => {
          const key = generateApiKey(length);
          const [from, to] = [a % (key.length + 1), b % (key.length + 1)].sort((x, y) => x - y) as [number, number];
          const out = redactSecrets(`${before}${key.slice(from, to)}${after}${key}`, [key]);
          for (let i = 0; i + PARTIAL_SECRET_RUN <= key.length; i++) expect(out).not.toContain(run16(key, i));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("redaction before truncation (a 401 body that echoes the Authorization header)", () => {
  it("the issue's case: a 105-character key echoed at the 200-character cut prints none of it", () => {
    const key = generateApiKey(105);
    const diagnostics = new Diagnostics({ warn: () => {} });
    diagnostics.addSecret(key);
    const body = `${"x".repeat(105)} Invalid token: Bearer ${key}`;
    const failure = classifyStatus(401, body, ctx(diagnostics));
    expect(failure.message).toContain("Invalid token: Bearer ****");
    for (let i = 0; i < key.length - 4; i++) expect(failure.message).not.toContain(key.slice(i, i + 5));
  });

  it("property: keys of any length, the echo at any offset around the cut: no 16-character run is printed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 300 }), fc.integer({ min: 0, max: 260 }), (length, offset) => {
        const key = generateApiKey(length);
        const lines: string[] = [];
        const diagnostics = new Diagnostics({ warn: (m) => void lines.push(m) });
        diagnostics.addSecret(key);
        const failure = classifyStatus(401, `${"y".repeat(offset)}Bearer ${key} trailing`, ctx(diagnostics));
        diagnostics.warn(failure.message);
        expectNoSecret(failure.message, key);
        expectNoSecret(lines.join("\n"), key);
      }),
      { numRuns: RUNS },
    );
  });

  it("credential-like header values are secrets too (a cookie echoed in a 403 body)", () => {
    const cookie = generateApiKey(64);
    const diagnostics = new Diagnostics({ warn: () => {} });
    diagnostics.addSecret(cookie);
    const failure = classifyStatus(403, `${"z".repeat(190)}cookie=${cookie}`, ctx(diagnostics));
    expectNoSecret(failure.message, cookie);
  });
});
