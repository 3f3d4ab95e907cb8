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

/** A path for the log, cut so that a flood of 15 KiB paths cannot fill it. */
export function loggedPath(url: URL): string {
  return url.pathname.length > 512 ? `${url.pathname.slice(0, 512)}…(${url.pathname.length} chars)` : url.pathname;
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
