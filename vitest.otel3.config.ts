// phoenix-otel-auth's tests on the OpenTelemetry JS 3 line (scripts/test-otel3.sh installs it and runs this on Node 24):
// every OpenTelemetry package our source imports resolves to OTEL3_DIR/node_modules (api 1.10, sdk-trace 3, 0.30x), so
// register(), the exporter and the processors run on 3.x while the repository's own tree stays on the 2.x line.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.js";

const dir = process.env.OTEL3_DIR;
if (!dir || !existsSync(join(dir, "node_modules/@opentelemetry/sdk-trace"))) {
  throw new Error("vitest.otel3.config.ts: set OTEL3_DIR to a folder with the OpenTelemetry 3 line installed (scripts/test-otel3.sh does).");
}
const PACKAGES = ["api", "sdk-trace", "core", "resources", "context-async-hooks", "instrumentation", "otlp-exporter-base", "otlp-transformer", "exporter-trace-otlp-proto"];

export default defineConfig({
  resolve: {
    alias: PACKAGES.map((name) => ({ find: new RegExp(`^@opentelemetry/${name}$`), replacement: join(dir, "node_modules/@opentelemetry", name) })),
  },
  // The repository's settings (pool, timeouts, the stress exclusion), for phoenix-otel-auth's files only.
  // The timing tests too: the bounds and the reasons for our copies of OTel's parts are checked on both lines.
  test: { ...base.test, include: ["packages/phoenix-otel-auth/test/**/*.test.ts"], exclude: [...configDefaults.exclude, "**/*.stress.test.ts"] },
});
