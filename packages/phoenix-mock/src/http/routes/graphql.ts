import type { GraphqlRequest } from "../graphql/index.js";
import { jsonNestedDeeperThan } from "../body.js";
import type { RequestContext } from "../context.js";
import { deletedCookie } from "../cookies.js";
import { json, respond, text } from "../responses.js";
import type { Route } from "../router.js";

/** Strawberry refuses a POST whose body is not declared JSON. */
function isJsonContentType(value: string | null): boolean {
  return (value ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** The GraphQL surface (and the `graphql` package) loads on the first GraphQL request: an OTLP-only mock never pays for it. */
let graphql: Promise<typeof import("../graphql/index.js")> | undefined;

async function answer(ctx: RequestContext, request: Omit<GraphqlRequest, "model" | "principal" | "traces">): Promise<Response> {
  const { executeGraphql } = await (graphql ??= import("../graphql/index.js"));
  const result = await executeGraphql({ ...request, model: ctx.state.model, principal: ctx.principal, traces: ctx.state.traces, log: ctx.state.log });
  const response = result.json !== undefined ? json(result.status, result.json) : text(result.status, result.text ?? "");
  for (const name of result.deleteCookies ?? []) response.headers.append("set-cookie", deletedCookie(name, ctx.state.model.now()));
  return response;
}

async function postGraphql(ctx: RequestContext): Promise<Response> {
  if (!isJsonContentType(ctx.request.headers.get("content-type"))) return text(400, "Unsupported content type");
  const raw = await ctx.request.text();
  let body: unknown;
  try {
    // JSON nested deeper than Phoenix's parsers go (a 500 there) is refused as unparsable, before anything recurses.
    if (jsonNestedDeeperThan(raw)) throw new SyntaxError("JSON nested too deeply");
    body = JSON.parse(raw);
  } catch {
    return answer(ctx, { body: undefined, invalidJson: true });
  }
  return answer(ctx, { body });
}

/**
 * GET runs queries from the URL (never mutations). Without a query a browser gets Phoenix's GraphiQL page (here a
 * short HTML note: the mock has no UI) and a JSON client the "no query" 400.
 */
async function getGraphql(ctx: RequestContext): Promise<Response> {
  const params = ctx.url.searchParams;
  const accept = ctx.request.headers.get("accept") ?? "*/*";
  if (!params.has("query") && (accept.includes("text/html") || accept.includes("*/*"))) {
    const page = "<!DOCTYPE html><title>phoenix-mock</title><p>phoenix-mock: POST GraphQL queries to this URL (no GraphiQL UI).</p>";
    return respond(200, page, { "content-type": "text/html; charset=utf-8" });
  }
  const rawVariables = params.get("variables");
  let variables: unknown;
  try {
    variables = rawVariables === null ? undefined : JSON.parse(rawVariables);
  } catch {
    return answer(ctx, { body: undefined, invalidJson: true, method: "GET" });
  }
  const body = { query: params.get("query") ?? undefined, variables, operationName: params.get("operationName") ?? undefined };
  return answer(ctx, { body, method: "GET" });
}

export const graphqlRoutes: Route[] = [
  { method: "POST", path: "/graphql", guard: "authenticated", handler: postGraphql },
  { method: "GET", path: "/graphql", guard: "authenticated", handler: getGraphql },
];
