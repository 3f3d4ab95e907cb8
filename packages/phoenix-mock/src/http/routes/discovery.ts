import type { MockPhoenixConfig } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { json, respond } from "../responses.js";
import type { Route } from "../router.js";
import { notImplemented } from "./not-implemented.js";

/**
 * Phoenix's agent-auth discovery (phoenix/server/api/routers/auth_md.py), open even with auth on: the RFC 9728
 * protected-resource document and the auth.md guide. Both name an authorization server only while Phoenix serves one:
 * auth on and PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER (default true).
 */
export const discoveryRoutes: Route[] = [
  {
    method: "GET",
    path: "/.well-known/oauth-protected-resource",
    guard: "public",
    handler: ({ origin, state }) =>
      json(200, {
        resource: origin,
        resource_name: "Arize Phoenix",
        authorization_servers: state.config.enableOauth2AuthorizationServer ? [origin] : [],
        bearer_methods_supported: ["header"],
        resource_documentation: `${origin}/auth.md`,
      }),
  },
  {
    method: "GET",
    path: "/auth.md",
    guard: "public",
    handler: ({ origin, state }) => respond(200, authMd(origin, state.config), { "content-type": "text/markdown; charset=utf-8" }),
  },
];

/**
 * The routes of Phoenix's OAuth2 authorization server (phoenix/server/api/routers/oauth2_authorization_server.py),
 * mounted with auth on. Switched off by PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER, each answers Phoenix's 404; on,
 * the mock, which implements no authorization server, answers its 501.
 */
export const authorizationServerRoutes: Route[] = (
  [
    ["GET", "/.well-known/oauth-authorization-server"],
    ["GET", "/.well-known/openid-configuration"],
    ["GET", "/oauth2/authorize"],
    ["POST", "/oauth2/authorize/decision"],
    ["POST", "/oauth2/token"],
    ["POST", "/oauth2/revoke"],
    ["POST", "/oauth2/register"],
  ] as const
).map(([method, path]) => ({ method, path, guard: "public", handler: authorizationServer }));

function authorizationServer(ctx: RequestContext): Response {
  if (!ctx.state.config.enableOauth2AuthorizationServer) {
    throw new HttpError(404, "The OAuth2 authorization server is disabled on this deployment.");
  }
  return notImplemented(ctx);
}

/** Phoenix's auth.md, one of its three texts: auth off; auth on without and with the authorization server. */
function authMd(base: string, config: MockPhoenixConfig): string {
  const section = (...lines: string[]): string => `${lines.join("\n")}\n\n`;
  const head = section("# auth.md") + section("Arize Phoenix — AI observability & evaluation platform.");
  const resource = section(
    `**Resource:** ${base}`,
    `**Protected Resource Metadata:** ${base}/.well-known/oauth-protected-resource`,
  );
  const convention = "This document follows the [auth.md convention](https://workos.com/auth-md/docs/apps).\n";
  if (!config.enableAuth) {
    const open = section(
      "This deployment is running **without authentication**. All endpoints are",
      "publicly accessible — no credentials are required.",
    );
    return head + open + resource + convention;
  }
  const bearer = section(
    "This deployment requires bearer-token authentication. Send an",
    "`Authorization: Bearer <token>` header on every request.",
  );
  const credentials = [
    "- **API key**: created in the Phoenix UI under **Settings → API Keys**. API",
    "  keys are recommended for long-lived, non-interactive integrations.",
    `- **Access token**: \`POST ${base}/auth/login\` with JSON body`,
    '  `{"email": "...", "password": "..."}` sets a `phoenix-access-token`',
    "  cookie usable as a bearer token. Renew an expired token via",
    `  \`POST ${base}/auth/refresh\` with the \`phoenix-refresh-token\` cookie.`,
  ];
  const use =
    section("## Use the credential") +
    section("```", `GET ${base}/v1/projects`, "Authorization: Bearer <api-key-or-access-token>", "```") +
    section(
      "Requests without a valid token receive `401 Unauthorized` with a",
      "`WWW-Authenticate` challenge pointing at the Protected Resource Metadata",
      "above.",
    );
  const support =
    section("## Support") + section("For integration issues, open an issue at", "https://github.com/Arize-ai/phoenix/issues.");
  if (!config.enableOauth2AuthorizationServer) {
    const disabled = section(
      "Interactive OAuth2 login is disabled on this deployment. There is no",
      "authorization server to discover; obtain a credential through one of",
      "the mechanisms below.",
    );
    return head + bearer + resource + disabled + section("## Obtain a credential") + section(...credentials) + use + support + convention;
  }
  const flow =
    section("## OAuth2 authorization code flow") +
    section("Phoenix exposes an OAuth2 authorization server for browser-based login to", "agent credentials:") +
    section(
      `- Authorization endpoint: \`GET ${base}/oauth2/authorize\``,
      `- Token endpoint: \`POST ${base}/oauth2/token\``,
      `- Revocation endpoint: \`POST ${base}/oauth2/revoke\``,
      `- Discovery: \`GET ${base}/.well-known/oauth-authorization-server\``,
    );
  const oauthToken = [
    "- **OAuth2 access token**: use authorization code with PKCE. Tokens act",
    "  with the permissions of the user who approved the authorization.",
  ];
  const scopes =
    section("## Scopes") +
    section(
      "Phoenix does not currently restrict OAuth2 credentials by scope. A token",
      "obtained through the authorization code flow carries the permissions of",
      "the user who approved it, including write operations permitted by that",
      "user's role.",
    );
  return (
    head + bearer + resource + flow + section("## Obtain a credential") + section(...oauthToken, ...credentials) + use + scopes + support + convention
  );
}
