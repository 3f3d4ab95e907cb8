import { generateSecret } from "../../helpers/secrets.js";
import { AuthModel, resolveMockConfig, type MockPhoenixOptions } from "../../../src/mock/core/index.js";

export { generateSecret as randomSecret };

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
  const secret = generateSecret();
  const adminSecret = generateSecret();
  const config = resolveMockConfig({ enableAuth: true, secret, adminSecret, ...options });
  return { model: new AuthModel(config, clock.now), clock, secret, adminSecret };
}
