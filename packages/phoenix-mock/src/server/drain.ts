import type { IncomingMessage } from "node:http";

interface BodyState {
  /** Bytes handed to the Fetch handler or discarded so far. */
  received: number;
  /** The handler stopped reading (or never started): further chunks are discarded. */
  discarding: boolean;
  controller?: ReadableStreamDefaultController<Uint8Array>;
}

const states = new WeakMap<IncomingMessage, BodyState>();

function stateOf(req: IncomingMessage): BodyState {
  let state = states.get(req);
  if (!state) {
    state = { received: 0, discarding: false };
    states.set(req, state);
    // Attached once, for the request's whole life: a client that aborts mid-body never becomes an unhandled 'error'.
    req.on("error", (error) => {
      if (!state!.discarding) state!.controller?.error(error);
      state!.discarding = true;
    });
  }
  return state;
}

/**
 * The request body as a Fetch stream, pulled with backpressure. Unlike `Readable.toWeb`, cancelling it (a route
 * that answers before reading the body) leaves the socket alone, so the connection can be drained and kept alive.
 */
export function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const state = stateOf(req);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      state.controller = controller;
      req.pause();
      req.on("data", (chunk: Buffer) => {
        state.received += chunk.length;
        if (state.discarding) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        if (!state.discarding) controller.close();
        state.discarding = true;
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      state.discarding = true;
    },
  });
}

/**
 * After the answer, what is left of the request body. uvicorn reads and discards it, so the next request on the
 * connection is answered (the OTLP exporter reuses connections after a 401). Up to `maxBytes` are discarded the
 * same way; a declared longer body gets `connection: close` with the answer, an undeclared one (chunked) closes
 * the socket once it passes the bound.
 */
export function drainAfterResponse(req: IncomingMessage, maxBytes: number): "keep-alive" | "close" {
  if (req.complete) return "keep-alive";
  const state = stateOf(req);
  state.discarding = true;
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return "close";
  if (req.listenerCount("data") === 0) req.on("data", (chunk: Buffer) => (state.received += chunk.length));
  req.on("data", () => {
    if (state.received > maxBytes) req.socket.destroy();
  });
  req.resume();
  return "keep-alive";
}
