import { maskSecret } from "../../../../internal/src/secrets.js";
import type { ResolvedConfig } from "../config/resolve.js";
import type { FailureContext } from "./failures.js";
import { describeSource } from "../config/parse.js";
import type { ConfigSource } from "../types.js";
import type { Diagnostics } from "./logger.js";

/** A URL for messages: origin and path only (a query string could carry a token). */
export function displayUrl(href: string): string {
  const url = new URL(href);
  return `${url.origin}${url.pathname}`;
}

/** The current key facts, as `Credentials` gives them. */
export interface KeyFacts {
  readonly lastSentKey: boolean;
  readonly keySource: string | undefined;
}

export function failureContext(config: ResolvedConfig, credentials: KeyFacts): FailureContext {
  return {
    url: displayUrl(config.endpoint.value),
    endpointSource: describeSource(config.endpoint.source),
    endpointVerbatim: config.endpoint.source.from === "env" && config.endpoint.source.name === "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    keySent: credentials.lastSentKey,
    keySource: credentials.keySource,
    timeoutMillis: config.timeoutMillis.value,
  };
}

/** "ParentBased{root=AlwaysOnSampler, remoteParentSampled=…}" -> "ParentBased{root=AlwaysOnSampler}". */
function samplerName(text: string): string {
  const [head] = text.split(",");
  return head !== undefined && head !== text ? `${head}}` : text;
}

function from(source: ConfigSource): string {
  return source.from === "default" ? "default" : `from ${describeSource(source)}`;
}

/** The opt-in `verbose` summary: where each value came from; header values masked, the key never shown. */
export function summaryLines(config: ResolvedConfig, processor: string): string[] {
  const auth = config.authorization;
  const headerLines = Object.entries(config.headers).map(([name, r]) => `${name}: ${maskSecret(r.value)} (${from(r.source)})`);
  if (auth.kind === "static") headerLines.unshift(`authorization: Bearer **** (${from(auth.source)})`);
  if (auth.kind === "dynamic") headerLines.unshift(`authorization: Bearer **** (read on every export ${from(auth.source)})`);
  if (auth.kind === "file") headerLines.unshift(`authorization: Bearer **** (key file ${auth.path} ${from(auth.source)}, re-read when it changes)`);
  return [
    "tracing to Phoenix",
    `  endpoint:  ${displayUrl(config.endpoint.value)} (${from(config.endpoint.source)})`,
    `  project:   ${config.projectName.value} (${from(config.projectName.source)})`,
    `  service:   ${config.serviceName.value ?? "SDK default"} (${from(config.serviceName.source)})`,
    `  processor: ${processor}`,
    `  sampler:   ${samplerName(config.sampler.value.toString())} (${from(config.sampler.source)})`,
    `  transport: OTLP/HTTP protobuf, compression ${config.compression.value} (${from(config.compression.source)}), timeout ${config.timeoutMillis.value} ms`,
    `  headers:   ${headerLines.length === 0 ? "none (no API key)" : headerLines.join(", ")}`,
  ];
}

/** The checks of `npx phoenix-otel-auth doctor` (src/doctor.ts) that our messages point to. */
export const DOCTOR_CHECK = { configuration: "configuration", environment: "environment", accepted: "spans accepted" } as const;

/** The sentence that ends a message: which doctor check explains it. */
export function seeDoctor(check: (typeof DOCTOR_CHECK)[keyof typeof DOCTOR_CHECK]): string {
  return `\`npx phoenix-otel-auth doctor\` explains this (check "${check}").`;
}

/** The configuration's warnings (a typo'd variable, a key in a header Phoenix does not read, ...), each said once. */
export function warnConfiguration(diagnostics: Diagnostics, warnings: readonly string[]): void {
  for (const warning of warnings) diagnostics.warnOnce(warning, `${warning} ${seeDoctor(DOCTOR_CHECK.environment)}`);
}
