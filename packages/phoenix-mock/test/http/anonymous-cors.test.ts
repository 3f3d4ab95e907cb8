/**
 * Phoenix's wildcard CORS on its anonymous surfaces (src/http/anonymous.ts), beyond the conformance cases
 * `well-known-cors` and `noauth-well-known-cors`: the whole path set (with the MCP endpoint Phoenix mounts by default),
 * the preflight before the CSRF check, and no CORS on the bare 500 (Phoenix's error middleware is outside it).
 */
import { describe, expect, it } from "vitest";
import { isAnonymousSurface } from "../../src/http/anonymous.js";
import { authMock, bearer } from "../helpers.js";

const PREFLIGHT = { origin: "https://client.example", "access-control-request-method": "POST" };

describe("anonymous surfaces", () => {
  it("are /.well-known/*, /oauth2/{register,token,revoke} and /mcp, /mcp/*", () => {
    const paths = ["/.well-known/x", "/oauth2/register", "/oauth2/token", "/oauth2/revoke", "/mcp", "/mcp/x", "/.well-known", "/oauth2/authorize", "/mcpx", "/auth.md"];
    expect(paths.filter(isAnonymousSurface)).toEqual(["/.well-known/x", "/oauth2/register", "/oauth2/token", "/oauth2/revoke", "/mcp", "/mcp/x"]);
  });

  it("answer a preflight before the CSRF check, and any other answer to an Origin with wildcard CORS", async () => {
    const mock = authMock({ env: { PHOENIX_CSRF_TRUSTED_ORIGINS: "http://localhost" } });
    for (const path of ["/mcp", "/oauth2/revoke", "/.well-known/anything"]) {
      const response = await mock.request(path, { method: "OPTIONS", headers: PREFLIGHT });
      expect([path, response.status, await response.text(), response.headers.get("access-control-allow-origin")]).toEqual([path, 200, "OK", "*"]);
      expect(response.headers.get("x-phoenix-server-version")).toBeNull();
    }
    const token = await mock.request("/oauth2/token", { method: "POST", headers: { origin: "https://client.example" } });
    expect([token.status, token.headers.get("access-control-allow-origin"), token.headers.get("access-control-expose-headers")]).toEqual([
      501,
      "*",
      "Mcp-Session-Id, WWW-Authenticate",
    ]);
    const other = await mock.request("/v1/projects", { method: "OPTIONS", headers: PREFLIGHT });
    expect([other.status, await other.text(), other.headers.get("access-control-allow-origin")]).toEqual([401, "untrusted origin", null]);
    await mock.close();
  });

  it("answer HEAD without a body, in process too (as uvicorn)", async () => {
    const mock = authMock();
    const head = await mock.request("/auth.md", { method: "HEAD", headers: bearer(mock.adminSecret) });
    expect([head.status, head.headers.get("content-type"), head.body]).toEqual([200, "text/markdown; charset=utf-8", null]);
    await mock.close();
  });
});
