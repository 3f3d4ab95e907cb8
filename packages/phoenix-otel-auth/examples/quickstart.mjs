import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { register } from "phoenix-otel-auth";
import { createMockPhoenix } from "phoenix-mock";

// PHOENIX_SECRET rules apply: 32+ characters with a digit and a lowercase letter.
const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const url = await phoenix.listen();
const { key } = await phoenix.createSystemApiKey();
const provider = register({ url, apiKey: key, projectName: "shop" });
provider.getTracer("shop").startSpan("checkout").end();
await provider.forceFlush(); // spans are batched (5 s by default); or register({ batch: false }) in tests
const [span] = await phoenix.waitForSpans({ count: 1, project: "shop" });
assert.equal(span.name, "checkout");
await provider.shutdown();
await phoenix.close();
console.log(`${span.name} reached project ${span.project}`);
