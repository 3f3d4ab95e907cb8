import type { RequestContext } from "../context.js";
import { PHOENIX_V1_ROUTES } from "../phoenix-routes.js";
import { PHOENIX_VERSION, text } from "../responses.js";
import type { Route } from "../router.js";

/** The mock's answer for what it does not serve: a 501 that names itself, never a fake success. */
export function notImplemented(ctx: Pick<RequestContext, "request" | "url">): Response {
  return text(
    501,
    `phoenix-mock does not implement ${ctx.request.method} ${ctx.url.pathname} (Phoenix ${PHOENIX_VERSION} may; see docs/divergences.md in phoenix-mock)`,
    { "x-phoenix-mock": "not-implemented" },
  );
}

/**
 * Phoenix's other /v1 routes (the generated table): behind the same auth (and viewer) checks as in Phoenix, then 501.
 * Added after the implemented routes, which win.
 */
export const notImplementedRoutes: Route[] = PHOENIX_V1_ROUTES.flatMap(({ methods, path }) =>
  methods.split(" ").map(
    (method): Route => ({ method: method as Route["method"], path, guard: "authenticated", handler: notImplemented }),
  ),
);
