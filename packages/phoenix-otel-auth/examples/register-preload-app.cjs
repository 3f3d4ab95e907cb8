// The CommonJS variant: node --require phoenix-otel-auth/register examples/register-preload-app.cjs
const { trace } = require("@opentelemetry/api");

const tracer = trace.getTracer("preloaded-cjs-app");
tracer.startActiveSpan("preloaded-cjs-work", (span) => {
  span.end();
});
console.log("work done");
