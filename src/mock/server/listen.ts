import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { FetchHandler } from "../http/index.js";

export interface ListenOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, fallbackHost: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const url = `http://${req.headers.host ?? fallbackHost}${req.url ?? "/"}`;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    // Required by Node's fetch for a streamed request body.
    duplex: "half",
  } as RequestInit);
}

async function writeResponse(response: Response, method: string | undefined, res: ServerResponse): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  // Phoenix (uvicorn) sends content-length on every response but 204/304.
  if (response.status !== 204 && response.status !== 304) headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(method === "HEAD" ? undefined : body);
}

/** Serves a Fetch handler on a real socket (node:http). Touches no globals. */
export function serve(handler: FetchHandler, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    const request = toRequest(req, `${host}:${(server.address() as AddressInfo).port}`);
    handler(request, { clientAddress: req.socket.remoteAddress ?? "127.0.0.1" })
      .then((response) => writeResponse(response, req.method, res))
      .catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  });
  // Never trace itself: @opentelemetry/instrumentation-http records server spans by wrapping http.Server.prototype.emit.
  // An instrumentation in the same process would record every export this mock receives, export that span, and so on.
  // The instance's own emit (the unwrapped EventEmitter one) shadows any such wrapper, whenever it is installed.
  server.emit = EventEmitter.prototype.emit;
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
