import { describe, expect, it } from "vitest";
import { QueueAccounting } from "../../../src/register/export/queue.js";

describe("QueueAccounting", () => {
  it("counts waiting spans and in-flight exports; pending until both are zero", () => {
    const queue = new QueueAccounting();
    expect(queue.hasPendingWork()).toBe(false);
    queue.queued();
    queue.queued();
    expect(queue.waiting).toBe(2);
    queue.exportStarted(2);
    expect(queue.waiting).toBe(0);
    expect(queue.inFlight).toBe(1);
    expect(queue.hasPendingWork()).toBe(true);
    queue.exportSettled();
    expect(queue.hasPendingWork()).toBe(false);
  });

  it("has read-only views only", () => {
    const queue = new QueueAccounting();
    expect(() => Object.assign(queue, { waiting: 5 })).toThrow(TypeError);
    expect(() => Object.assign(queue, { inFlight: 5 })).toThrow(TypeError);
  });
});
