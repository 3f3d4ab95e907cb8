// The one-liner: register() reads PHOENIX_COLLECTOR_ENDPOINT, PHOENIX_API_KEY, PHOENIX_PROJECT... from the environment.
//   PHOENIX_COLLECTOR_ENDPOINT=http://localhost:6006 PHOENIX_API_KEY=... node examples/register-minimal.mjs
import { trace } from "@opentelemetry/api";
import { register } from "phoenix-otel-auth";

const provider = register({ projectName: "minimal-example" });

const tracer = trace.getTracer("minimal-example");
await tracer.startActiveSpan("answer-question", async (span) => {
  span.setAttribute("input.value", "What is Phoenix?");
  span.setAttribute("output.value", "An open-source AI observability platform.");
  span.end();
});

// Optional: pending spans are also flushed on exit. shutdown() makes it explicit and lets us read the counters.
await provider.shutdown();
const { exported, rejected, dropped } = provider.phoenix.stats();
console.log(`exported=${exported} rejected=${rejected} dropped=${dropped}`);
