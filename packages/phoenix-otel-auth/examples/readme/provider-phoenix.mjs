import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { register } from "phoenix-otel-auth";
import { createMockPhoenix } from "phoenix-mock";

const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const url = await phoenix.listen();
const provider = register({ url, batch: false }); // no key yet: the span is refused and held
provider.getTracer("app").startSpan("before-the-key").end();
await provider.forceFlush();
assert.equal(provider.phoenix.stats().held, 1); // { exported, rejected, dropped, failedExports, held, redelivered, heldDropped, lastFailure? }

const { key } = await phoenix.createSystemApiKey();
provider.phoenix.setApiKey(key); // use this key from the next export on (held spans are sent again with it)
provider.getTracer("app").startSpan("after-the-key").end();
await provider.forceFlush();
await phoenix.waitForSpans({ count: 2 });
assert.deepEqual({ ...provider.phoenix.stats(), lastFailure: undefined }, { exported: 2, rejected: 0, dropped: 0, failedExports: 1, held: 0, redelivered: 1, heldDropped: 0, lastFailure: undefined });

const check = await provider.phoenix.verify(); // { status, ok, url, httpStatus?, serverVersion?, message, timings? }
assert.equal(check.status, "ok");
assert.equal(provider.phoenix.endpoint, `${url}/v1/traces`); // e.g. "http://localhost:6006/v1/traces"
assert.equal(provider.phoenix.enabled, true); // false when tracing is off
await provider.shutdown();
await phoenix.close();
