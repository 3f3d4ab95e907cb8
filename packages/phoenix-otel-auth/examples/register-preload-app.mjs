// An app that knows nothing about Phoenix: tracing comes from the preload, configured by the environment alone.
//   PHOENIX_COLLECTOR_ENDPOINT=http://localhost:6006 PHOENIX_API_KEY=... \
//     node --import phoenix-otel-auth/register examples/register-preload-app.mjs
import { trace } from "@opentelemetry/api";

const tracer = trace.getTracer("preloaded-app");
tracer.startActiveSpan("preloaded-work", (span) => {
  span.setAttribute("work.items", 3);
  span.end();
});
console.log("work done");
// No shutdown call: the preload flushes pending spans when the process exits.
