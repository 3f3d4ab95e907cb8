import { usageMillis } from "./args.js";
/** A clock the test moves by hand: `clock()` reads it, `advance(ms)` and `set(ms)` move it. */
export interface ManualClock {
  (): number;
  /** Moves the clock forward by `ms` (not negative); returns the new time. */
  advance(ms: number): number;
  /** Sets the clock to `ms` since the epoch; returns it. */
  set(ms: number): number;
}

/** A clock for `createMockPhoenix({ clock })` that moves only when the test moves it (default start: 2030-01-01 UTC). */
export function createManualClock(startMs = Date.UTC(2030, 0, 1)): ManualClock {
  let now = usageMillis("createManualClock", "startMs", startMs);
  const clock = (() => now) as ManualClock;
  clock.advance = (ms) => (now += usageMillis("clock.advance", "ms", ms, 0));
  clock.set = (ms) => (now = usageMillis("clock.set", "ms", ms));
  return clock;
}
