#!/usr/bin/env node
// Records what a real Phoenix answers with auth on and PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER=false, a setting the
// conformance suite's servers do not have (Phoenix's default is true), into
// packages/phoenix-mock/test/fixtures/oauth2-server-off.json: each request and its answer (the headers below, the body
// with the origin as `<origin>`). test/http/oauth2-server-off.test.ts sends the same requests to the mock and compares.
//
//   REAL_PHOENIX_SERVER_ENV=PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER=false \
//     scripts/real-phoenix.sh --no-auth-server -- node scripts/record-oauth2-server-off.mjs
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const OUT = fileURLToPath(new URL("../packages/phoenix-mock/test/fixtures/oauth2-server-off.json", import.meta.url));

const REQUESTS = [
  { method: "GET", path: "/auth.md" },
  { method: "GET", path: "/.well-known/oauth-protected-resource" },
  { method: "GET", path: "/.well-known/oauth-authorization-server", headers: { origin: "http://client.example" } },
  { method: "GET", path: "/.well-known/openid-configuration" },
  { method: "GET", path: "/oauth2/authorize?response_type=code&client_id=x" },
  { method: "POST", path: "/oauth2/authorize/decision" },
  { method: "POST", path: "/oauth2/token", headers: { origin: "http://client.example", "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=authorization_code" },
  { method: "POST", path: "/oauth2/revoke" },
  { method: "POST", path: "/oauth2/register", headers: { "content-type": "application/json" }, body: "{}" },
  { method: "OPTIONS", path: "/oauth2/register", headers: { origin: "http://client.example", "access-control-request-method": "POST" } },
];

/** The response headers kept: Phoenix's own, the CORS ones, and the mock's not-implemented mark. */
const COMPARED_HEADERS = [
  "content-type",
  "allow",
  "www-authenticate",
  "vary",
  "x-phoenix-server-version",
  "x-colab-notebook-cache-control",
  "x-phoenix-mock",
  "access-control-allow-origin",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
];

/** One request and its answer as the fixture keeps them. */
async function exchange(origin, request) {
  const response = await fetch(`${origin}${request.path}`, { method: request.method, headers: request.headers, body: request.body, redirect: "manual" });
  const headers = {};
  for (const name of COMPARED_HEADERS) headers[name] = response.headers.get(name);
  const body = (await response.text()).split(origin).join("<origin>");
  return { request, status: response.status, headers, body };
}

async function main() {
  const origin = process.env.PHOENIX_CONFORMANCE_URL?.replace(/\/+$/, "");
  if (!origin) throw new Error("run me through scripts/real-phoenix.sh (see the header)");
  if (!/\bPHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER=false\b/i.test(process.env.REAL_PHOENIX_SERVER_ENV ?? "")) {
    throw new Error("REAL_PHOENIX_SERVER_ENV must set PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER=false (see the header)");
  }
  const exchanges = [];
  for (const request of REQUESTS) exchanges.push(await exchange(origin, request));
  const version = process.env.PHOENIX_CONFORMANCE_PHOENIX_VERSION ?? "?";
  const fixture = {
    phoenixVersion: version,
    setting: "PHOENIX_ENABLE_AUTH=true PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER=false",
    recordedWith: "scripts/record-oauth2-server-off.mjs",
    exchanges,
  };
  writeFileSync(OUT, `${JSON.stringify(fixture, null, 2)}\n`);
  process.stderr.write(`wrote ${OUT}: ${exchanges.length} answers of Phoenix ${version}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`record-oauth2-server-off: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
