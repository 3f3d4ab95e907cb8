import { describe, expect, it } from "vitest";
import { MockConfigError, createMockPhoenix } from "../src/index.js";
import { generateSecret } from "../../../test/helpers/secrets.js";
import { bearer, login, otlpBody } from "./helpers.js";

const post = (body: Uint8Array, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-protobuf", ...headers },
  body,
});

let nextId = 1;
const span = (name: string): Uint8Array => otlpBody([{ spanName: name }], nextId++);

describe("mock.restart(): what a Phoenix restart keeps and what the environment changes", () => {
  it("auth off -> on -> secret changed -> same secret again -> off; rows and spans stay, tokens follow the secret", async () => {
    const mock = createMockPhoenix({});
    const url = await mock.listen();
    const send = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
    try {
      expect((await send("/v1/traces", post(span("open")))).status).toBe(200);

      const secret = generateSecret();
      mock.restart({ enableAuth: true, secret });
      expect(mock.url).toBe(url);
      expect(mock.config.enableAuth).toBe(true);
      expect((await send("/v1/traces", post(span("no-key")))).status).toBe(401);
      expect(mock.spans().map((s) => s.name)).toEqual(["open"]);

      const session = await login(send, "admin@localhost", mock.config.defaultAdminInitialPassword);
      const { key } = await mock.createSystemApiKey();
      expect((await send("/v1/traces", post(span("with-key"), bearer(key)))).status).toBe(200);

      // A new secret: the key and the session are still rows, but their signatures no longer verify.
      mock.restart({ secret: generateSecret() });
      expect((await send("/v1/traces", post(span("old-secret"), bearer(key)))).status).toBe(401);
      expect((await send("/v1/users", { headers: { cookie: session.cookie } })).status).toBe(401);

      // The first secret again: both verify again, because the rows were kept.
      mock.restart({ secret });
      expect((await send("/v1/traces", post(span("key-again"), bearer(key)))).status).toBe(200);
      expect((await send("/v1/users", { headers: { cookie: session.cookie } })).status).toBe(200);

      mock.restart({ enableAuth: false });
      expect((await send("/v1/traces", post(span("open-again")))).status).toBe(200);
      expect(mock.spans().map((s) => s.name)).toEqual(["open", "with-key", "key-again", "open-again"]);
    } finally {
      await mock.close();
    }
  });

  it("a bad setting throws MockConfigError and changes nothing", () => {
    const secret = generateSecret();
    const mock = createMockPhoenix({ enableAuth: true, secret });
    expect(() => mock.restart({ secret: "short" })).toThrow(MockConfigError);
    expect(mock.config.secret).toBe(secret);
  });
});
