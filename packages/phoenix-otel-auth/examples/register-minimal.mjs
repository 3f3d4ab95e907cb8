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
// Spans rejected for a missing or wrong key are held for a new key; at shutdown without one they count as heldDropped.
const { exported, rejected, dropped, heldDropped } = provider.phoenix.stats();
console.log(`exported=${exported} rejected=${rejected} dropped=${dropped} heldDropped=${heldDropped}`);
