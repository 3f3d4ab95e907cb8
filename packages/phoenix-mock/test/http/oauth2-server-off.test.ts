/**
 * PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER=false, a setting the conformance suite's servers do not have (Phoenix's
 * default is true): the mock answers as Phoenix 20.26.1 answered in test/fixtures/oauth2-server-off.json, recorded
 * from a real server by scripts/record-oauth2-server-off.mjs (see its header).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { authMock } from "../helpers.js";

interface Exchange {
  request: { method: string; path: string; headers?: Record<string, string>; body?: string };
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/oauth2-server-off.json", import.meta.url), "utf8")) as {
  phoenixVersion: string;
  exchanges: Exchange[];
};

describe("the OAuth2 authorization server switched off (recorded from Phoenix)", () => {
  it("was recorded from the Phoenix version the mock copies", () => {
    expect(fixture.phoenixVersion).toBe("20.26.1");
  });

  for (const setting of [{ env: { PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER: "false" } }, { enableOauth2AuthorizationServer: false }]) {
    it.each(fixture.exchanges.map((e) => [`${e.request.method} ${e.request.path}`, e] as const))(
      `${Object.keys(setting)[0]}: %s`,
      async (_label, recorded) => {
        const mock = authMock({ ...setting, env: { PHOENIX_CSRF_TRUSTED_ORIGINS: ",http://localhost,http://127.0.0.1,", ...setting.env } });
        const { method, path, headers, body } = recorded.request;
        const response = await mock.request(path, { method, headers, body });
        const seen: Record<string, string | null> = {};
        for (const name of Object.keys(recorded.headers)) seen[name] = response.headers.get(name);
        const text = (await response.text()).split(mock.baseUrl).join("<origin>");
        expect({ status: response.status, headers: seen, body: text }).toEqual({ status: recorded.status, headers: recorded.headers, body: recorded.body });
        await mock.close();
      },
    );
  }
});

describe("the OAuth2 authorization server switched on (Phoenix's default)", () => {
  it("is advertised as Phoenix does; its routes answer the mock's 501, as any Phoenix route the mock lacks", async () => {
    const mock = authMock();
    const document = (await (await mock.request("/.well-known/oauth-protected-resource")).json()) as { authorization_servers: string[] };
    expect(document.authorization_servers).toEqual([mock.baseUrl]);
    expect(await (await mock.request("/auth.md")).text()).toContain("## OAuth2 authorization code flow");
    for (const [method, path] of [
      ["GET", "/.well-known/oauth-authorization-server"],
      ["GET", "/.well-known/openid-configuration"],
      ["GET", "/oauth2/authorize"],
      ["POST", "/oauth2/authorize/decision"],
      ["POST", "/oauth2/token"],
      ["POST", "/oauth2/revoke"],
      ["POST", "/oauth2/register"],
    ] as const) {
      const response = await mock.request(path, { method });
      expect([method, path, response.status, response.headers.get("x-phoenix-mock")]).toEqual([method, path, 501, "not-implemented"]);
    }
    await mock.close();
  });

  it("does not exist with auth off, whatever the variable says", async () => {
    const { createMockPhoenix } = await import("../../src/index.js");
    const mock = createMockPhoenix({ env: { PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER: "true" } });
    const document = (await (await mock.request("/.well-known/oauth-protected-resource")).json()) as { authorization_servers: string[] };
    expect(document.authorization_servers).toEqual([]);
    expect((await mock.request("/.well-known/oauth-authorization-server")).status).toBe(404);
    expect((await mock.request("/oauth2/token", { method: "POST" })).status).toBe(405);
    expect(await (await mock.request("/auth.md")).text()).toContain("running **without authentication**");
    await mock.close();
  });
});
