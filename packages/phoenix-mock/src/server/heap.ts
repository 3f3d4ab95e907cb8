import { setFlagsFromString } from "node:v8";

/**
 * For a `phoenix-mock` process started without a semi-space flag of its own (`npx phoenix-mock`, `node dist/cli.js`): stop the
 * young generation from growing past the size start-up left it at. A semi-space limit can only be set at start, but
 * V8 reads its growth factor whenever it grows new space, so this holds from now on. Never called in a user's process
 * (an in-process mock leaves the app's heap alone). Returns whether it changed anything.
 */
export function capYoungGeneration(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): boolean {
  if ([...execArgv, nodeOptions].some((flag) => /--(max-semi-space-size|semi-space-growth-factor)\b/.test(flag))) return false;
  setFlagsFromString("--semi-space-growth-factor=1");
  return true;
}
