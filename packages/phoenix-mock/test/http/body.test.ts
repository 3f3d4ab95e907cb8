import { gzipSync, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MockConfigError, createMockPhoenix } from "../../src/index.js";
import { authMock, bearer, otlpBody } from "../helpers.js";

const MiB = 1024 * 1024;

/** A body delivered in chunks without a content-length (as a chunked upload arrives), counting what was pulled. */
function streamed(total: number, chunk = 64 * 1024): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return { body, pulled: () => sent };
}

// ~32 KiB on the wire, 32 MiB inflated; made once (compressing is the slow part).
const bombs = { gzip: gzipSync(Buffer.alloc(32 * MiB)), deflate: deflateSync(Buffer.alloc(32 * MiB)) };

const otlp = (body: RequestInit["body"], headers: Record<string, string> = {}): RequestInit =>
  ({ method: "POST", headers: { "content-type": "application/x-protobuf", ...headers }, body, duplex: "half" }) as RequestInit;

describe("maxBodyBytes: bodies are bounded before they are buffered (in process, as MSW calls the handler)", () => {
  it("refuses a declared content-length above the limit with 413 without reading the body", async () => {
    const mock = createMockPhoenix({ maxBodyBytes: MiB });
    const { body, pulled } = streamed(4 * MiB);
    const response = await mock.request("/v1/traces", otlp(body, { "content-length": String(4 * MiB) }));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/larger than 1048576 bytes.*maxBodyBytes.*PHOENIX_MOCK_MAX_BODY_BYTES/);
    expect(pulled()).toBeLessThan(MiB);
  });

  it("stops reading a streamed body once it passes the limit (413), for protobuf and JSON routes alike", async () => {
    const mock = authMock({ maxBodyBytes: MiB });
    const { key } = await mock.createSystemApiKey();
    const traces = streamed(64 * MiB);
    const response = await mock.request("/v1/traces", otlp(traces.body, bearer(key)));
    expect(response.status).toBe(413);
    expect(traces.pulled()).toBeLessThanOrEqual(MiB + 128 * 1024);
    // /auth/login reads `request.json()` and turns its errors into a bare 500 like Phoenix; the cap still decides.
    const login = streamed(8 * MiB);
    const refused = await mock.request("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: login.body, duplex: "half" } as RequestInit);
    expect(refused.status).toBe(413);
    expect(login.pulled()).toBeLessThanOrEqual(MiB + 128 * 1024);
  });

  it.each(["gzip", "deflate"] as const)("inflates %s as a bounded stream: a bomb is refused with 413, a real batch stored", async (encoding) => {
    const mock = authMock({ maxBodyBytes: MiB });
    const { key } = await mock.createSystemApiKey();
    const compress = encoding === "gzip" ? gzipSync : deflateSync;
    const bomb = bombs[encoding];
    expect(bomb.length).toBeLessThan(MiB);
    const refused = await mock.request("/v1/traces", otlp(bomb, { ...bearer(key), "content-encoding": encoding }));
    expect(refused.status).toBe(413);
    expect(await refused.text()).toMatch(/inflated body larger than 1048576 bytes/);
    const ok = await mock.request("/v1/traces", otlp(compress(otlpBody([{ spanName: "fits" }])), { ...bearer(key), "content-encoding": encoding }));
    expect(ok.status).toBe(200);
    expect(mock.spans().map((s) => s.name)).toEqual(["fits"]);
  });

  it("refuses an unauthenticated bomb with 401 before inflating it", async () => {
    const mock = authMock({ maxBodyBytes: MiB });
    const response = await mock.request("/v1/traces", otlp(bombs.gzip, { "content-encoding": "gzip" }));
    expect(response.status).toBe(401);
  });

  it("names the option and the value when maxBodyBytes is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, "10"]) {
      expect(() => createMockPhoenix({ maxBodyBytes: bad as number })).toThrow(MockConfigError);
      expect(() => createMockPhoenix({ maxBodyBytes: bad as number })).toThrow(/maxBodyBytes must be a positive integer number of bytes, got/);
    }
  });
});
