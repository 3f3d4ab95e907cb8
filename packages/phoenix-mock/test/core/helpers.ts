import { generateSecret } from "../../../../test/helpers/secrets.js";
import { createManualClock } from "../../src/clock.js";
import { AuthModel, resolveMockConfig, type MockPhoenixOptions } from "../../src/core/index.js";

export { generateSecret as randomSecret };


export function authModel(options: MockPhoenixOptions = {}) {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const secret = generateSecret();
  const adminSecret = generateSecret();
  const config = resolveMockConfig({ enableAuth: true, secret, adminSecret, ...options });
  return { model: new AuthModel(config, clock), clock, secret, adminSecret };
}
