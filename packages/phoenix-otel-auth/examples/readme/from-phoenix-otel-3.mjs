import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { BatchSpanProcessor, createPhoenixExporter, getTracer, register } from "phoenix-otel-auth";
import { createMockPhoenix } from "phoenix-mock";

const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const url = await phoenix.listen();
const { key } = await phoenix.createSystemApiKey();
// 3.0's form: processors from @opentelemetry/sdk-trace take an options object; ours are re-exported the same way.
const exporter = createPhoenixExporter({ url, apiKey: key });
const provider = register({ url, apiKey: key, projectName: "v3", spanProcessors: [new BatchSpanProcessor({ exporter })] });
assert.ok(provider instanceof TracerProvider); // the @opentelemetry/sdk-trace provider, as 3.0 returns
getTracer("app").startActiveSpan("follows-the-global-provider", (span) => span.end());
await provider.forceFlush();
const [span] = await phoenix.waitForSpans({ count: 1, project: "v3" });
assert.equal(span.name, "follows-the-global-provider");
assert.equal(exporter.stats().exported, 1); // counted by our exporter, behind 3.0's processor form
await provider.shutdown();
await phoenix.close();
