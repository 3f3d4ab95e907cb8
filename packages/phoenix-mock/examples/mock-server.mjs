// The mock Phoenix on a real local port, with authentication on: create a system API key, send a span through the
// standard OpenTelemetry OTLP/HTTP exporter, and read it back (in process and over Phoenix's REST API).
//   node examples/mock-server.mjs
import { randomBytes } from "node:crypto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createMockPhoenix } from "phoenix-mock";

// PHOENIX_SECRET rules: at least 32 characters, a digit and a lowercase letter. Generated fresh on every run.
const phoenix = createMockPhoenix({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
const url = await phoenix.listen(); // a free port on 127.0.0.1
const { key } = await phoenix.createSystemApiKey({ name: "example" });

const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces`, headers: { authorization: `Bearer ${key}` } });
const provider = new TracerProvider({
  resource: resourceFromAttributes({ "openinference.project.name": "mock-example" }),
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
provider.getTracer("example").startSpan("hello", { attributes: { "openinference.span.kind": "CHAIN" } }).end();

const [span] = await phoenix.waitForSpans({ count: 1, project: "mock-example" });
console.log(`mock Phoenix at ${url} stored span "${span.name}" in project "${span.project}"`);

const response = await fetch(`${url}/v1/projects/mock-example/spans`, { headers: { authorization: `Bearer ${key}` } });
const { data } = await response.json();
console.log(`GET /v1/projects/mock-example/spans -> ${response.status}: ${data.map((s) => `${s.name} (${s.span_kind})`).join(", ")}`);

await provider.shutdown();
await phoenix.close();
