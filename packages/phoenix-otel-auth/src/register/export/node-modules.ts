// What our requests need, loaded on the first one, not at start-up: node:http, node:https and node:zlib (OpenTelemetry's
// own transport waits the same way), so a cold start does not pay for http, tls and zlib before anything is sent, and
// OTel's OTLP exporter parts. The node modules are the module objects themselves, looked up per request, so MSW's
// patches on http.request and https.request are seen.
import { createRequire } from "node:module";
import { context } from "@opentelemetry/api";
import type * as ExporterBase from "@opentelemetry/otlp-exporter-base";
import type * as Transformer from "@opentelemetry/otlp-transformer";
import { suppressTracing } from "../../lazy/core.js";
import { loadSync } from "../../lazy/stubs.js";
import type Http from "node:http";
import type Https from "node:https";
import type Zlib from "node:zlib";

const requireHere = createRequire(import.meta.url);
let loaded: { http: typeof Http; https: typeof Https; zlib: typeof Zlib } | undefined;

export function nodeModules(): { http: typeof Http; https: typeof Https; zlib: typeof Zlib } {
  return (loaded ??= {
    http: requireHere("node:http") as typeof Http,
    https: requireHere("node:https") as typeof Https,
    zlib: requireHere("node:zlib") as typeof Zlib,
  });
}

/**
 * Runs `send` (one of our own requests) with tracing suppressed, so that an HTTP instrumentation makes no span of it,
 * whichever context it starts from: an export, a re-send from a key-file watcher or timer, verify, the exit flush.
 */
export function untraced<T>(send: () => T): T {
  return context.with(suppressTracing(context.active()), send);
}

// OTel's OTLP exporter parts load on the first export, not at start-up: importing these CommonJS packages from ESM on
// the 2.x line costs 2-5 ms of export-name scanning, for an exporter that has nothing to send yet.
let otlp: { base: typeof ExporterBase; transformer: typeof Transformer } | undefined;
/** @opentelemetry/otlp-exporter-base and otlp-transformer, loaded once, as the app's own import would get them. */
export function otlpPackages(): { base: typeof ExporterBase; transformer: typeof Transformer } {
  otlp ??= {
    base: loadSync("@opentelemetry/otlp-exporter-base", () => requireHere("@opentelemetry/otlp-exporter-base")) as unknown as typeof ExporterBase,
    transformer: loadSync("@opentelemetry/otlp-transformer", () => requireHere("@opentelemetry/otlp-transformer")) as unknown as typeof Transformer,
  };
  return otlp;
}
