/**
 * What a conformance case can do: send requests (recorded as observations), and set up users, sessions and keys
 * (not recorded). Every case gets a fresh context; cases share the server, so they create their own users with
 * unique emails and never leave the default admin changed.
 */
import { randomBytes } from "node:crypto";
import { generatePassword } from "./secrets.js";
import type { Target } from "./target.js";
import { RECORDED_HEADERS, describeBody, normalizeString, type ExchangeObservation, type NormalizeContext } from "./normalize.js";

export type Role = "ADMIN" | "MEMBER" | "VIEWER";

export interface ConformanceCase {
  /** Stable id (kebab-case): the key in .conformance/*.json, CONFORMANCE.md and docs/divergences.md. */
  id: string;
  title: string;
  /** Contract §15 item numbers or spec sections this case covers, for the report. */
  covers?: string;
  /** Needs the auth-off server. */
  noAuth?: boolean;
  /** Why the case cannot run on this target (e.g. no Python venv, no gRPC port); undefined: it runs. */
  skipReason?(target: Target): string | undefined;
  run(ctx: CaseContext): Promise<void>;
}

export interface Credentials {
  /** `authorization: Bearer <bearer>` */
  bearer?: string;
  /** A raw Authorization header value (for malformed schemes). */
  authorization?: string;
  cookies?: Record<string, string>;
}

export interface RequestOptions extends Credentials {
  headers?: Record<string, string>;
  json?: unknown;
  body?: Uint8Array | string;
  /** Send to the auth-off server. */
  noAuth?: boolean;
}

export class Exchange {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly text: string,
  ) {}

  json<T = any>(): T {
    return JSON.parse(this.text) as T;
  }

  get setCookies(): string[] {
    return this.headers.getSetCookie();
  }

  /** The value a Set-Cookie header gives `name`, or undefined. */
  cookie(name: string): string | undefined {
    for (const line of this.setCookies) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1);
    }
    return undefined;
  }
}

export interface User {
  id: string;
  email: string;
  username: string;
  password: string;
  role: Role;
}

export interface Session {
  access: string;
  refresh: string;
  /** `{ "phoenix-access-token": ..., "phoenix-refresh-token": ... }` */
  cookies: Record<string, string>;
}

export interface ApiKey {
  id: string;
  key: string;
}

export interface Observation {
  steps: ExchangeObservation[];
  notes: Record<string, unknown>;
}

export class CaseContext {
  readonly observation: Observation = { steps: [], notes: {} };
  readonly #uniques: Array<readonly [string, string]> = [];
  readonly #createdUsers: string[] = [];
  readonly #createdSystemKeys: string[] = [];
  readonly #labels = new Set<string>();

  constructor(readonly target: Target) {}

  get normalizeContext(): NormalizeContext {
    const origins: Array<readonly [string, string]> = [[this.target.baseUrl, "<origin>"]];
    if (this.target.noAuthUrl) origins.push([this.target.noAuthUrl, "<noauth-origin>"]);
    return {
      origins,
      uniques: this.#uniques,
      secrets: [
        [this.target.adminSecret, "<PHOENIX_ADMIN_SECRET>"],
        [this.target.secret, "<PHOENIX_SECRET>"],
      ],
    };
  }

  /** A fresh lower-case name (`<prefix><random>`), shown as `<prefix#k>` in observations. */
  unique(prefix: string): string {
    const value = `${prefix}${randomBytes(5).toString("hex")}`;
    this.#uniques.push([value, `<${prefix}#${this.#uniques.filter(([, l]) => l.startsWith(`<${prefix}#`)).length + 1}>`]);
    return value;
  }

  /** Register a generated value (e.g. a trace id) for normalization. */
  generated(value: string, label: string): string {
    const n = this.#uniques.filter(([, l]) => l.startsWith(`<${label}#`)).length + 1;
    this.#uniques.push([value, `<${label}#${n}>`]);
    return value;
  }

  /** Record a derived value (e.g. the projection of a span list) under `key`. */
  note(key: string, value: unknown): void {
    this.observation.notes[key] = value;
  }

  url(path: string, noAuth = false): string {
    const base = noAuth ? this.target.noAuthUrl : this.target.baseUrl;
    if (!base) throw new Error("this case needs the auth-off server");
    return `${base}${path}`;
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
    const headers = new Headers(options.headers);
    if (options.bearer !== undefined) headers.set("authorization", `Bearer ${options.bearer}`);
    if (options.authorization !== undefined) headers.set("authorization", options.authorization);
    if (options.cookies) {
      headers.set(
        "cookie",
        Object.entries(options.cookies)
          .map(([name, value]) => `${name}=${value}`)
          .join("; "),
      );
    }
    let body: RequestInit["body"];
    if (options.json !== undefined) {
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      body = options.body as RequestInit["body"];
    }
    const init: RequestInit = { method, headers, body, redirect: "manual" };
    let response: Response;
    try {
      response = await this.target.fetch(this.url(path, options.noAuth), init);
    } catch (error) {
      // uvicorn closes idle keep-alive connections after 5 s; a request that raced that close was never read: resend once.
      if ((error as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw error;
      response = await this.target.fetch(this.url(path, options.noAuth), init);
    }
    const text = await response.text();
    const version = response.headers.get("x-phoenix-server-version");
    if (version && !this.target.phoenixVersion) this.target.phoenixVersion = version;
    return new Exchange(response.status, response.headers, text);
  }

  /** Send and record the exchange as step `label` of this case's observation. */
  async req(label: string, method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
    if (this.#labels.has(label)) throw new Error(`duplicate step label ${label}`);
    this.#labels.add(label);
    const exchange = await this.send(method, path, options);
    this.record(label, `${method} ${path}${options.noAuth ? " (auth off)" : ""}`, exchange);
    return exchange;
  }

  /** Send, and record only the status (for answers that depend on what else is on the server, e.g. full lists). */
  async status(label: string, method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
    const exchange = await this.send(method, path, options);
    this.note(`${label}: status`, exchange.status);
    return exchange;
  }

  record(label: string, request: string, exchange: Exchange): void {
    const n = this.normalizeContext;
    const headers: Record<string, string | null> = {};
    for (const name of RECORDED_HEADERS) {
      const value = exchange.headers.get(name);
      headers[name] = value === null ? null : (describeBody(value, "text/plain", n) as string);
    }
    this.observation.steps.push({
      step: label,
      request: normalizeString(request, n),
      status: exchange.status,
      headers,
      setCookie: exchange.setCookies.map((line) => describeBody(line, "text/plain", n) as string),
      body: describeBody(exchange.text, exchange.headers.get("content-type"), n),
    });
  }

  /** A GraphQL request (recorded). */
  async gql(label: string, query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<Exchange> {
    return this.req(label, "POST", "/graphql", { ...options, json: { query, variables } });
  }

  // ---- setup helpers (not recorded) -------------------------------------------------------------

  get admin(): Credentials {
    return { bearer: this.target.adminSecret };
  }

  async createUser(role: Role, options: { password?: string; email?: string } = {}): Promise<User> {
    const username = this.unique(role.toLowerCase());
    const email = options.email ?? `${username}@example.com`;
    const password = options.password ?? generatePassword("pw-");
    const res = await this.send("POST", "/v1/users", {
      ...this.admin,
      json: { user: { auth_method: "LOCAL", email, username, role, password }, send_welcome_email: false },
    });
    if (res.status !== 201) throw new Error(`setup: POST /v1/users → ${res.status} ${res.text}`);
    const id = res.json<{ data: { id: string } }>().data.id;
    this.#createdUsers.push(id);
    return { id, email: email.trim().toLowerCase(), username, password, role };
  }

  async login(user: { email: string; password: string }): Promise<Session> {
    const res = await this.send("POST", "/auth/login", { json: { email: user.email, password: user.password } });
    const access = res.cookie("phoenix-access-token");
    const refresh = res.cookie("phoenix-refresh-token");
    if (res.status !== 204 || !access || !refresh) throw new Error(`setup: login ${user.email} → ${res.status} ${res.text}`);
    return { access, refresh, cookies: { "phoenix-access-token": access, "phoenix-refresh-token": refresh } };
  }

  async userWithSession(role: Role): Promise<{ user: User; session: Session }> {
    const user = await this.createUser(role);
    return { user, session: await this.login(user) };
  }

  async createUserKey(session: Session, name = "key"): Promise<ApiKey> {
    const res = await this.send("POST", "/v1/user/api_keys", { bearer: session.access, json: { data: { name } } });
    if (res.status !== 201) throw new Error(`setup: POST /v1/user/api_keys → ${res.status} ${res.text}`);
    const { id, key } = res.json<{ data: ApiKey }>().data;
    return { id, key };
  }

  async createSystemKey(name = "system-key", expiresAt?: string): Promise<ApiKey> {
    const res = await this.send("POST", "/v1/system/api_keys", {
      ...this.admin,
      json: { data: { name, ...(expiresAt ? { expires_at: expiresAt } : {}) } },
    });
    if (res.status !== 201) throw new Error(`setup: POST /v1/system/api_keys → ${res.status} ${res.text}`);
    const { id, key } = res.json<{ data: ApiKey }>().data;
    this.#createdSystemKeys.push(id);
    return { id, key };
  }

  /** GraphQL `deleteUsers` with the admin secret (REST DELETE /v1/users 500s on real Phoenix for users with sessions). */
  async deleteUsers(ids: string[]): Promise<Exchange> {
    return this.send("POST", "/graphql", {
      ...this.admin,
      json: { query: "mutation($ids:[ID!]!){deleteUsers(input:{userIds:$ids}){userIds}}", variables: { ids } },
    });
  }

  /** Best effort: remove the users and system keys this case created, so a real server stays tidy. */
  async cleanup(): Promise<void> {
    if (this.#createdUsers.length > 0) {
      await this.deleteUsers(this.#createdUsers).catch(() => undefined);
    }
    for (const id of this.#createdSystemKeys) {
      await this.send("DELETE", `/v1/system/api_keys/${id}`, this.admin).catch(() => undefined);
    }
  }

  /** Poll GET /v1/projects/{project}/spans (admin secret) until `count` spans are there. */
  async waitForSpans(project: string, count = 1, timeoutMs = 15_000): Promise<Array<Record<string, any>>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.send("GET", `/v1/projects/${encodeURIComponent(project)}/spans?limit=100`, this.admin);
      if (res.status === 200) {
        const spans = res.json<{ data: Array<Record<string, any>> }>().data;
        if (spans.length >= count) return spans;
      }
      if (Date.now() > deadline) throw new Error(`no ${count} span(s) in project ${project} after ${timeoutMs} ms (last: ${res.status} ${res.text.slice(0, 200)})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
