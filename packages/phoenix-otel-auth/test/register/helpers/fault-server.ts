import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";
import {
  decodeExportTraceServiceRequest,
  encodeExportTraceServiceResponse,
  spansOf,
  type DecodedSpan,
} from "../../../../../test/helpers/mock-internals.js";

/**
 * What the fault-injecting server does with one request. It is not a Phoenix stand-in for answers (capture-server.ts
 * and the mock are); it breaks the transport in the ways a real network or an overloaded server does.
 * - `ok`: Phoenix's success answer (200, empty protobuf ExportTraceServiceResponse).
 * - `status`: that status and plain-text body (503 "Server is at capacity", a 401 storm, …).
 * - `stall`: reads the request, never answers, never closes.
 * - `drip`: sends the status line and headers, then one body byte every `everyMs`, forever (an idle timeout never fires).
 * - `reset`: destroys the connection after reading the request, without an answer.
 */
export type Fault =
  | { kind: "ok" }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "stall" }
  | { kind: "drip"; status?: number; everyMs?: number }
  | { kind: "reset" };

export interface FaultRequest {
  /** 0-based arrival index. */
  index: number;
  headers: IncomingMessage["headers"];
  /** Decoded spans of the body (empty when it was empty or undecodable). */
  spans: DecodedSpan[];
  fault: Fault["kind"];
}

export interface FaultServer {
  url: string;
  port: number;
  requests: FaultRequest[];
  /** Span names of the requests answered `ok`, i.e. the spans the server took. */
  received(): string[];
  /** Span names of every request body that arrived, whatever the answer. */
  arrived(): string[];
  /** Resolves when `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening and drops every connection (the port stays reserved for `up()`). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1 whose answer to each request is `plan(index)`. */
export async function startFaultServer(plan: (index: number, request: IncomingMessage) => Fault): Promise<FaultServer> {
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const index = requests.length;
    const fault = plan(index, req);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ index, headers: req.headers, spans: decode(req, Buffer.concat(chunks)), fault: fault.kind });
      for (const wake of waiters.splice(0)) wake();
      answer(fault, res, timers);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let port = 0;
  const listen = (): Promise<void> => new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });
  await listen();
  port = (server.address() as AddressInfo).port;
  const names = (list: FaultRequest[]): string[] => list.flatMap((r) => r.spans.map((s) => s.name));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    received: () => names(requests.filter((r) => r.fault === "ok")),
    arrived: () => names(requests),
    waitForRequests: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} requests, got ${requests.length}`)), timeoutMs);
        const check = (): void => {
          if (requests.length >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    down: stop,
    up: listen,
    close: stop,
  };
}

function decode(req: IncomingMessage, body: Buffer): DecodedSpan[] {
  try {
    return spansOf(decodeExportTraceServiceRequest(req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body));
  } catch {
    return [];
  }
}

function answer(fault: Fault, res: ServerResponse, timers: Set<NodeJS.Timeout>): void {
  switch (fault.kind) {
    case "ok":
      res.writeHead(200, { "content-type": "application/x-protobuf" });
      res.end(Buffer.from(encodeExportTraceServiceResponse()));
      return;
    case "status":
      res.writeHead(fault.status, { "content-type": "text/plain", ...fault.headers });
      res.end(fault.body ?? "");
      return;
    case "stall":
      return;
    case "drip": {
      res.writeHead(fault.status ?? 200, { "content-type": "application/x-protobuf" });
      const timer = setInterval(() => res.write(Buffer.from([0])), fault.everyMs ?? 100);
      timers.add(timer);
      res.on("close", () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    case "reset":
      res.socket?.destroy();
      return;
  }
}
