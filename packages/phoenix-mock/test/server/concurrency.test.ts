import { afterEach, describe, expect, it } from "vitest";
import type { MockPhoenix } from "../../src/index.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { authMock, bearer, jsonInit, login } from "../helpers.js";
import { exporter, readAll } from "./load.js";

let mock: MockPhoenix | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe("no lost spans and no lost updates under concurrency (small; the full 16 × 10,000 run is in test:stress)", () => {
  it("4 exporters × 2,500 spans while admins log in and create users and system keys: all stored, all listed", async () => {
    mock = authMock({ disableRateLimit: true });
    const url = await mock.listen();
    const { key } = await mock.createSystemApiKey({ name: "ingest" });
    const send = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
    const admin = async (i: number) => {
      await login(send, "admin@localhost", "admin");
      const user = await send("/v1/users", jsonInit("POST", { user: { auth_method: "LOCAL", email: `u${i}@example.com`, username: `u${i}`, role: "MEMBER", password: generatePassword() } }, bearer(mock!.adminSecret)));
      expect(user.status).toBe(201);
      const created = await send("/v1/system/api_keys", jsonInit("POST", { data: { name: `k${i}` } }, bearer(mock!.adminSecret)));
      expect(created.status).toBe(201);
      return ((await created.json()) as { data: { id: string } }).data.id;
    };
    const [counters, keyIds] = await Promise.all([
      Promise.all([0, 1, 2, 3].map((id) => exporter(url, key, id, 2500))),
      Promise.all(Array.from({ length: 24 }, (_, i) => admin(i))),
    ]);
    expect(counters).toEqual([2500, 2500, 2500, 2500]);
    const stored = await readAll(url, key);
    expect(stored).toHaveLength(10_000);
    expect(new Set(stored).size).toBe(10_000);
    const listed = await send("/v1/system/api_keys", { headers: bearer(mock.adminSecret) });
    const ids = ((await listed.json()) as { data: { id: string }[] }).data.map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining(keyIds));
    expect(ids).toHaveLength(25);
  });
});
