import { adminProblem, rejectIf, requireAuthEnabled as authEnabledOrRefuse, type Principal } from "../core/index.js";
import type { RequestContext } from "./context.js";
import { HttpError } from "./errors.js";

/** Phoenix's `require_auth_enabled`: routes that mint or manage credentials exist only with auth on. */
export function requireAuthEnabled(ctx: RequestContext): void {
  authEnabledOrRefuse(ctx.state.config);
}

/** Phoenix's REST `require_admin`: an ADMIN's valid credential or the admin secret; anyone while auth is off. */
export function requireAdmin(ctx: RequestContext): void {
  rejectIf(adminProblem(ctx.state.config, ctx.principal, "allowed"));
}

/** The authenticated principal of a route behind `is_authenticated` with auth on. */
export function principalOf(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new HttpError(401, "Not authenticated");
  return ctx.principal;
}
