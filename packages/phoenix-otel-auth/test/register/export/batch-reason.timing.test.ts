import { describe, expect, it } from "vitest";

// The reason batch.ts is a copy, checked in time (a timing test: npm run test:stress and the OpenTelemetry 3 run, in CI;
// `npm test` asserts no time): it fails once the SDK's processor stops holding the exit.
describe("why batch.ts is not the SDK's BatchSpanProcessor", () => {
  it("the SDK's processor holds the exit for exportTimeoutMillis while an export to a stalled server is in flight (ours does not)", async () => {
    const { execFileSync } = await import("node:child_process");
    const { pathToFileURL } = await import("node:url");
    const app = new URL("../fixtures/sdk-batch-exit.mjs", import.meta.url);
    // On the OpenTelemetry 3 run (scripts/test-otel3.sh) the child loads that line's SDK.
    const otel3 = process.env.OTEL3_DIR;
    const env = { ...process.env, ...(otel3 && { SDK_TRACE: pathToFileURL(`${otel3}/node_modules/@opentelemetry/sdk-trace/dist/index.mjs`).href }) };
    const { started, heldMs } = JSON.parse(execFileSync(process.execPath, [app.pathname], { encoding: "utf8", env })) as { started: boolean; heldMs: number };
    expect(started).toBe(true);
    // When this fails, the SDK's processor no longer holds the exit: use it (wrapped) instead of PhoenixBatchProcessor.
    expect(heldMs).toBeGreaterThanOrEqual(1400);
  });
});
