import type { RequestContext } from "./context.js";
import { PHOENIX_V1_ROUTES } from "./phoenix-routes.js";

/**
 * `authenticated`: behind Phoenix's `is_authenticated` dependency when auth is on (the /v1 REST API, /graphql).
 * `public`: no credential needed (health, version, discovery, /auth/*).
 */
export type Guard = "public" | "authenticated";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Starlette-style pattern: `/v1/users/{user_id}`; a parameter matches one path segment. */
  path: string;
  guard: Guard;
  /** Rate limited per client address: Phoenix's limiter on /auth/*, or the one on /client_errors. */
  rateLimited?: "auth" | "client-errors";
  /** The route takes a FastAPI body model: the body is read (and JSON errors answered) before authentication. */
  body?: boolean;
  handler: (ctx: RequestContext) => Promise<Response> | Response;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
  viewerRestricted: boolean;
  adminOnly: boolean;
}

/**
 * `viewerRestricted`: Phoenix mounts the route under `restrict_access_by_viewers` (a VIEWER's non-GET gets 403).
 * `adminOnly`: the route depends on Phoenix's `require_admin` (with auth on, a non-admin gets 403). Both are read from
 * Phoenix's route table (phoenix-routes.ts, generated from 20.26.1), the one place a route's access flags live.
 */
export type RouteMatch = { route: Route; params: Record<string, string>; viewerRestricted: boolean; adminOnly: boolean };

const VIEWER_RESTRICTED = new Set(PHOENIX_V1_ROUTES.filter((r) => r.viewerRestricted).map((r) => r.path));
const ADMIN_ONLY = new Set(PHOENIX_V1_ROUTES.flatMap((r) => (r.requireAdmin ?? "").split(" ").filter(Boolean).map((method) => `${method} ${r.path}`)));

/** A method + path table. HEAD is answered by the GET route, as uvicorn drops the body. */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path
        .split("/")
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(param[1]!);
          return "([^/]+)";
        })
        .join("/");
      this.#routes.push({
        route,
        regex: new RegExp(`^${source}$`),
        names,
        viewerRestricted: VIEWER_RESTRICTED.has(route.path),
        adminOnly: ADMIN_ONLY.has(`${route.method} ${route.path}`),
      });
    }
    return this;
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const wanted = method === "HEAD" ? "GET" : method;
    for (const { route, regex, names, viewerRestricted, adminOnly } of this.#routes) {
      if (route.method !== wanted) continue;
      const found = regex.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = safeDecode(found[i + 1]!)));
      return { route, params, viewerRestricted, adminOnly };
    }
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
