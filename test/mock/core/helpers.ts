import { randomBytes } from "node:crypto";
import { AuthModel, resolveMockConfig, type MockPhoenixOptions } from "../../../src/mock/core/index.js";

/** A PHOENIX_SECRET that passes Phoenix's rules, generated per run (never a committed literal). */
export function randomSecret(): string {
  return `s3${randomBytes(24).toString("hex")}`;
}

/** A manual clock: `now()` for the model, `advance(ms)` for the test. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function authModel(options: MockPhoenixOptions = {}) {
  const clock = manualClock();
  const secret = randomSecret();
  const adminSecret = randomSecret();
  const config = resolveMockConfig({ enableAuth: true, secret, adminSecret, ...options });
  return { model: new AuthModel(config, clock.now), clock, secret, adminSecret };
}
