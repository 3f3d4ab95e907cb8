import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { exchange, startMockCli, type MockProcess } from "./raw.js";

/**
 * Request shapes that crashed phoenix-mock (issue 7), sent over a raw socket to the real CLI with auth on. `phoenix`
 * is what Phoenix 20.26.1 (uvicorn) answered to the same bytes (probed with scripts/real-phoenix.sh, see
 * RELIABILITY.md); the mock answers the same, or uvicorn's 400 where node's parser is stricter.
 */
const get = (target: string, headers = "Host: 127.0.0.1\r\n", version = "HTTP/1.1") =>
  `GET ${target} ${version}\r\n${headers}Connection: close\r\n\r\n`;
const shapes: { name: string; raw: string; phoenix: number }[] = [
  { name: "asterisk-form GET *", raw: get("*"), phoenix: 404 },
  { name: "asterisk-form OPTIONS *", raw: "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", phoenix: 404 },
  { name: "absolute-form", raw: get("http://example.com/", "Host: example.com\r\n"), phoenix: 404 },
  { name: "absolute-form to a real route", raw: get("http://example.com/healthz", "Host: example.com\r\n"), phoenix: 404 },
  { name: "authority-form CONNECT", raw: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", phoenix: 404 },
  { name: "no Host, HTTP/1.0", raw: "GET /healthz HTTP/1.0\r\n\r\n", phoenix: 200 },
  { name: "no Host, HTTP/1.1", raw: get("/healthz", ""), phoenix: 400 },
  { name: "empty Host", raw: get("/healthz", "Host: \r\n"), phoenix: 200 },
  { name: "two Host headers", raw: get("/healthz", "Host: a\r\nHost: b\r\n"), phoenix: 400 },
  ...["a b", "127.0.0.1:99999", "[::1", "%zz", "::1", "a]b", "[", "user@host", "host:port", "[::1]:6006", "exa mple.com:80"].map(
    (host) => ({ name: `Host: ${host}`, raw: get("/healthz", `Host: ${host}\r\n`), phoenix: 200 }),
  ),
  { name: "bad percent-encoding in the path", raw: get("/v1/projects/%zz%C3"), phoenix: 401 },
  { name: "bad percent-encoding in the query", raw: get("/v1/projects?cursor=%zz&limit=%ff"), phoenix: 401 },
  { name: "2000 headers (116 KB)", raw: get("/healthz", `Host: 127.0.0.1\r\n${Array.from({ length: 2000 }, (_, i) => `X-H${i}: ${"v".repeat(50)}\r\n`).join("")}`), phoenix: 200 },
  { name: "one 200 KB header", raw: get("/healthz", `Host: 127.0.0.1\r\nX-Big: ${"v".repeat(200_000)}\r\n`), phoenix: 400 },
  { name: "200 KB request line", raw: get(`/${"a".repeat(200_000)}`), phoenix: 400 },
  { name: "binary garbage", raw: "\x00\x01\x02 garbage\r\n\r\n", phoenix: 400 },
  { name: "HTTP/0.9", raw: "GET /healthz\r\n\r\n", phoenix: 400 },
  { name: "raw UTF-8 in the path", raw: get("/\u00e9"), phoenix: 400 },
  { name: "non-numeric content-length", raw: "POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n", phoenix: 400 },
];

let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockCli({ PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: generateSecret() });
});
afterAll(() => mock?.stop());

describe("phoenix-mock survives every request shape (raw socket to dist/cli.js)", () => {
  it.each(shapes)("$name: answered like Phoenix (or 400), process still up", async ({ raw, phoenix }) => {
    const { responses } = await exchange(mock.port, [raw], { expect: 1 });
    expect(responses).toHaveLength(1);
    expect([phoenix, 400]).toContain(responses[0]!.status);
    expect(mock.alive()).toBe(true);
  });

  it("answers the non-path targets with Phoenix's own 404 (body, headers)", async () => {
    for (const raw of [get("*"), get("http://example.com/healthz", "Host: example.com\r\n")]) {
      const [response] = (await exchange(mock.port, [raw], { expect: 1 })).responses;
      expect(response).toMatchObject({ status: 404, body: "Not Found" });
      expect(response!.headers).toMatchObject({ "content-type": "text/plain; charset=utf-8", "x-phoenix-server-version": "20.26.1" });
    }
  });

  // Found by the request-shape property (shapes.test.ts); kept here as fixed regressions.
  it("TRACE gets Phoenix's 405 for an unrouted method (the Fetch API refuses to carry it)", async () => {
    const [response] = (await exchange(mock.port, ["TRACE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"], { expect: 1 })).responses;
    expect(response).toMatchObject({ status: 405, body: "Method Not Allowed", headers: { allow: "GET, HEAD" } });
  });

  it("answers nothing after an answer that closes, and a bad pipelined request only after the answer before it", async () => {
    const closing = await exchange(mock.port, [`${get("/healthz")}GET /healthz HTTP/1.1\r\n\x00bad\r\n\r\n`], { expect: 2, timeoutMs: 2000 });
    expect(closing.responses.map((r) => r.status)).toEqual([200]);
    expect(closing.closed).toBe(true);
    const key = "GET /v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const ordered = await exchange(mock.port, [`${key}\x00garbage\r\n\r\n`], { expect: 2 });
    expect(ordered.responses.map((r) => r.status)).toEqual([401, 400]);
  });

  // Found in CI by the stress run (seed -986259249): node's parser read `PRI … HTTP/1.1` and an empty line as the start
  // of an HTTP/2 preface and waited for more bytes; the connection hung with no answer. h11 answers such a head at once.
  it("a PRI head (an HTTP/2 preface cut short) and a head that never ends get uvicorn's 400 and a close, not a hang", async () => {
    for (const raw of ["PRI /healthz HTTP/1.1\r\n\r\n", "PRI * HTTP/2.0\r\n\r\n", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"]) {
      const { responses } = await exchange(mock.port, [raw], { expect: 1, timeoutMs: 8000 });
      expect(responses.map((response) => [response.status, response.body])).toEqual([[400, "Invalid HTTP request received."]]);
      expect(responses[0]!.headers.connection).toBe("close");
    }
    expect(mock.alive()).toBe(true);
  });

  it("a bad chunk in a body gets uvicorn's 400 at once, and is not logged as an error of the mock", async () => {
    const before = mock.stderr().length;
    const raw = "POST /v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n";
    const { responses } = await exchange(mock.port, [raw], { expect: 1, timeoutMs: 3000 });
    expect(responses.map((r) => [r.status, r.body])).toEqual([[400, "Invalid HTTP request received."]]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mock.stderr().slice(before)).toBe("");
  });

  it("is still up and healthy after all of them, and logged no unhandled error", async () => {
    const [health] = (await exchange(mock.port, [get("/healthz")])).responses;
    expect(health?.status).toBe(200);
    expect(mock.alive()).toBe(true);
    expect(mock.stderr()).not.toMatch(/unhandled|failed outside the handler|Error/);
  });
});

describe("PHOENIX_MOCK_MAX_BODY_BYTES", () => {
  it("bounds the CLI's bodies (413 past it), and a bad value exits 2 naming the variable", async () => {
    const small = await startMockCli({ PHOENIX_MOCK_MAX_BODY_BYTES: "1000" });
    try {
      const post = `POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 5000\r\n\r\n${"x".repeat(5000)}`;
      const [response] = (await exchange(small.port, [post], { expect: 1 })).responses;
      expect(response?.status).toBe(413);
    } finally {
      await small.stop();
    }
    await expect(startMockCli({ PHOENIX_MOCK_MAX_BODY_BYTES: "lots" })).rejects.toThrow(
      /PHOENIX_MOCK_MAX_BODY_BYTES must be a positive integer \(bytes\), got: "lots"/,
    );
  });
});
