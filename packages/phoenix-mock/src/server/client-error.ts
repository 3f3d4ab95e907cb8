import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** The body of uvicorn's 400 to a request it cannot parse or accept. */
export const INVALID_REQUEST_BODY = "Invalid HTTP request received.";

/** uvicorn's answer to a request it cannot parse (bad request line, header overflow, bad content-length). */
export const INVALID_REQUEST =
  "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n" +
  `content-length: ${INVALID_REQUEST_BODY.length}\r\n\r\n${INVALID_REQUEST_BODY}`;

/**
 * Answers node's `clientError` in order, as uvicorn (h11) does: the answers to the requests before the bad one are
 * sent first, then the 400, then the connection closes. Bytes after a request that said `Connection: close` are
 * ignored (h11 stops reading), as are bytes after any answer that said `connection: close` (an HTTP/0.9 or Host-less
 * request's 400): the closing answer is the last one. Without this, the raw 400 would be
 * written to the socket while an earlier request's answer is still being computed, and arrive before it.
 */
const closes = (res: ServerResponse) => !res.shouldKeepAlive || /close/i.test(String(res.getHeader("connection") ?? ""));

export function orderedClientErrors(): {
  /** Call for every request: counts its answer as in flight on its socket until the response closes. */
  track(req: IncomingMessage, res: ServerResponse): void;
  onClientError(error: NodeJS.ErrnoException, socket: Socket): void;
} {
  const inFlight = new WeakMap<Socket, Map<IncomingMessage, ServerResponse>>();
  const afterLast = new WeakMap<Socket, () => void>();
  const closing = new WeakSet<Socket>();
  return {
    track(req, res) {
      const socket = req.socket;
      const requests = inFlight.get(socket) ?? new Map<IncomingMessage, ServerResponse>();
      inFlight.set(socket, requests.set(req, res));
      res.once("close", () => {
        if (closes(res)) closing.add(socket);
        requests.delete(req);
        if (requests.size === 0) afterLast.get(socket)?.();
      });
    },
    onClientError(error, socket) {
      if (!socket.writable || error.code === "ECONNRESET") return void socket.destroy();
      const answer = () => (error.code === "HPE_CLOSED_CONNECTION" || closing.has(socket) ? socket.end() : socket.end(INVALID_REQUEST));
      const requests = [...(inFlight.get(socket) ?? new Map<IncomingMessage, ServerResponse>())];
      if (requests.some(([, res]) => res.headersSent && closes(res))) socket.end();
      // The bad bytes are inside a request's body: it can never complete. uvicorn answers 400 and closes at once.
      else if (requests.some(([req]) => !req.complete)) socket.end(INVALID_REQUEST);
      else if (requests.length > 0) afterLast.set(socket, answer);
      else answer();
    },
  };
}
