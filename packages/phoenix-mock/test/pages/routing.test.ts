import { describe, expect, it } from "vitest";
import { createMockPhoenix } from "../../src/index.js";
import { generateSecret } from "../../../../test/helpers/secrets.js";

describe("the mock's pages: Phoenix's UI mount", () => {
  const secret = generateSecret();
  const adminSecret = generateSecret();
  const mock = createMockPhoenix({ enableAuth: true, secret, adminSecret });

  it.each(["/", "/login", "/reset-password", "/settings/api-keys", "/projects/UHJvamVjdDox", "/v1/nope", "/some/unknown/page"])(
    "GET %s answers 200 with the one HTML document, without a session (the browser routes)",
    async (path) => {
      const response = await mock.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("x-phoenix-server-version")).toBe("20.26.1");
      const html = await response.text();
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain('"authenticationEnabled":true');
      expect(Number(response.headers.get("content-length"))).toBe(new TextEncoder().encode(html).byteLength);
    },
  );

  it("holds no secret: neither PHOENIX_SECRET nor PHOENIX_ADMIN_SECRET, whole or in part", async () => {
    const html = await (await mock.request("/login")).text();
    for (const value of [secret, adminSecret]) {
      for (let i = 0; i + 16 <= value.length; i++) expect(html).not.toContain(value.slice(i, i + 16));
    }
  });

  it("keeps Phoenix's other unmatched answers: HEAD like GET without a body, /.well-known/ 404, other methods 405", async () => {
    const head = await mock.request("/login", { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "text/html; charset=utf-8", ""]);
    const wellKnown = await mock.request("/.well-known/nope");
    expect([wellKnown.status, await wellKnown.text()]).toEqual([404, "Not Found"]);
    const post = await mock.request("/login", { method: "POST" });
    expect([post.status, await post.text()]).toEqual([405, "Method Not Allowed"]);
  });

  it("tells the page whether auth is on", async () => {
    const html = await (await createMockPhoenix().request("/projects")).text();
    expect(html).toContain('"authenticationEnabled":false');
  });
});
