import assert from "node:assert/strict";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createMockPhoenix } from "phoenix-mock";

const mock = createMockPhoenix({ maxSpansQueueSize: 1 });
const url = await mock.listen();
const post = () => fetch(`${url}/v1/traces`, { method: "POST", body: new Uint8Array(), headers: { "content-type": "application/x-protobuf" } });

// A fault: the next two exports get 503 with Retry-After, then Phoenix answers again.
const busy = mock.injectFault({ status: 503, retryAfter: 2, times: 2 });
const first = await post();
assert.deepEqual([first.status, first.headers.get("retry-after"), await first.text()], [503, "2", "Service Unavailable"]);
assert.equal((await post()).status, 503);
assert.equal((await post()).status, 200);
assert.equal(busy.hits, 2);

// Capacity: with inserts paused, accepted spans wait in Phoenix's span queue; once it holds maxSpansQueueSize, 503.
mock.pauseInserts();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))] });
provider.getTracer("example").startSpan("queued").end();
await provider.forceFlush();
const full = await post();
assert.deepEqual([full.status, await full.text()], [503, "Server is at capacity and cannot process more requests"]);
assert.deepEqual(mock.spans(), []); // accepted, not stored yet
mock.resumeInserts();
assert.deepEqual(mock.spans().map((span) => span.name), ["queued"]);
assert.deepEqual(mock.spanStats(), { stored: 1, evicted: 0, maxSpans: undefined, queued: 0, refusedAtCapacity: 1, faulted: 2 });
await provider.shutdown();
await mock.close();
