// node:http, node:https and node:zlib load on the first request, not at start-up (OpenTelemetry's own transport waits
// the same way): a cold start does not pay for http, tls and zlib before anything is sent. These are the module
// objects themselves, looked up per request, so MSW's patches on http.request and https.request are seen.
import { createRequire } from "node:module";
import { context } from "@opentelemetry/api";
import { suppressTracing } from "../../lazy/core.js";
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
