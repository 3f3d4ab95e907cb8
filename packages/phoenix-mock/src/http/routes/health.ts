import { PHOENIX_VERSION, json, text } from "../responses.js";
import type { Route } from "../router.js";

/** Liveness, readiness and version. Open even with auth on. */
export const healthRoutes: Route[] = [
  { method: "GET", path: "/healthz", guard: "public", handler: () => text(200, "OK") },
  { method: "GET", path: "/readyz", guard: "public", handler: () => json(200, {}) },
  { method: "GET", path: "/arize_phoenix_version", guard: "public", handler: () => text(200, PHOENIX_VERSION) },
];
