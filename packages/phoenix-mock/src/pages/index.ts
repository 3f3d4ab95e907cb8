import { pageHtml, type PageConfig } from "./shell.js";

export type { PageConfig } from "./shell.js";

/**
 * The mock's pages: Phoenix answers every unmatched GET (outside /.well-known/) with its web UI's index.html and
 * routes in the browser; so does the mock, with small pages of its own (login, password reset, settings, API keys,
 * users, profile, projects) that drive its REST and GraphQL as Phoenix's UI does. One document per configuration.
 */
export function createPages(config: PageConfig): (method: "GET" | "HEAD") => Response {
  const html = pageHtml(config);
  const length = String(new TextEncoder().encode(html).byteLength);
  // HEAD: the headers of the GET, no body (as uvicorn answers it).
  return (method) =>
    new Response(method === "HEAD" ? null : html, { status: 200, headers: { "content-type": "text/html; charset=utf-8", "content-length": length } });
}
