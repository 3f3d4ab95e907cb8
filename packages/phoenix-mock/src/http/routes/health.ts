import { PHOENIX_VERSION, json, text } from "../responses.js";
import type { Route } from "../router.js";

/** Liveness, readiness, version and the RFC 9728 discovery document. Open even with auth on. */
export const healthRoutes: Route[] = [
  { method: "GET", path: "/healthz", guard: "public", handler: () => text(200, "OK") },
  { method: "GET", path: "/readyz", guard: "public", handler: () => json(200, {}) },
  { method: "GET", path: "/arize_phoenix_version", guard: "public", handler: () => text(200, PHOENIX_VERSION) },
  {
    method: "GET",
    path: "/.well-known/oauth-protected-resource",
    guard: "public",
    handler: ({ origin, state }) =>
      json(200, {
        resource: origin,
        resource_name: "Arize Phoenix",
        // Phoenix advertises its OAuth2 authorization server whenever auth is on (the mock does not implement it).
        authorization_servers: state.config.enableAuth ? [origin] : [],
        bearer_methods_supported: ["header"],
        resource_documentation: `${origin}/auth.md`,
      }),
  },
];
