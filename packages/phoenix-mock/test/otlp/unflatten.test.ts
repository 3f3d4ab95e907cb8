/**
 * Phoenix's unflatten as the mock copies it (src/otlp/unflatten.ts); what it reads back as is recorded in the
 * conformance case project-spans-create (read-back-keys, too-deep-key).
 */
import { describe, expect, it } from "vitest";
import { RecursionLimit, unflatten } from "../../src/otlp/unflatten.js";
import { flatten } from "../../src/http/readback/otlp-readback.js";

const key = (segments: string[]) => segments.join(".");

describe("unflatten", () => {
  it("nests dotted keys, strips segments, lists digit segments in index order, keeps a value beside its branch", () => {
    const nested = unflatten({ " a . b ": 1, "l.5.x": "five", "l.2.x": "two", "k.0": "zero", m: 1, "m.n": 2, "t.": 3, "u..v": 4, none: null });
    expect(nested).toEqual({ a: { b: 1 }, l: [{ x: "two" }, { x: "five" }], k: { "0": "zero" }, m: 1, "m.n": 2, t: 3, u: { v: 4 } }); // an empty segment vanishes (Python's falsy prefix)
    expect(flatten(nested)).toEqual({ "a.b": 1, "l.0.x": "two", "l.1.x": "five", "k.0": "zero", m: 1, "m.n": 2, t: 3, "u.v": 4 });
  });

  it("keeps prototype-named keys as own keys", () => {
    const nested = unflatten(JSON.parse('{"__proto__.x": 1, "constructor": 2}'));
    expect(Object.keys(nested)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("fails where Phoenix's recursion does: 482 plain segments (481 pass); index segments cost less", () => {
    expect(() => unflatten({ [key(Array(481).fill("d"))]: 1 })).not.toThrow();
    expect(() => unflatten({ [key(Array(482).fill("d"))]: 1 })).toThrow(RecursionLimit);
    expect(() => unflatten({ [key(Array(600).fill(0).map((_, i) => (i % 2 ? "0" : "a")))]: 1 })).not.toThrow();
    expect(() => unflatten({ [key(Array(700).fill(0).map((_, i) => (i % 2 ? "0" : "a")))]: 1 })).toThrow(RecursionLimit);
  });

  it("refuses a 4 MB key of 2 million segments as too deep, like a 482-segment one (npm test asserts no durations)", () => {
    expect(() => unflatten({ [key(Array(2_000_000).fill("d"))]: 1 })).toThrow(RecursionLimit);
  });
});
