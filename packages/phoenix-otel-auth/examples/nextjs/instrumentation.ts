// Next.js calls register() once per server start (https://nextjs.org/docs/app/guides/instrumentation). Tracing is
// set up only for the Node.js runtime; phoenix-otel-auth reads PHOENIX_COLLECTOR_ENDPOINT and PHOENIX_API_KEY.
// A configuration problem (an endpoint without a scheme, a key with a line break) turns tracing off with one
// message: the app keeps serving.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { register: registerPhoenix } = await import("phoenix-otel-auth");
  registerPhoenix({ projectName: "nextjs-example" });
  // The Vercel AI SDK's spans go to the global tracer provider that register() set.
  const { registerTelemetry } = await import("ai");
  const { OpenTelemetry } = await import("@ai-sdk/otel");
  registerTelemetry(new OpenTelemetry());
}
