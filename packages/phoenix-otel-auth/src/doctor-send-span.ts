// `phoenix-otel-auth doctor --send-span`: one test span through the exporter register() builds, to the configured
// project, then, when the key may read spans, the span read back from Phoenix's REST API
// (GET /v1/projects/{project}/spans), so "accepted" is followed to "stored".
import { randomBytes } from "node:crypto";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { buildResource } from "./register/config/resource.js";
import type { ResolvedConfig } from "./register/config/resolve.js";
import { buildExporter } from "./register/export/pipeline.js";
import type { Diagnostics } from "./register/report/logger.js";
import type { Env } from "./register/types.js";

/** One line of doctor's report. */
export interface DoctorCheck {
  check: string;
  /** `warn`: worth fixing, but traces are not refused for it. */
  verdict: "ok" | "warn" | "fail";
  detail: string;
}

const NAME = "phoenix-otel-auth doctor";

/** `config` is the one doctor resolved: the exporter is built from it, as register() builds its own. */
export async function sendTestSpan(config: ResolvedConfig, diagnostics: Diagnostics, env: Env, timeoutMillis: number): Promise<DoctorCheck[]> {
  const project = config.projectName.value;
  const { exporter, reporter, credentials } = buildExporter(config, {}, diagnostics, { env, unref: false });
  const provider = new TracerProvider({ resource: buildResource(config, {}), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const span = provider.getTracer(NAME).startSpan(NAME, { attributes: { "phoenix_otel_auth.doctor": randomBytes(8).toString("hex") } });
  const spanId = span.spanContext().spanId;
  span.end();
  const { headers } = await credentials.snapshot(); // for the read-back, before shutdown() stops the credentials
  await provider.shutdown();
  const stats = reporter.snapshot();
  if (stats.exported !== 1) {
    const counts = Object.entries(stats).filter(([, n]) => n > 0).map(([what, n]) => `${what} ${n}`).join(", ");
    return [{ check: "test span", verdict: "fail", detail: `not accepted (${counts || "no answer"}): see "spans accepted"` }];
  }
  const sent: DoctorCheck = { check: "test span", verdict: "ok", detail: `"${NAME}" sent to project ${project} and accepted (span id ${spanId})` };
  if (!config.endpoint.value.endsWith("/v1/traces")) {
    return [sent, { check: "test span stored", verdict: "warn", detail: "not checked: the endpoint does not end in /v1/traces, so Phoenix's base URL is unknown" }];
  }
  const base = config.endpoint.value.slice(0, -"/v1/traces".length);
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    let status: number;
    let found = false;
    try {
      const res = await fetch(`${base}/v1/projects/${encodeURIComponent(project)}/spans?limit=100`, { headers, signal: AbortSignal.timeout(timeoutMillis) });
      status = res.status;
      if (res.ok) found = ((await res.json()) as { data?: Array<{ context?: { span_id?: string } }> }).data?.some((s) => s.context?.span_id === spanId) ?? false;
    } catch (error) {
      return [sent, { check: "test span stored", verdict: "warn", detail: `not checked: reading it back failed (${(error as Error).message})` }];
    }
    if (found) return [sent, { check: "test span stored", verdict: "ok", detail: `read back from ${base}/v1/projects/${project}/spans` }];
    if (status === 401 || status === 403) {
      return [sent, { check: "test span stored", verdict: "warn", detail: `not checked: this key may not read spans (${status}); look for "${NAME}" in project ${project}` }];
    }
    if (Date.now() >= deadline) {
      return [sent, { check: "test span stored", verdict: "fail", detail: `accepted, but not readable from ${base}/v1/projects/${project}/spans within ${timeoutMillis} ms (last answer ${status})` }];
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
