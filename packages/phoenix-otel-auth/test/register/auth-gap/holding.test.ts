import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { createManualClock } from "phoenix-mock";
import { HoldingBuffer } from "../../../src/register/auth-gap/holding.js";

const spans = (...names: string[]): ReadableSpan[] => names.map((name) => ({ name }) as ReadableSpan);
const names = (held: { span: ReadableSpan }[]): string[] => held.map((h) => h.span.name);

describe("HoldingBuffer", () => {
  it("drops the oldest beyond maxSpans and says how many", () => {
    const buffer = new HoldingBuffer(3, 60_000, Date.now);
    expect(buffer.hold(spans("a", "b"), 1)).toBe(0);
    expect(buffer.hold(spans("c", "d", "e"), 1)).toBe(2);
    expect(names(buffer.take(10))).toEqual(["c", "d", "e"]);
  });

  it("ages out by the injected clock, counting from the first rejection across put-backs", () => {
    const clock = createManualClock(1_000_000);
    const buffer = new HoldingBuffer(100, 30_000, clock);
    buffer.hold(spans("old"), 1);
    clock.advance(20_000);
    buffer.hold(spans("new"), 1);
    const taken = buffer.take(1);
    expect(buffer.putBack(taken, 2)).toBe(0);
    expect(buffer.rejectedGeneration).toBe(2);
    clock.advance(10_000);
    expect(buffer.expire()).toBe(1);
    expect(names(buffer.take(10))).toEqual(["new"]);
  });

  it("takes oldest first in batches; 0 in either bound disables it", () => {
    const buffer = new HoldingBuffer(10, 1000, Date.now);
    buffer.hold(spans("1", "2", "3", "4", "5"), 1);
    expect(names(buffer.take(2))).toEqual(["1", "2"]);
    expect(names(buffer.take(2))).toEqual(["3", "4"]);
    expect(buffer.size).toBe(1);
    expect(new HoldingBuffer(0, 1000, Date.now).enabled).toBe(false);
    expect(new HoldingBuffer(10, 0, Date.now).enabled).toBe(false);
  });
});
