import { describe, expect, it } from "vitest";
import { QueueAccounting } from "../../../src/register/export/queue.js";

describe("QueueAccounting", () => {
  it("counts waiting spans and in-flight exports; pending until both are zero", () => {
    const queue = new QueueAccounting();
    expect(queue.hasPendingWork()).toBe(false);
    queue.queued();
    queue.queued();
    queue.queued();
    expect(queue.waiting).toBe(3);
    queue.exportStarted(2);
    expect([queue.waiting, queue.inFlight, queue.unsent()]).toEqual([1, 1, 3]);
    expect(queue.hasPendingWork()).toBe(true);
    queue.exportSettled(2);
    expect([queue.waiting, queue.inFlight, queue.unsent()]).toEqual([1, 0, 1]);
    queue.exportStarted(1);
    queue.exportSettled(1);
    expect(queue.hasPendingWork()).toBe(false);
    expect(queue.unsent()).toBe(0);
  });

  it("has read-only views only", () => {
    const queue = new QueueAccounting();
    expect(() => Object.assign(queue, { waiting: 5 })).toThrow(TypeError);
    expect(() => Object.assign(queue, { inFlight: 5 })).toThrow(TypeError);
  });
});
