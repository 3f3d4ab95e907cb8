import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FetchHandler } from "../http/index.js";
import { DEFAULT_MAX_BODY_BYTES } from "../http/body.js";
import { FETCH_FORBIDDEN_METHODS, describeError, phoenixMethodNotAllowed, phoenixNotFound } from "../http/front.js";
import { INVALID_REQUEST, INVALID_REQUEST_BODY, orderedClientErrors } from "./client-error.js";
import { bodyStream, drainAfterResponse } from "./drain.js";

/** Where and how `mock.listen()` serves HTTP. */
export interface ListenOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * The largest request line plus header set the server reads, in bytes (node's `maxHeaderSize`). Default 131072
   * (128 KiB). Beyond it the connection gets uvicorn's 400 "Invalid HTTP request received." and is closed.
   */
  maxHeaderBytes?: number;
  /**
   * How many bytes of a request body nobody read (a body behind an early 401, say) the server discards to keep
   * the connection alive. Default: the mock's `maxBodyBytes`. A longer body closes the connection after the answer.
   */
  maxDrainBytes?: number;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

/** Reads nothing into a URL that `new URL` might refuse: only `name`, `name:port`, `[v6]`, `[v6]:port`. */
/**
 * `requireHostHeader: false`: a Host-less HTTP/1.1 request reaches the adapter, which answers it as uvicorn does.
 * `headersTimeout`: a request whose head has not arrived within 3 s gets uvicorn's 400 and the connection closes (checked
 * every 500 ms). Node's parser waits for more bytes where h11 decides at once: after `PRI <target> HTTP/1.1` and an
 * empty line it expects the rest of an HTTP/2 preface, forever without this bound (docs/divergences.md, "Slow request heads").
 */
const SERVER_OPTIONS = { requireHostHeader: false, headersTimeout: 3000, connectionsCheckingInterval: 500 } as const;

const SAFE_HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The request's URL for the Fetch handler. Phoenix ignores a Host header it cannot use (it answers `Host: a b` or
 * `Host: [::1` like any other request), so an unusable one falls back to the address the server is bound to.
 */
function requestUrl(req: IncomingMessage, fallbackHost: string): URL {
  const host = req.headers.host;
  if (host && SAFE_HOST.test(host)) {
    try {
      return new URL(`http://${host}${req.url}`);
    } catch {
      // e.g. a port above 65535: fall through to the bound address.
    }
  }
  return new URL(`http://${fallbackHost}${req.url}`);
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header value the Fetch API refuses (node's parser is more lenient): Phoenix would not read it either.
    }
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? bodyStream(req) : null,
    // Required by Node's fetch for a streamed request body.
    duplex: "half",
  } as RequestInit);
}

async function writeResponse(response: Response, method: string | undefined, res: ServerResponse, close: boolean): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  // Phoenix (uvicorn) sends content-length on every response but 204/304.
  if (response.status !== 204 && response.status !== 304) headers["content-length"] = String(body.length);
  // Set on the response (not only in writeHead) so that orderedClientErrors can see that this answer closes.
  if (close) res.setHeader("connection", "close");
  res.writeHead(response.status, headers);
  res.end(method === "HEAD" ? undefined : body);
}

/** uvicorn refuses HTTP/0.9, an HTTP/1.1 request without a Host header, and any request with two. */
function unacceptable(req: IncomingMessage): boolean {
  if (req.httpVersionMajor < 1) return true;
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") hosts++;
  return hosts > 1 || (hosts === 0 && req.httpVersion === "1.1");
}

function rawHeaders(response: Response): string {
  let out = "";
  response.headers.forEach((value, name) => (out += `${name}: ${value}\r\n`));
  return out;
}

/**
 * Serves a Fetch handler on a real socket (node:http). Touches no globals. No request can take the process down:
 * unparsable requests get uvicorn's 400, a request-target that is not a path (`*`, `http://host/`) Phoenix's 404,
 * and an error escaping one request is logged once (its message only) and closes that connection.
 */
export function serve(
  handler: FetchHandler,
  options: ListenOptions = {},
  log: (message: string) => void = () => {},
): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const maxDrainBytes = options.maxDrainBytes ?? DEFAULT_MAX_BODY_BYTES;
  const clientErrors = orderedClientErrors();
  const server = createServer({ ...SERVER_OPTIONS, maxHeaderSize: options.maxHeaderBytes ?? 128 * 1024 }, (req, res) => {
    clientErrors.track(req, res);
    void answer(req, res).catch((error: unknown) => {
      log(`${req.method} request failed outside the handler, connection closed: ${describeError(error)}`);
      res.destroy();
    });
  });
  // Never trace itself: @opentelemetry/instrumentation-http records server spans by wrapping http.Server.prototype.emit.
  // An instrumentation in the same process would record every export this mock receives, export that span, and so on.
  // The instance's own emit (the unwrapped EventEmitter one) shadows any such wrapper, whenever it is installed.
  server.emit = EventEmitter.prototype.emit;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on("error", () => res.destroy());
    if (unacceptable(req)) {
      const headers = { "content-type": "text/plain; charset=utf-8", "content-length": String(INVALID_REQUEST_BODY.length) };
      res.setHeader("connection", "close");
      res.writeHead(400, headers).end(INVALID_REQUEST_BODY);
      return;
    }
    const target = req.url ?? "/";
    const bound = server.address() as AddressInfo;
    const fallbackHost = `${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`;
    // Origin-form only: Starlette's router matches no route for `*`, `http://host/path` or `host:443`.
    const response = !target.startsWith("/")
      ? phoenixNotFound()
      : FETCH_FORBIDDEN_METHODS.has(req.method ?? "")
        ? phoenixMethodNotAllowed()
        : await handler(toRequest(req, requestUrl(req, fallbackHost)), { clientAddress: req.socket.remoteAddress ?? "127.0.0.1" });
    // A network error (an injected reset or dropped answer): the connection is cut with nothing written.
    if (response.type === "error") {
      req.socket.destroy();
      return;
    }
    const drain = drainAfterResponse(req, maxDrainBytes);
    await writeResponse(response, req.method, res, drain === "close");
  }

  // CONNECT host:port (authority-form): Phoenix routes it like any other target that is not a path.
  server.on("connect", (_req: IncomingMessage, socket: Socket) => {
    socket.on("error", () => socket.destroy());
    void phoenixNotFound()
      .arrayBuffer()
      .then((body) => socket.end(`HTTP/1.1 404 Not Found\r\n${rawHeaders(phoenixNotFound())}content-length: ${body.byteLength}\r\nconnection: close\r\n\r\nNot Found`))
      .catch(() => socket.destroy());
  });

  server.on("clientError", clientErrors.onClientError);

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
