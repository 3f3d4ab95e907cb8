// The public shapes of PhoenixAdmin's options, inputs and results.

/** The options of `new PhoenixAdmin()`: where Phoenix is, and optionally a bearer token instead of a login. */
export interface PhoenixAdminOptions {
  /** The Phoenix base URL, e.g. `http://localhost:6006` (a path prefix such as `/phoenix` is kept). */
  baseUrl: string | URL;
  /**
   * A bearer credential used instead of `login()`: an API key, an access token, or the server's
   * `PHOENIX_ADMIN_SECRET`. Sent as `Authorization: Bearer <token>`.
   */
  token?: string;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: typeof fetch;
}

/** The roles Phoenix lets an admin give a user. */
export type PhoenixUserRole = "ADMIN" | "MEMBER" | "VIEWER";

/** A created API key: `key` is the secret, which Phoenix shows only once. */
export interface PhoenixApiKey {
  /** The key's GraphQL global id (e.g. `U3lzdGVtQXBpS2V5OjE=`), used by `deleteSystemApiKey`. */
  id: string;
  /** The secret API key (a JWT) to send as `Authorization: Bearer <key>`. Phoenix shows it only once. */
  key: string;
  name: string;
  description: string | null;
  /** ISO timestamp as Phoenix returns it, e.g. `2026-11-26T13:53:47.811364+00:00`. */
  createdAt: string;
  /** ISO timestamp, or `null` when the key never expires. */
  expiresAt: string | null;
}

/** A user as `createUser` returns it (the email in lower case, as Phoenix stores it). */
export interface PhoenixUser {
  id: string;
  email: string;
  username: string;
  role: PhoenixUserRole;
}

/** The input of `createSystemApiKey` and `createUserApiKey`. */
export interface CreateApiKeyInput {
  name: string;
  description?: string;
  /** When the key stops working; a Date or an ISO 8601 string. Omit for a key that never expires. */
  expiresAt?: Date | string;
}

/** The input of `createUser`: a LOCAL user with a password and a role. */
export interface CreateUserInput {
  email: string;
  username: string;
  password: string;
  role: PhoenixUserRole;
}

/** One span as `GET /v1/projects/{project}/spans` returns it (Phoenix's `Span` schema, snake_case). */
export interface PhoenixSpan {
  /** Phoenix's global id of the span row, distinct from the OpenTelemetry span id. */
  id: string;
  name: string;
  context: { trace_id: string; span_id: string };
  span_kind: string;
  parent_id: string | null;
  start_time: string;
  end_time: string;
  status_code: string;
  status_message: string;
  attributes: Record<string, unknown>;
  events: { name: string; timestamp: string; attributes: Record<string, unknown> }[];
}

/** The options of `listSpans`: the project, and Phoenix's page size and cursor. */
export interface ListSpansOptions {
  /** Project name or id. */
  project: string;
  /** Page size, 1..1000 (Phoenix's default is 100). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of `listSpans`: the spans, and the cursor of the next page. */
export interface SpanPage {
  spans: PhoenixSpan[];
  /** Pass as `cursor` to read the next page; `null` on the last page. */
  nextCursor: string | null;
}
