import { PHOENIX_VERSION, text } from "./responses.js";

/** The two headers Phoenix's middleware adds to every answer but a bare 500. */
export function withPhoenixHeaders(response: Response): Response {
  response.headers.set("x-colab-notebook-cache-control", "no-cache");
  response.headers.set("x-phoenix-server-version", PHOENIX_VERSION);
  return response;
}

/** Starlette's router for a request-target that is not a path (`*`, `http://host/`, `host:443`): a plain 404. */
export function phoenixNotFound(): Response {
  return withPhoenixHeaders(text(404, "Not Found"));
}

/**
 * What Phoenix answers a method that no route allows (its UI mount's 405), for the methods the Fetch API refuses to
 * carry (`TRACE`, `TRACK`): the same answer the handler gives `PROPFIND` or any other unrouted method.
 */
export function phoenixMethodNotAllowed(): Response {
  return withPhoenixHeaders(text(405, "Method Not Allowed", { allow: "GET, HEAD" }));
}

/** Methods `new Request()` throws on (CONNECT never gets here: node emits 'connect' for it). */
export const FETCH_FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** A path for the log, cut (ASCII, a flat copy) so that a flood of 15 KiB paths cannot fill it. */
export function loggedPath(url: URL): string {
  const path = url.pathname;
  if (path.length <= 200) return path;
  // A copy, not a slice: V8 keeps the whole 15 KiB parent string alive behind a sliced string.
  return `${Buffer.from(path.slice(0, 200)).toString()}...(${path.length} chars)`;
}

/** Masks what could carry a secret: quoted input (V8 quotes a bad JSON body) and every long token-like run. */
function mask(message: string): string {
  return message.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "<quoted>").replace(/[A-Za-z0-9_\-.+/=~]{16,}/g, "<masked>");
}

/**
 * An unexpected error for the server log: its class and message, masked before the cut so that no part of a secret
 * is logged; with `stack`, the stack frames (code locations, no data) follow.
 */
export function describeError(error: unknown, options: { stack?: boolean; name?: boolean } = {}): string {
  const { stack = false, name = error instanceof Error && error.name !== "Error" } = options;
  if (!(error instanceof Error)) return typeof error;
  const masked = mask(error.message);
  const cut = masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
  const frames = stack && error.stack ? `\n${error.stack.split("\n").filter((line) => /^\s+at /.test(line)).join("\n")}` : "";
  return `${name ? `${error.name}: ${cut}` : cut}${frames}`;
}
