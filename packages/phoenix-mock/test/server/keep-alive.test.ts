import { afterEach, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { authMock } from "../helpers.js";
import { exchange } from "./raw.js";

const MiB = 1024 * 1024;
const post = (size: number, path = "/v1/traces") =>
  Buffer.concat([
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${size}\r\n\r\n`),
    Buffer.alloc(size, 7),
  ]);

let mock: MockPhoenix | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe("keep-alive after an early answer (the OTLP exporter reuses its connection after a 401)", () => {
  it("drains an unread 4 MiB body behind a 401 and answers the next request on the same connection", async () => {
    mock = authMock();
    const port = Number(new URL(await mock.listen()).port);
    const { responses, error } = await exchange(port, [post(4 * MiB), post(4 * MiB)], { expect: 2, waitBetween: true });
    expect(error).toBeUndefined();
    expect(responses.map((r) => r.status)).toEqual([401, 401]);
    expect(responses[0]!.headers.connection).not.toBe("close");
  });

  it("a body the route never reads (GET with a body) does not stall the next request", async () => {
    mock = createMockPhoenix();
    const port = Number(new URL(await mock.listen()).port);
    const get = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n${"x".repeat(100_000)}`;
    const { responses } = await exchange(port, [get, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"], { expect: 2, waitBetween: true });
    expect(responses.map((r) => [r.status, r.body])).toEqual([[200, "OK"], [200, "OK"]]);
  });

  it("closes deliberately (connection: close) instead of draining a declared body above maxBodyBytes", async () => {
    mock = authMock({ maxBodyBytes: MiB });
    const port = Number(new URL(await mock.listen()).port);
    const { responses, closed } = await exchange(port, [post(4 * MiB)], { expect: 2, timeoutMs: 5000 });
    expect(responses.map((r) => r.status)).toEqual([413]);
    expect(responses[0]!.headers.connection).toBe("close");
    expect(closed).toBe(true);
  });
});
