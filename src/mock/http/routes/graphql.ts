import { executeGraphql } from "../graphql/index.js";
import type { RequestContext } from "../context.js";
import { deletedCookie } from "../cookies.js";
import { internalServerError, json, respond, text } from "../responses.js";
import type { Route } from "../router.js";

async function postGraphql(ctx: RequestContext): Promise<Response> {
  const raw = await ctx.request.text();
  let body: unknown;
  let invalidJson = false;
  try {
    body = JSON.parse(raw);
  } catch {
    invalidJson = true;
  }
  const result = await executeGraphql({ model: ctx.state.model, principal: ctx.principal, body, invalidJson });
  if (result.status === 500) return internalServerError();
  const response = result.json !== undefined ? json(result.status, result.json) : text(result.status, result.text ?? "");
  for (const name of result.deleteCookies ?? []) response.headers.append("set-cookie", deletedCookie(name, ctx.state.model.now()));
  return response;
}

/** Phoenix serves GraphiQL here; the mock has no UI and says so in a small HTML page. */
function getGraphql(): Response {
  const page = "<!DOCTYPE html><title>phoenix-mock</title><p>phoenix-mock: POST GraphQL queries to this URL (no GraphiQL UI).</p>";
  return respond(200, page, { "content-type": "text/html; charset=utf-8" });
}

export const graphqlRoutes: Route[] = [
  { method: "POST", path: "/graphql", guard: "authenticated", handler: postGraphql },
  { method: "GET", path: "/graphql", guard: "authenticated", handler: getGraphql },
];
