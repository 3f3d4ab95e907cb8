// The names of @arizeai/phoenix-otel 2.1 that are not OpenTelemetry or OpenInference re-exports.
import { checkEntryArguments, configOptions } from "../../args.js";
import { warnConfiguration } from "../report/display.js";
import type { AttributeValue } from "@opentelemetry/api";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";
import { AlwaysOffSampler, TracerProvider } from "@opentelemetry/sdk-trace";
import { PhoenixConfigError } from "../../errors.js";
import { maskTokenLike } from "../../../../internal/src/secrets.js";
import { resolveConfig } from "../config/resolve.js";
import { Diagnostics } from "../report/logger.js";
import { buildPipeline } from "../export/pipeline.js";
import type { Env, RegisterOptions } from "../types.js";

/** `@arizeai/phoenix-otel`'s name for register()'s options. */
export type RegisterParams = RegisterOptions;

/** Request headers, as `@arizeai/phoenix-otel` types them. */
export type Headers = Record<string, string>;

/**
 * A tracer provider that records nothing: every span is non-recording (an always-off sampler) and nothing is
 * exported. (`@arizeai/phoenix-otel`'s records and samples spans and only never exports them.)
 */
export function createNoOpProvider(): TracerProvider {
  return new TracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [] });
}

/** A plain object as OpenTelemetry attributes: entries whose value is `null` are dropped (`undefined` ones are kept). */
export function objectAsAttributes<T extends Record<string, unknown>>(obj: T): Record<string, AttributeValue> {
  configOptions("objectAsAttributes", "obj", obj, { what: "a plain object of attributes", required: true });
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== null)) as Record<string, AttributeValue>;
}

/**
 * A Phoenix base URL as its OTLP traces URL, exactly as `@arizeai/phoenix-otel` 2.1 does it: a URL that does not contain
 * `/v1/traces` gets `/v1/traces` appended to its path (query kept); one that contains it is returned as parsed.
 * An invalid URL throws PhoenixConfigError naming the argument (theirs throws a bare `TypeError: Invalid URL`).
 */
export function ensureCollectorEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PhoenixConfigError(
      "url",
      maskTokenLike(String(url)),
      `ensureCollectorEndpoint(url): ${JSON.stringify(maskTokenLike(String(url)))} is not an absolute URL. Pass one with a scheme, such as "http://localhost:6006".`,
    );
  }
  if (url.includes("/v1/traces")) return parsed.toString();
  if (!parsed.pathname.endsWith("/")) parsed.pathname += "/";
  parsed.pathname += "v1/traces";
  return parsed.toString();
}

/**
 * The default Phoenix span processor for your own provider: OpenInference translation of Vercel AI SDK spans,
 * batching (unless `batch: false`), and the counted exporter that reports auth and connection failures once.
 * Reads the same options and environment variables as register().
 */
export function getDefaultSpanProcessor(
  params: Pick<RegisterOptions, "url" | "apiKey" | "headers" | "batch" | "openInference" | "logger"> = {},
  env: Env = process.env,
): SpanProcessor {
  checkEntryArguments("getDefaultSpanProcessor", params, env, "params");
  const diagnostics = new Diagnostics(params.logger);
  const config = resolveConfig(params, env);
  warnConfiguration(diagnostics, config.warnings);
  // No exit hooks of ours here: the transport's sockets hold the process while an export is in flight, as the SDK's do.
  return buildPipeline(config, params, diagnostics, { env, unref: false }).processor;
}
