
export { HttpError, ValidationFailed, type ValidationIssue } from "./errors.js";

/** The Phoenix release the mock copies, reported by /arize_phoenix_version and `x-phoenix-server-version`. */
export const PHOENIX_VERSION = "20.26.1";

export const TEXT = "text/plain; charset=utf-8";
export const JSON_TYPE = "application/json";

const encoder = new TextEncoder();

/**
 * Builds a Response with exactly the given headers, plus `vary: Accept-Encoding` when there is a body (Phoenix's
 * GZipMiddleware adds it). Bodies are always bytes: a string body would make the Fetch API add a content-type
 * Phoenix does not send.
 */
export function respond(status: number, body: string | Uint8Array | null, headers: Record<string, string> = {}): Response {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const withBody = bytes !== null && bytes.length > 0 && status !== 204 && status !== 304;
  return new Response(withBody ? bytes : null, { status, headers: withBody ? { ...headers, vary: "Accept-Encoding" } : headers });
}

/** Phoenix's answer to an unhandled exception: outside every middleware, so without its usual headers. */
export function internalServerError(): Response {
  return new Response(encoder.encode("Internal Server Error"), { status: 500, headers: { "content-type": TEXT } });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return respond(status, body, { "content-type": TEXT, ...headers });
}

/** JSON as Starlette writes it: compact, `application/json` without charset. */
export function json(status: number, value: unknown): Response {
  return respond(status, JSON.stringify(value), { "content-type": JSON_TYPE });
}

/** FastAPI's answer for a `status_code=204` route returning None: no body, yet `content-type: application/json`. */
export function noContent(): Response {
  return respond(204, null, { "content-type": JSON_TYPE });
}
