/**
 * Issue 7's load run at full size: 16 exporters × 10,000 spans into one `phoenix-mock` process (the built CLI, no
 * retention bound) while 48 admins log in and each create a system key. Every span is stored once and readable back,
 * each exporter's own counter agrees, and every key is listed: no lost span, no lost update.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { bearer, jsonInit, login } from "../helpers.js";
import { exporter, readAll } from "../server/load.js";
import { startMockCli, type MockProcess } from "../server/raw.js";

const EXPORTERS = 16;
const SPANS_EACH = 10_000;
const ADMINS = 48;

let mock: MockProcess;
let url: string;
const adminSecret = generateSecret();
beforeAll(async () => {
  mock = await startMockCli(
    { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: generateSecret(), PHOENIX_ADMIN_SECRET: adminSecret, PHOENIX_DISABLE_RATE_LIMIT: "true" },
    ["--max-spans", "0"],
  );
  url = `http://127.0.0.1:${mock.port}`;
});
afterAll(() => mock?.stop());

describe("phoenix-mock under 16 concurrent exporters and concurrent admin actions", () => {
  it(`${EXPORTERS} × ${SPANS_EACH} spans: exactly ${EXPORTERS * SPANS_EACH} stored, read back, equal to the exporters' counters; ${ADMINS} keys created concurrently, all listed`, async () => {
    const send = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
    const created = await send("/v1/system/api_keys", jsonInit("POST", { data: { name: "ingest" } }, bearer(adminSecret)));
    const key = ((await created.json()) as { data: { key: string } }).data.key;
    const admin = async (i: number): Promise<string> => {
      await login(send, "admin@localhost", "admin");
      const response = await send("/v1/system/api_keys", jsonInit("POST", { data: { name: `k${i}` } }, bearer(adminSecret)));
      expect(response.status).toBe(201);
      return ((await response.json()) as { data: { id: string } }).data.id;
    };
    const started = Date.now();
    const [counters, keyIds] = await Promise.all([
      Promise.all(Array.from({ length: EXPORTERS }, (_, id) => exporter(url, key, id, SPANS_EACH))),
      Promise.all(Array.from({ length: ADMINS }, (_, i) => admin(i))),
    ]);
    const stored = await readAll(url, key);
    console.log(`[load] ${EXPORTERS} × ${SPANS_EACH} spans + ${ADMINS} admins in ${Date.now() - started} ms; stored ${stored.length}, unique ${new Set(stored).size}; counters ${counters.join(",")}`);
    expect(counters).toEqual(Array(EXPORTERS).fill(SPANS_EACH));
    expect(stored).toHaveLength(EXPORTERS * SPANS_EACH);
    expect(new Set(stored).size).toBe(EXPORTERS * SPANS_EACH);
    const listed = await send("/v1/system/api_keys?limit=1000", { headers: bearer(adminSecret) });
    const ids = ((await listed.json()) as { data: { id: string }[] }).data.map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining(keyIds));
    expect(ids).toHaveLength(ADMINS + 1);
    expect(mock.alive()).toBe(true);
  });
});
