import { generateToken } from "../../../../test/helpers/secrets.js";
import { Kind, parse, type OperationDefinitionNode } from "graphql";

/**
 * A hand-written, stateful FAKE of Phoenix 20.26.1 for PhoenixAdmin's unit tests (auth on,
 * PHOENIX_DISABLE_RATE_LIMIT=true): a `fetch` that keeps just enough state to play the setup flows (sessions, users,
 * API keys) and records every request, so tests can check what the client sent. It is not Phoenix: the answers
 * PhoenixAdmin depends on (status codes, headers, cookies, plain-text bodies, GraphQL error messages) are checked
 * against the real server's recorded answers in fake-phoenix.test.ts (contract/expected.json), and
 * phoenix-admin.mock.test.ts runs the same steps against the mock. JWT values are generated at run time.
 */

export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  /** For /graphql: the name of the single top-level field of the operation (parsed with graphql-js). */
  graphqlField?: string;
  variables?: Record<string, unknown>;
}

const JWT_HEADER = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"; // {"typ":"JWT","alg":"HS256"}, as Phoenix issues

export function fakeJwt(jti: string): string {
  return `${JWT_HEADER}.${Buffer.from(JSON.stringify({ jti })).toString("base64url")}.${generateToken(32)}`;
}

const COMMON = { "x-colab-notebook-cache-control": "no-cache", "x-phoenix-server-version": "20.26.1" };
const WWW_AUTH = 'Bearer realm="Arize Phoenix", resource_metadata="http://127.0.0.1:16106/.well-known/oauth-protected-resource"';

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", ...COMMON, ...extra } });
}
function json(body: unknown, init: { status?: number; setCookies?: string[] } = {}): Response {
  const headers = new Headers({ "content-type": "application/json", ...COMMON });
  for (const cookie of init.setCookies ?? []) headers.append("set-cookie", cookie);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}
function graphqlError(field: string, message: string, column: number): Response {
  return json({ data: null, errors: [{ message, locations: [{ line: 1, column }], path: [field] }] });
}
const deleteCookie = (name: string) => `${name}=""; expires=${new Date().toUTCString()}; Max-Age=0; Path=/; SameSite=lax`;

interface User {
  id: string;
  email: string;
  username: string;
  password: string;
  role: "ADMIN" | "MEMBER" | "VIEWER";
}

export interface FakePhoenix {
  fetch: typeof fetch;
  requests: SeenRequest[];
  /** Spans served by GET /v1/projects/{project}/spans, keyed by project name. */
  projects: Map<string, unknown[]>;
  /** Extra bearer credentials accepted as the admin (e.g. a stand-in for PHOENIX_ADMIN_SECRET). */
  adminTokens: Set<string>;
}

export function fakePhoenix(): FakePhoenix {
  const users: User[] = [{ id: "VXNlcjoy", email: "admin@localhost", username: "admin", password: "admin", role: "ADMIN" }];
  const sessions = new Map<string, User>(); // access token -> user
  const systemKeys = new Map<string, string>(); // global id -> jwt
  const apiKeys = new Map<string, User>(); // jwt -> owner (system keys belong to the admin here)
  const requests: SeenRequest[] = [];
  const projects = new Map<string, unknown[]>([["default", []]]);
  const adminTokens = new Set<string>();
  let nextId = 1;

  function principal(headers: Headers): User | undefined {
    const authorization = headers.get("authorization");
    if (authorization) {
      const token = authorization.replace(/^Bearer /i, "");
      if (adminTokens.has(token)) return users[0];
      return sessions.get(token) ?? apiKeys.get(token);
    }
    const cookie = headers.get("cookie") ?? "";
    const access = /(?:^|; )phoenix-access-token=([^;]+)/.exec(cookie)?.[1];
    return access ? sessions.get(access) : undefined;
  }

  const handle = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? init.body : "";
    const seen: SeenRequest = { method: init.method ?? "GET", path: url.pathname + url.search, headers, body };
    requests.push(seen);

    if (url.pathname === "/auth/login" && seen.method === "POST") {
      const { email, password } = JSON.parse(body) as { email?: string; password?: string };
      if (!email || !password) return text(401, "Email and password required", { "www-authenticate": WWW_AUTH });
      const user = users.find((u) => u.email === email.toLowerCase() && u.password === password);
      if (!user) return text(401, "Invalid email and/or password", { "www-authenticate": WWW_AUTH });
      const n = nextId++;
      const access = fakeJwt(`AccessToken:${n}`);
      sessions.set(access, user);
      const headersOut = new Headers(COMMON);
      headersOut.append("set-cookie", `phoenix-access-token=${access}; HttpOnly; Max-Age=600; Path=/; SameSite=strict`);
      headersOut.append("set-cookie", `phoenix-refresh-token=${fakeJwt(`RefreshToken:${n}`)}; HttpOnly; Max-Age=604800; Path=/; SameSite=strict`);
      return new Response(null, { status: 204, headers: headersOut });
    }

    const user = principal(headers);
    if (!user) return text(401, "Invalid token", { "www-authenticate": WWW_AUTH });

    const spansPath = /^\/v1\/projects\/([^/]+)\/spans$/.exec(url.pathname);
    if (spansPath && seen.method === "GET") {
      const project = decodeURIComponent(spansPath[1]!);
      const spans = projects.get(project);
      if (!spans) return text(404, `Project with name ${project} not found`);
      // One page, never a cursor: the fake knows nothing of Phoenix's cursors (paging is tested against the mock,
      // whose cursors the conformance case admin-client-span-paging compares with the real Phoenix's).
      return json({ data: spans, next_cursor: null });
    }

    if (url.pathname === "/graphql" && seen.method === "POST") {
      const request = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
      const operation = parse(request.query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const selection = operation.selectionSet.selections[0]!;
      const field = selection.kind === Kind.FIELD ? selection.name.value : "";
      seen.graphqlField = field;
      seen.variables = request.variables ?? {};
      const input = (request.variables?.input ?? {}) as Record<string, unknown>;
      const adminOnly = () => (user.role === "ADMIN" ? undefined : graphqlError(field, "Only admin can perform this action", 38));

      switch (field) {
        case "patchViewer": {
          if (input.currentPassword !== user.password) {
            return graphqlError(field, "Valid current password is required to modify password", 38);
          }
          user.password = String(input.newPassword);
          for (const [token, owner] of sessions) if (owner === user) sessions.delete(token);
          return json(
            { data: { patchViewer: { user: { id: user.id } } } },
            { setCookies: [deleteCookie("phoenix-refresh-token"), deleteCookie("phoenix-access-token")] },
          );
        }
        case "createSystemApiKey": {
          const denied = adminOnly();
          if (denied) return denied;
          const n = nextId++;
          const id = Buffer.from(`SystemApiKey:${n}`).toString("base64");
          const jwt = fakeJwt(`ApiKey:${n}`);
          systemKeys.set(id, jwt);
          apiKeys.set(jwt, users[0]!);
          return json({
            data: {
              createSystemApiKey: {
                jwt,
                apiKey: {
                  id,
                  name: input.name,
                  description: input.description ?? null,
                  createdAt: "2026-11-26T13:55:19.173568+00:00",
                  expiresAt: typeof input.expiresAt === "string" ? input.expiresAt.replace(/Z$/, "000+00:00") : null,
                },
              },
            },
          });
        }
        case "deleteSystemApiKey": {
          const denied = adminOnly();
          if (denied) return denied;
          const jwt = systemKeys.get(String(input.id));
          if (!jwt) return graphqlError(field, "API key not found", 39);
          systemKeys.delete(String(input.id));
          apiKeys.delete(jwt);
          return json({ data: { deleteSystemApiKey: { apiKeyId: input.id } } });
        }
        case "createUser": {
          const denied = adminOnly();
          if (denied) return denied;
          if (users.some((u) => u.username === input.username)) return graphqlError(field, "Username already exists", 37);
          if (users.some((u) => u.email === String(input.email).toLowerCase())) return graphqlError(field, "Email already exists", 37);
          const created: User = {
            id: Buffer.from(`User:${users.length + 2}`).toString("base64"),
            email: String(input.email).toLowerCase(),
            username: String(input.username),
            password: String(input.password),
            role: input.role as User["role"],
          };
          users.push(created);
          return json({
            data: { createUser: { user: { id: created.id, email: created.email, username: created.username, role: { name: created.role } } } },
          });
        }
        case "createUserApiKey": {
          if (adminTokens.has((headers.get("authorization") ?? "").replace(/^Bearer /i, ""))) {
            return graphqlError(field, "System API keys cannot manage personal API keys", 42);
          }
          const n = nextId++;
          const jwt = fakeJwt(`ApiKey:${n}`);
          apiKeys.set(jwt, user);
          return json({
            data: {
              createUserApiKey: {
                jwt,
                apiKey: {
                  id: Buffer.from(`UserApiKey:${n}`).toString("base64"),
                  name: input.name,
                  description: input.description ?? null,
                  createdAt: "2026-11-26T13:55:19.482662+00:00",
                  expiresAt: null,
                  user: { id: user.id },
                },
              },
            },
          });
        }
        default:
          return json({ data: null, errors: [{ message: `Cannot query field '${field}' on type 'Mutation'.`, locations: [{ line: 1, column: 3 }] }] });
      }
    }
    // Phoenix serves its SPA for unknown GETs; nothing PhoenixAdmin calls ends up here.
    return text(404, "Not Found");
  };

  return { fetch: handle as typeof fetch, requests, projects, adminTokens };
}
