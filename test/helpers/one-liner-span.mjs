// After the README's register() one-liner (examples/readme/register.mjs) in the same process: one span through the
// global OpenTelemetry API, as app code would; nothing flushes it but register()'s exit handling.
import { trace } from "@opentelemetry/api";

trace.getTracer("readme").startSpan("one-liner").end();
