// node:http, node:https and node:zlib load on the first request, not at start-up (OpenTelemetry's own transport waits
// the same way): a cold start does not pay for http, tls and zlib before anything is sent. These are the module
// objects themselves, looked up per request, so MSW's patches on http.request and https.request are seen.
import { createRequire } from "node:module";
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
