import v8 from "node:v8";

/**
 * V8's young generation ("new space") grows its two semi-spaces under a high allocation rate (a request flood) and
 * keeps them: up to 16 MiB each on Node 20 and 22, 64 MiB each on Node 24, so a flood leaves +50 to +150 MB of
 * resident memory that never returns. phoenix-mock is started with the semi-spaces capped at 4 MiB (what
 * startMockServer passes; measured in RELIABILITY.md: RSS returns within ~30 MB, at a small throughput cost).
 */
export const MOCK_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/**
 * For a `phoenix-mock` process started without a semi-space flag of its own (`npx phoenix-mock`, `node dist/cli.js`): stop the
 * young generation from growing past the size start-up left it at. A semi-space limit can only be set at start, but
 * V8 reads its growth factor whenever it grows new space, so this holds from now on. Never called in a user's process
 * (an in-process mock leaves the app's heap alone). Returns whether it changed anything.
 */
export function capYoungGeneration(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): boolean {
  if ([...execArgv, nodeOptions].some((flag) => /--(max-semi-space-size|semi-space-growth-factor)\b/.test(flag))) return false;
  v8.setFlagsFromString("--semi-space-growth-factor=1");
  return true;
}
