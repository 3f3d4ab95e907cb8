import { describe, expect, it } from "vitest";
import { authMock, bearer, jsonInit } from "./helpers.js";

// The HTTP side of /graphql (the schema itself is tested in test/graphql).
describe("/graphql over HTTP", () => {
  const mock = authMock();
  const auth = bearer(mock.adminSecret);

  it("needs a credential with auth on, before anything else", async () => {
    const response = await mock.request("/graphql", jsonInit("POST", { query: "{ viewer { username } }" }));
    expect([response.status, await response.text()]).toEqual([401, "Invalid token"]);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="Arize Phoenix"/);
  });

  it("answers a JSON scalar body with Phoenix's bare 500 and logs it as Phoenix's unhandled error", async () => {
    const messages: string[] = [];
    const logged = authMock({ logger: (m) => messages.push(m) });
    const response = await logged.request("/graphql", jsonInit("POST", 5, bearer(logged.adminSecret)));
    expect([response.status, await response.text()]).toEqual([500, "Internal Server Error"]);
    expect(response.headers.get("x-phoenix-server-version")).toBeNull();
    expect(messages).toEqual(["POST /graphql: unhandled error answered 500: the GraphQL body is a JSON scalar"]);
  });

  it("runs a POSTed query as the caller", async () => {
    const response = await mock.request("/graphql", jsonInit("POST", { query: "{ viewer { username } }" }, auth));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ data: { viewer: { username: "system" } } });
  });

  it("refuses a POST that is not declared JSON, and says so when the JSON does not parse", async () => {
    const plain = await mock.request("/graphql", { method: "POST", headers: { ...auth, "content-type": "text/plain" }, body: "{}" });
    expect([plain.status, await plain.text()]).toEqual([400, "Unsupported content type"]);
    const broken = await mock.request("/graphql", { method: "POST", headers: { ...auth, "content-type": "application/json; charset=utf-8" }, body: "{" });
    expect([broken.status, await broken.text()]).toEqual([400, "Unable to parse request body as JSON"]);
  });

  it("runs GET queries from the URL but never mutations", async () => {
    const query = await mock.request(`/graphql?query=${encodeURIComponent("{ viewer { email } }")}`, { headers: auth });
    expect(await query.json()).toEqual({ data: { viewer: { email: "system@localhost" } } });
    const mutation = await mock.request(`/graphql?query=${encodeURIComponent('mutation { createSystemApiKey(input: {name: "x"}) { apiKey { id } } }')}`, {
      headers: auth,
    });
    expect([mutation.status, await mutation.text()]).toEqual([400, "mutations are not allowed when using GET"]);
  });

  it("answers a bare GET with an HTML page for browsers and 400 for JSON clients", async () => {
    const page = await mock.request("/graphql", { headers: { ...auth, accept: "text/html" } });
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    const api = await mock.request("/graphql", { headers: { ...auth, accept: "application/json" } });
    expect([api.status, await api.text()]).toEqual([400, "No GraphQL query found in the request"]);
  });
});
