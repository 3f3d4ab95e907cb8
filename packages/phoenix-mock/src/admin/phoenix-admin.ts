import { PhoenixAdminConfigError, PhoenixAdminError } from "../errors.js";
import { maskSecret } from "../../../internal/src/secrets.js";
import type { CreateApiKeyInput, CreateUserInput, ListSpansOptions, PhoenixAdminOptions, PhoenixApiKey, PhoenixSpan, PhoenixUser, PhoenixUserRole, SpanPage } from "./types.js";
import { apiKeyInput, checkAdminOptions, checkLimit, checkObject, checkOptionalString, checkRole, checkString, normalizeBaseUrl } from "./validate.js";

export type * from "./types.js";

/**
 * A small HTTP client for Phoenix's admin setup steps: log in, change the bootstrap password, create and
 * delete API keys, create users, read back ingested spans. It speaks plain HTTP through `fetch`, so the same
 * code drives the mock Phoenix and a real one.
 */

export { PhoenixAdminError };

const ACCESS_COOKIE = "phoenix-access-token";

const HINTS: Record<number, string> = {
  401: "Log in with login(email, password) first, or pass a valid `token` (API key or PHOENIX_ADMIN_SECRET).",
  403: "The authenticated user lacks the permission: this operation needs an ADMIN user or a system key.",
  404: "Check baseUrl and the project name.",
  429: "Phoenix is rate limiting this client; wait and retry, or set PHOENIX_DISABLE_RATE_LIMIT=true on a test server.",
};

const LOGIN_401_HINT = "Check the email and password; a fresh Phoenix starts with admin@localhost / admin (or PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD).";

/**
 * Phoenix's setup steps in code, over plain HTTP with `fetch`: log in, change the password, create users and API keys,
 * list spans. Works against the mock and against a real Phoenix; a failed request throws `PhoenixAdminError`.
 */
export class PhoenixAdmin {
  readonly baseUrl: string;
  #token: string | undefined;
  readonly #fetch: typeof fetch;
  /** Cookie jar for the session cookies Phoenix sets on login (name -> value); one origin, so paths are ignored. */
  readonly #cookies = new Map<string, string>();
  /** The email of the last successful login(), used to log back in after changePassword(). */
  #email: string | undefined;
  /**
   * Every credential this client has seen (8+ characters); scrubbed from any server text that reaches an error.
   * Shorter values (e.g. the bootstrap password `admin`) are ordinary words that server messages contain
   * anyway ("Only admin can perform this action"), so masking them would only garble the message.
   */
  readonly #secrets = new Set<string>();

  constructor(options: PhoenixAdminOptions) {
    checkAdminOptions(options);
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.#fetch = options.fetch ?? globalThis.fetch;
    if (options.token !== undefined) {
      if (options.token.trim() === "") {
        throw new PhoenixAdminConfigError("token", "<empty>", "PhoenixAdmin option `token` is empty. Pass an API key or PHOENIX_ADMIN_SECRET, or omit it and call login().");
      }
      this.#token = options.token;
      this.#remember(options.token);
    }
  }

  /** Creates a client and logs in: `await PhoenixAdmin.login("http://localhost:6006", "admin@localhost", "admin")`. */
  static async login(baseUrl: string | URL, email: string, password: string, options: Omit<PhoenixAdminOptions, "baseUrl" | "token"> = {}): Promise<PhoenixAdmin> {
    const admin = new PhoenixAdmin({ ...options, baseUrl });
    await admin.login(email, password);
    return admin;
  }

  /**
   * `POST /auth/login`. Keeps the `phoenix-access-token` / `phoenix-refresh-token` cookies Phoenix sets and
   * sends them on later requests. A bearer `token` given to the constructor is dropped: Phoenix ignores cookies
   * whenever an Authorization header is present.
   */
  async login(email: string, password: string): Promise<void> {
    checkString("login", "email", email, "Pass the user's email, e.g. admin@localhost.");
    checkString("login", "password", password, "Pass the user's password (a fresh Phoenix: admin, or PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD).", true);
    this.#remember(password);
    await this.#request("login", "/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!this.#cookies.has(ACCESS_COOKIE)) {
      throw new PhoenixAdminError("login", 204, "", `PhoenixAdmin.login: ${this.baseUrl}/auth/login answered without a ${ACCESS_COOKIE} cookie. Is this a Phoenix server with PHOENIX_ENABLE_AUTH=true?`);
    }
    this.#token = undefined;
    this.#email = email;
  }

  /**
   * Changes the logged-in user's password (GraphQL `patchViewer`), which also clears Phoenix's
   * "password needs reset" flag. Phoenix ends all of the user's sessions and deletes the session cookies on
   * success, so when this client was logged in with login(), it logs straight back in with the new password
   * and can keep going. With a bearer `token` there is no session to restore.
   */
  async changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
    checkObject("changePassword", "input", input, "Pass { currentPassword, newPassword }.");
    checkString("changePassword", "currentPassword", input.currentPassword, "Pass the password the user logs in with now.", true);
    checkString("changePassword", "newPassword", input.newPassword, "Pass the new password.", true);
    this.#remember(input.currentPassword);
    this.#remember(input.newPassword);
    await this.#graphql(
      "changePassword",
      "mutation PatchViewer($input: PatchViewerInput!) { patchViewer(input: $input) { user { id } } }",
      { input: { currentPassword: input.currentPassword, newPassword: input.newPassword } },
    );
    if (this.#email !== undefined) await this.login(this.#email, input.newPassword);
  }

  /** Creates a system API key (GraphQL `createSystemApiKey`, admin only). The returned `key` is the secret. */
  async createSystemApiKey(input: CreateApiKeyInput): Promise<PhoenixApiKey> {
    const data = await this.#graphql<{ createSystemApiKey: ApiKeyPayload }>(
      "createSystemApiKey",
      `mutation CreateSystemApiKey($input: CreateApiKeyInput!) {
        createSystemApiKey(input: $input) { jwt apiKey { id name description createdAt expiresAt } }
      }`,
      { input: apiKeyInput("createSystemApiKey", input) },
    );
    return this.#apiKey(data.createSystemApiKey);
  }

  /** Deletes a system API key by its id (GraphQL `deleteSystemApiKey`); the key stops authenticating at once. */
  async deleteSystemApiKey(id: string): Promise<void> {
    checkString("deleteSystemApiKey", "id", id, "Pass the `id` that createSystemApiKey() returned.");
    await this.#graphql(
      "deleteSystemApiKey",
      "mutation DeleteSystemApiKey($input: DeleteApiKeyInput!) { deleteSystemApiKey(input: $input) { apiKeyId } }",
      { input: { id } },
    );
  }

  /** Creates a local user with a password (GraphQL `createUser`, admin only). */
  async createUser(input: CreateUserInput): Promise<PhoenixUser> {
    checkObject("createUser", "input", input, "Pass { email, username, password, role }.");
    checkString("createUser", "email", input.email, "Pass the new user's email.");
    checkString("createUser", "username", input.username, "Pass the new user's username.");
    checkString("createUser", "password", input.password, "Pass the new user's password.", true);
    checkRole("createUser", input.role);
    this.#remember(input.password);
    const data = await this.#graphql<{ createUser: { user: RawUser } }>(
      "createUser",
      `mutation CreateUser($input: CreateUserInput!) {
        createUser(input: $input) { user { id email username role { name } } }
      }`,
      { input: { email: input.email, username: input.username, password: input.password, role: input.role } },
    );
    const { user } = data.createUser;
    return { id: user.id, email: user.email ?? "", username: user.username, role: user.role.name };
  }

  /** Creates an API key owned by the logged-in user (GraphQL `createUserApiKey`). */
  async createUserApiKey(input: CreateApiKeyInput): Promise<PhoenixApiKey & { userId: string }> {
    const data = await this.#graphql<{ createUserApiKey: ApiKeyPayload & { apiKey: { user: { id: string } } } }>(
      "createUserApiKey",
      `mutation CreateUserApiKey($input: CreateUserApiKeyInput!) {
        createUserApiKey(input: $input) { jwt apiKey { id name description createdAt expiresAt user { id } } }
      }`,
      { input: apiKeyInput("createUserApiKey", input) },
    );
    const payload = data.createUserApiKey;
    return { ...this.#apiKey(payload), userId: payload.apiKey.user.id };
  }

  /** One page of a project's spans, newest first (`GET /v1/projects/{project}/spans`). */
  async listSpans(options: ListSpansOptions): Promise<SpanPage> {
    checkObject("listSpans", "options", options, 'Pass { project, limit?, cursor? }, e.g. listSpans({ project: "default" }).');
    checkString("listSpans", "project", options.project, "Pass a project name or id, e.g. default.");
    checkLimit(options.limit);
    checkOptionalString("listSpans", "cursor", options.cursor, "Pass the nextCursor of the previous page, or omit it.");
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set("limit", String(options.limit));
    if (options.cursor !== undefined) query.set("cursor", options.cursor);
    const suffix = query.size > 0 ? `?${query}` : "";
    const response = await this.#request("listSpans", `/v1/projects/${encodeURIComponent(options.project)}/spans${suffix}`, { method: "GET" });
    const body = (await this.#json("listSpans", response)) as { data: PhoenixSpan[]; next_cursor: string | null };
    return { spans: body.data, nextCursor: body.next_cursor };
  }

  // ---- transport ----

  async #graphql<T>(operation: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await this.#request(operation, "/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await this.#json(operation, response)) as { data?: T | null; errors?: { message?: string }[] };
    if (body.errors && body.errors.length > 0) {
      const serverMessage = this.#redact(body.errors.map((e) => e.message ?? "unknown GraphQL error").join("; "));
      throw new PhoenixAdminError(operation, response.status, serverMessage, `PhoenixAdmin.${operation} failed: Phoenix answered "${serverMessage}".`);
    }
    if (body.data == null) {
      throw new PhoenixAdminError(operation, response.status, "", `PhoenixAdmin.${operation} failed: ${this.baseUrl}/graphql answered without data.`);
    }
    return body.data;
  }

  async #request(operation: string, path: string, init: RequestInit): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const headers = new Headers(init.headers);
    if (this.#token !== undefined) headers.set("authorization", `Bearer ${this.#token}`);
    else if (this.#cookies.size > 0) {
      headers.set("cookie", [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    let response: Response;
    try {
      response = await this.#fetch(url, { ...init, headers, redirect: "manual" });
    } catch (error) {
      const reason = this.#redact(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
      // No `cause`: a custom fetch's error could quote the request (and its credentials) unredacted.
      throw new PhoenixAdminError(operation, undefined, reason, `PhoenixAdmin.${operation} could not reach ${url}: ${reason}. Is Phoenix running at baseUrl ${this.baseUrl}?`);
    }
    this.#storeCookies(response);
    if (!response.ok) {
      const serverMessage = this.#redact((await response.text()).trim());
      const hint = operation === "login" && response.status === 401 ? LOGIN_401_HINT : HINTS[response.status];
      throw new PhoenixAdminError(
        operation,
        response.status,
        serverMessage,
        `PhoenixAdmin.${operation} failed: ${init.method ?? "GET"} ${url} answered ${response.status}${serverMessage ? ` "${serverMessage}"` : ""}.${hint ? ` ${hint}` : ""}`,
      );
    }
    return response;
  }

  async #json(operation: string, response: Response): Promise<unknown> {
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      // No `cause`: the JSON parser's message quotes the body, which is not ours to print.
      throw new PhoenixAdminError(operation, response.status, "", `PhoenixAdmin.${operation} failed: ${response.url || this.baseUrl} answered ${response.status} with a body that is not JSON. Is baseUrl a Phoenix server?`);
    }
  }

  #storeCookies(response: Response): void {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === "" || value === '""';
      if (expired) {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, value);
        this.#remember(value);
      }
    }
  }

  #apiKey(payload: ApiKeyPayload): PhoenixApiKey {
    this.#remember(payload.jwt);
    const { id, name, description, createdAt, expiresAt } = payload.apiKey;
    return { id, key: payload.jwt, name, description, createdAt, expiresAt };
  }

  #remember(secret: string): void {
    if (secret.length >= 8) this.#secrets.add(secret);
  }

  /** Replaces every credential this client knows with its masked form. */
  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join(maskSecret(secret));
    return out;
  }
}

interface ApiKeyPayload {
  jwt: string;
  apiKey: { id: string; name: string; description: string | null; createdAt: string; expiresAt: string | null };
}

interface RawUser {
  id: string;
  email: string | null;
  username: string;
  role: { name: PhoenixUserRole };
}
