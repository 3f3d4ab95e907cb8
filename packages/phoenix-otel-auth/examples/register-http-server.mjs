// An HTTP server app traced to Phoenix. Each request gets a span; the process flushes pending spans when it is
// stopped with SIGTERM or Ctrl-C (register() installs bounded exit hooks), so nothing is lost on deploys.
//   PHOENIX_API_KEY=... PORT=3000 node examples/register-http-server.mjs
import { createServer } from "node:http";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { register } from "phoenix-otel-auth";

register({ projectName: "http-server-example", serviceName: "greeter" });
const tracer = trace.getTracer("greeter");

const server = createServer((req, res) => {
  tracer.startActiveSpan(`${req.method} ${req.url}`, (span) => {
    const name = new URL(req.url ?? "/", "http://x").searchParams.get("name") ?? "world";
    span.setAttribute("http.request.method", req.method ?? "GET");
    span.setAttribute("greeting.name", name);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`hello ${name}\n`);
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
  });
});

server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
