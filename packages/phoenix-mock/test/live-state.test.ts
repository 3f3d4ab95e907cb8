/**
 * One mock, every surface: restart(), reset(), the clock and injected state reach the in-process handler, a socket,
 * MSW, gRPC and the pages alike, because each reads the mock's one live state; close() closes what is open.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createManualClock, createMockPhoenix, setupMswServer, type MockPhoenix } from "../src/index.js";
import { generateSecret, otlpBody } from "./helpers.js";
import { rawExport } from "./grpc/raw-client.js";

let nextId = 1;
const body = () => otlpBody([{ spanName: `s${nextId}` }], nextId++);
const protobufPost = (key?: string): RequestInit => ({
  method: "POST",
  body: body(),
  headers: { "content-type": "application/x-protobuf", ...(key ? { authorization: `Bearer ${key}` } : {}) },
});

type Surface = (key?: string) => Promise<number>;
let mock: MockPhoenix;
let stopMsw: (() => void) | undefined;
afterEach(async () => {
  stopMsw?.();
  stopMsw = undefined;
  await mock?.close();
});

/** Each surface's answer to one export with `key` (HTTP status; gRPC code mapped to ok/refused as 200/401/403). */
async function surfaces(m: MockPhoenix): Promise<Record<string, Surface>> {
  const url = await m.listen({ grpcPort: 0 });
  const msw = setupMswServer(m);
  await msw.listen({ onUnhandledRequest: "bypass" });
  stopMsw = () => void msw.close();
  const grpcStatus: Record<number, number> = { 0: 200, 16: 401, 7: 403 };
  return {
    "in process": async (key) => (await m.request("/v1/traces", protobufPost(key))).status,
    socket: async (key) => (await fetch(`${url}/v1/traces`, protobufPost(key))).status,
    msw: async (key) => (await fetch(`${m.baseUrl}/v1/traces`, protobufPost(key))).status,
    grpc: async (key) => grpcStatus[(await rawExport(m.grpcUrl!, body(), key && `Bearer ${key}`)).code] ?? -1,
  };
}

async function answers(all: Record<string, Surface>, key?: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, send] of Object.entries(all)) out[name] = await send(key);
  return out;
}
const every = (status: number) => ({ "in process": status, socket: status, msw: status, grpc: status });

describe("one live state", () => {
  it("the clock, reset() and restart() reach every surface; the pages follow restart()", async () => {
    const clock = createManualClock(Date.parse("2026-12-05T12:00:00Z"));
    mock = createMockPhoenix({ enableAuth: true, secret: generateSecret(), clock, baseUrl: "http://phoenix.live.test:6006" });
    const all = await surfaces(mock);
    const { key } = await mock.createSystemApiKey({ expiresAt: new Date(clock() + 60_000) });
    expect(await answers(all, key)).toEqual(every(200));

    clock.advance(120_000); // the key expired on the mock's clock, for every transport at once
    expect(await answers(all, key)).toEqual(every(401));

    const { key: fresh } = await mock.createSystemApiKey();
    expect(await answers(all, fresh)).toEqual(every(200));
    mock.reset(); // a fresh database: the key's row is gone everywhere
    expect(await answers(all, fresh)).toEqual(every(401));

    mock.restart({ enableAuth: false });
    expect(await answers(all)).toEqual(every(200));
    const page = await (await fetch(`${mock.url}/projects`)).text();
    expect(page).toContain('"authenticationEnabled":false');
    mock.restart({ enableAuth: true });
    expect(await answers(all)).toEqual(every(401));
    expect(await (await fetch(`${mock.baseUrl}/projects`)).text()).toContain('"authenticationEnabled":true');
  });

  it("close() closes HTTP and gRPC; the in-process handler keeps answering", async () => {
    mock = createMockPhoenix();
    const url = await mock.listen({ grpcPort: 0 });
    const grpcUrl = mock.grpcUrl!;
    await mock.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow(/fetch failed/);
    expect((await rawExport(grpcUrl, body())).code).toBe(14);
    expect(mock.grpcUrl).toBeUndefined();
    expect((await mock.request("/healthz")).status).toBe(200);
  });
});
