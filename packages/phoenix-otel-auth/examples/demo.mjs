// npm run demo: the main job end to end, with nothing to install or configure.
// A mock Phoenix with authentication on runs on a local port. The app traces to it with register():
//   1. no API key yet   -> Phoenix answers 401; register() says so on stderr, once, with the fix, and holds the span;
//   2. an admin creates a system API key, and the app's apiKey function starts returning it;
//   3. the next spans are accepted, the held one is sent again (once); register() reports "export recovered".
// The story is printed on stdout (the app's channel); phoenix-otel-auth's own diagnostics go to stderr.
import { randomBytes } from "node:crypto";
import { trace } from "@opentelemetry/api";
import { register, verifyConnection } from "phoenix-otel-auth";
import { createMockPhoenix } from "phoenix-mock";

const say = (line) => console.log(`demo> ${line}`);
const counts = () => {
  const { exported, rejected, dropped, held, redelivered } = provider.phoenix.stats();
  return `exported=${exported} rejected=${rejected} dropped=${dropped} held=${held} redelivered=${redelivered}`;
};

// PHOENIX_SECRET rules: >= 32 characters with a digit and a lowercase letter. Generated fresh on every run.
const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const url = await phoenix.listen();
say(`mock Phoenix (PHOENIX_ENABLE_AUTH=true) listening on ${url}`);

let apiKey; // no key yet
const provider = register({ url, projectName: "demo", batch: false, apiKey: () => apiKey, flushOnExit: false });
const tracer = trace.getTracer("demo");

say("step 1: sending a span without an API key");
tracer.startSpan("before-the-key").end();
await provider.forceFlush();
say(`Phoenix stored ${phoenix.spans({ project: "demo" }).length} spans; ${counts()}`);
say(`verifyConnection(): ${(await verifyConnection({ url })).status}`);

say("step 2: an admin creates a system API key; the app's apiKey function now returns it");
apiKey = (await phoenix.createSystemApiKey({ name: "demo" })).key;

say("step 3: sending spans with the key");
await tracer.startActiveSpan("answer-question", async (parent) => {
  tracer.startSpan("retrieve-documents").end();
  tracer.startSpan("call-llm").end();
  parent.end();
});
await provider.forceFlush();
const stored = await phoenix.waitForSpans({ project: "demo", count: 4 });
say(`Phoenix stored ${stored.length} spans in project "demo": ${stored.map((s) => s.name).join(", ")}`);
say(counts());
say(`verifyConnection() with the key: ${(await verifyConnection({ url, apiKey })).status}`);

await provider.shutdown();
await phoenix.close();
say("done");
