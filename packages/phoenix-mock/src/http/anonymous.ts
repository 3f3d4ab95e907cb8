import { TEXT } from "./responses.js";

/**
 * Phoenix's anonymous surfaces (phoenix/server/middleware/anonymous_cors.py): the discovery documents and the OAuth2
 * and MCP endpoints that honour no cookies. Phoenix exempts them from the CSRF origin check and answers them with
 * wildcard, non-credentialed CORS, whether or not a route serves the path. Its MCP endpoint is mounted by default
 * (PHOENIX_ENABLE_MCP_SERVER), so `/mcp` is one of them, though the mock does not serve it.
 */
const EXACT = new Set(["/oauth2/register", "/oauth2/token", "/oauth2/revoke", "/mcp"]);
const PREFIXES = ["/.well-known/", "/mcp/"];

/** What the CORS layer lets a page read, with the MCP endpoint mounted. */
const EXPOSE_HEADERS = "Mcp-Session-Id, WWW-Authenticate";

export function isAnonymousSurface(pathname: string): boolean {
  return EXACT.has(pathname) || PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * The CORS preflight of an anonymous surface (OPTIONS with `Origin` and `Access-Control-Request-Method`), answered
 * before any other check by Phoenix's outermost middleware: `200 OK`, without Phoenix's usual headers or `vary`.
 * Requested headers are echoed (a wildcard would not cover Authorization).
 */
export function anonymousPreflight(request: Request, pathname: string): Response | undefined {
  const { headers } = request;
  if (request.method !== "OPTIONS" || !isAnonymousSurface(pathname)) return undefined;
  if (!headers.has("origin") || !headers.has("access-control-request-method")) return undefined;
  const answer: Record<string, string> = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
    "access-control-max-age": "600",
  };
  const requested = headers.get("access-control-request-headers");
  if (requested) answer["access-control-allow-headers"] = requested;
  return new Response(new TextEncoder().encode("OK"), { status: 200, headers: { ...answer, "content-type": TEXT } });
}

/** Any other answer on an anonymous surface to a request with an `Origin` (not the bare 500, which bypasses it). */
export function withAnonymousCors(request: Request, pathname: string, response: Response): Response {
  if (!isAnonymousSurface(pathname) || !request.headers.has("origin")) return response;
  response.headers.set("access-control-allow-origin", "*");
  response.headers.set("access-control-expose-headers", EXPOSE_HEADERS);
  return response;
}
