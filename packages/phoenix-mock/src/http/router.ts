import type { RequestContext } from "./context.js";

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
  /** Phoenix's `restrict_access_by_viewers`: non-GET requests from a VIEWER get 403. */
  viewerRestricted?: boolean;
  /** Rate limited per client address (Phoenix's limiter on /auth/*). */
  rateLimited?: boolean;
  /** The route takes a FastAPI body model: the body is read (and JSON errors answered) before authentication. */
  body?: boolean;
  handler: (ctx: RequestContext) => Promise<Response> | Response;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export type RouteMatch = { route: Route; params: Record<string, string> };

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
      this.#routes.push({ route, regex: new RegExp(`^${source}$`), names });
    }
    return this;
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const wanted = method === "HEAD" ? "GET" : method;
    for (const { route, regex, names } of this.#routes) {
      if (route.method !== wanted) continue;
      const found = regex.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = safeDecode(found[i + 1]!)));
      return { route, params };
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
