import fc from "fast-check";
import net from "node:net";
import { expect } from "vitest";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { startMockCli } from "./raw.js";
import { API_KEY_PLACEHOLDER, requestShapes, type RequestShape } from "./shapes.js";

/**
 * The request-shape property: arbitrary raw requests (shapes.ts) over a socket to one long-lived `phoenix-mock`
 * (the built dist/cli.js, auth on, as users run it; a crash is then a dead process, not a dead test worker). For
 * every case: each byte the server sends is part of a well-formed HTTP/1.1 response (or the server closes without a
 * word), no status is a 5xx but Phoenix's own documented 500s, nothing hangs, and a health request on a new
 * connection is answered 200 afterwards. At the end the process is alive and logged no error of its own.
 */

const STATUS_LINE = /^HTTP\/1\.1 ([1-5]\d\d) [^\r\n]*$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n]*?)[ \t]*$/;

interface Parsed {
  statuses: number[];
  /** Per answer: the mock's documented 501 (`x-phoenix-mock: not-implemented`, docs/divergences.md). */
  notImplemented: boolean[];
  /** Bytes after the last complete response; must be empty once the exchange is over. */
  rest: number;
  closeAnnounced: boolean;
}

/** Parses `data` strictly as responses to requests of `methods` (a HEAD answer has no body); throws on malformed bytes. */
export function parseStrict(data: Buffer, methods: string[]): Parsed {
  const statuses: number[] = [];
  const notImplemented: boolean[] = [];
  let rest = data;
  let closeAnnounced = false;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) return { statuses, notImplemented, rest: rest.length, closeAnnounced };
    const [statusLine, ...lines] = rest.subarray(0, end).toString("latin1").split("\r\n");
    const status = STATUS_LINE.exec(statusLine!);
    if (!status) throw new Error(`malformed status line ${JSON.stringify(statusLine!.slice(0, 80))}`);
    const headers = new Map<string, string>();
    for (const line of lines) {
      const header = HEADER_LINE.exec(line);
      if (!header) throw new Error(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
      headers.set(header[1]!.toLowerCase(), header[2]!);
    }
    const code = Number(status[1]);
    const method = methods[statuses.length] ?? "GET";
    const length = headers.get("content-length");
    if (length !== undefined && !/^\d+$/.test(length)) throw new Error(`malformed content-length ${JSON.stringify(length)}`);
    if (length === undefined && code !== 204 && code !== 304 && code >= 200) throw new Error(`status ${code} without content-length`);
    const closes = /\bclose\b/i.test(headers.get("connection") ?? "");
    // A HEAD answer has no body, but the parser's own 400 (the request could not be read, so it is no HEAD answer) has.
    const parserAnswer = closes && rest.length - (end + 4) === Number(length);
    const bodyless = (method === "HEAD" && !parserAnswer) || code === 204 || code === 304;
    const bodyLength = bodyless ? 0 : Number(length ?? 0);
    if (rest.length < end + 4 + bodyLength) return { statuses, notImplemented, rest: rest.length, closeAnnounced };
    statuses.push(code);
    notImplemented.push(code === 501 && headers.get("x-phoenix-mock") === "not-implemented");
    if (closes) closeAnnounced = true;
    rest = rest.subarray(end + 4 + bodyLength);
    if (closeAnnounced) return { statuses, notImplemented, rest: rest.length, closeAnnounced };
  }
}

interface Exchange {
  data: Buffer;
  closed: boolean;
  timedOut: boolean;
}

/**
 * Writes `bytes`, and reads until `want` responses arrived, the server closed, or (after at least one answer) it has
 * been idle for `idleMs` (it may be waiting for the rest of a garbage "request" after a short declared body).
 */
function exchange(port: number, bytes: Buffer, methods: string[], options: { idleMs: number; timeoutMs: number }): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let closed = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (timedOut: boolean) => {
      clearTimeout(timer);
      clearTimeout(idle);
      socket.destroy();
      resolve({ data, closed, timedOut });
    };
    const timer = setTimeout(() => finish(true), options.timeoutMs);
    socket.on("connect", () => socket.write(bytes));
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      let parsed: Parsed;
      try {
        parsed = parseStrict(data, methods);
      } catch {
        return finish(false); // the caller re-parses and reports
      }
      if (parsed.statuses.length >= methods.length && parsed.rest === 0) return finish(false);
      clearTimeout(idle);
      if (parsed.statuses.length > 0) idle = setTimeout(() => finish(false), options.idleMs);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      finish(false);
    });
  });
}

/**
 * Phoenix's own 500s that the mock copies (RELIABILITY.md "No undocumented 5xx"): a POST to `/auth/*` whose body is
 * not a JSON object, and an authenticated POST to `/graphql` with a JSON scalar body. The server must also have
 * logged it as Phoenix's 500, not as a bug of the mock (checked by the caller).
 */
function documented500(shape: RequestShape, index: number): boolean {
  const path = shape.paths[index] ?? "";
  if (shape.methods[index] !== "POST") return false;
  return /^\/auth\//.test(path) || (shape.authenticated && /^\/graphql\b/.test(path));
}

const HEALTH = Buffer.from("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

export interface ShapeRunResult {
  cases: number;
  statuses: Map<number, number>;
  silentCloses: number;
  /** The first few requests that got a close without an answer, as generated (the key as its placeholder), for follow-up. */
  silentCloseShapes: string[];
}

/** Runs the property with `numRuns` cases against one `phoenix-mock` child; fast-check prints the seed on failure. */
export async function requestShapeProperty({ numRuns, seed }: { numRuns: number; seed?: number }): Promise<ShapeRunResult> {
  const adminSecret = generateSecret();
  const mock = await startMockCli({ PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: generateSecret(), PHOENIX_ADMIN_SECRET: adminSecret }, ["--grpc-port", "0"]);
  const result: ShapeRunResult = { cases: 0, statuses: new Map(), silentCloses: 0, silentCloseShapes: [] };
  try {
    const created = await fetch(`http://127.0.0.1:${mock.port}/v1/system/api_keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { name: "shapes" } }),
    });
    const { key } = ((await created.json()) as { data: { key: string } }).data;
    await fc.assert(
      fc.asyncProperty(requestShapes(), async (shape) => {
        const stderrBefore = mock.stderr().length;
        // The key goes in only here, so that a printed counterexample never shows it.
        const bytes = Buffer.from(shape.bytes.toString("latin1").replaceAll(API_KEY_PLACEHOLDER, key), "latin1");
        const { data, closed, timedOut } = await exchange(mock.port, bytes, shape.methods, { idleMs: 300, timeoutMs: 5000 });
        const parsed = parseStrict(data, shape.methods);
        expect(timedOut, "no answer and no close within 5 s").toBe(false);
        expect(parsed.rest, "bytes after the last complete response").toBe(0);
        if (parsed.statuses.length === 0) {
          expect(closed, "closed without an answer").toBe(true);
          result.silentCloses++;
          // Whole (base64, up to 8 KiB sent), so that the case can be replayed byte for byte against uvicorn.
          if (result.silentCloseShapes.length < 5) result.silentCloseShapes.push(`${shape.bytes.length} bytes, base64: ${shape.bytes.subarray(0, 8192).toString("base64")}`);
        }
        parsed.statuses.forEach((status, i) => {
          result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
          if (status >= 500 && !parsed.notImplemented[i]) {
            expect(documented500(shape, i) && status === 500, `undocumented ${status} to request ${i + 1}`).toBe(true);
            expect(mock.stderr().slice(stderrBefore)).not.toMatch(/mock error answered 500/);
          }
        });
        const health = await exchange(mock.port, HEALTH, ["GET"], { idleMs: 300, timeoutMs: 5000 });
        expect(parseStrict(health.data, ["GET"]).statuses, "health afterwards").toEqual([200]);
        expect(mock.alive(), "process alive").toBe(true);
        result.cases++;
      }),
      { numRuns, ...(seed === undefined ? {} : { seed }) },
    );
    expect(mock.alive()).toBe(true);
    expect(mock.stderr()).not.toMatch(/mock error|failed outside the handler|uncaught/i);
  } finally {
    await mock.stop();
  }
  return result;
}
