import { usageMillis } from "./args.js";
/** A clock the test moves by hand: `clock()` reads it, `advance(ms)` and `set(ms)` move it. */
export interface ManualClock {
  (): number;
  advance(ms: number): number;
  set(ms: number): number;
}

export function createManualClock(startMs = Date.UTC(2030, 0, 1)): ManualClock {
  let now = usageMillis("createManualClock", "startMs", startMs);
  const clock = (() => now) as ManualClock;
  clock.advance = (ms) => (now += usageMillis("clock.advance", "ms", ms, 0));
  clock.set = (ms) => (now = usageMillis("clock.set", "ms", ms));
  return clock;
}
