import { createGunzip, createInflate } from "node:zlib";
import { inspect } from "node:util";
import { MockConfigError } from "../core/index.js";
import { HttpError } from "./responses.js";

/** The default of `maxBodyBytes`: 32 MiB, far above an OTLP batch (512 spans), far below what hurts a test machine. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The `maxBodyBytes` option, or a MockConfigError naming it and the value. */
export function resolveMaxBodyBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw new MockConfigError(
    "maxBodyBytes",
    `maxBodyBytes must be a positive integer number of bytes, got ${inspect(value)}. Omit it for the default (${DEFAULT_MAX_BODY_BYTES}, 32 MiB).`,
  );
}

/**
 * Phoenix reads any body whole and inflates it whole (no limit): the mock refuses past `maxBodyBytes` with a 413
 * instead of buffering it (docs/divergences.md).
 */
export class BodyTooLarge extends HttpError {
  constructor(limit: number, what: "body" | "inflated body") {
    super(
      413,
      `Request ${what} larger than ${limit} bytes: phoenix-mock refuses it (Phoenix has no limit). ` +
        "Raise maxBodyBytes (createMockPhoenix) or PHOENIX_MOCK_MAX_BODY_BYTES (phoenix-mock) if you need more.",
    );
    this.name = "BodyTooLarge";
  }
}

/**
 * The client broke its own body (a bad chunk, a connection closed mid-body): the client's fault, not the mock's, so
 * it is answered 400 like an unparsable body, never a 500 (on a socket the connection is gone by then anyway).
 */
export class BodyUnreadable extends HttpError {
  constructor() {
    super(400, "There was an error parsing the body");
    this.name = "BodyUnreadable";
  }
}

/** A request whose body cannot deliver more than `limit` bytes; `exceeded()` says whether a reader hit the cap. */
export interface BoundedRequest {
  readonly request: Request;
  exceeded(): BodyTooLarge | BodyUnreadable | undefined;
}

/**
 * Caps the body of `request` before anyone buffers it: a declared content-length above `limit` is refused at once,
 * and a stream that passes `limit` errors (so `text()`, `arrayBuffer()` and `json()` reject) without reading on.
 */
export function boundRequestBody(request: Request, limit: number): BoundedRequest {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit, "body");
  const source = request.body;
  if (source === null) return { request, exceeded: () => undefined };
  let tooLarge: BodyTooLarge | BodyUnreadable | undefined;
  let received = 0;
  const reader = source.getReader();
  const capped = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        tooLarge = new BodyUnreadable();
        return controller.error(tooLarge);
      }
      const { done, value } = chunk;
      if (done) return controller.close();
      received += value.byteLength;
      if (received > limit) {
        tooLarge = new BodyTooLarge(limit, "body");
        controller.error(tooLarge);
        await reader.cancel().catch(() => {});
        return;
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const bounded = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: capped,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
  return { request: bounded, exceeded: () => tooLarge };
}

/**
 * gzip or deflate, inflated as a stream that stops as soon as the output passes `limit` (a 10 MiB bomb never
 * becomes 10 GiB). A body that does not match its encoding rejects with zlib's error, as Phoenix's decompress
 * raises (its bare 500).
 */
export function inflateBounded(body: Uint8Array, encoding: "gzip" | "deflate", limit: number): Promise<Uint8Array> {
  const inflater = encoding === "gzip" ? createGunzip() : createInflate();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    inflater.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        inflater.destroy();
        parts.length = 0;
        reject(new BodyTooLarge(limit, "inflated body"));
        return;
      }
      parts.push(chunk);
    });
    inflater.on("end", () => resolve(Buffer.concat(parts, total)));
    inflater.on("error", reject);
    inflater.end(body);
  });
}

/**
 * The deepest JSON nesting Phoenix's stack of parsers handles: from 957 levels on it fails (a 500 while validating,
 * or FastAPI's 400 once `json` itself recurses too deep). Deeper bodies get FastAPI's 400 here, before any code
 * recurses over them.
 */
export const MAX_JSON_DEPTH = 956;

/** Whether `text`, read as JSON, nests arrays and objects deeper than `max` (strings skipped; O(length)). */
export function jsonNestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
