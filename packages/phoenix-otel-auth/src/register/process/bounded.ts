/**
 * The time bounds of register(): every wait on something outside our control (a server, a key function, another
 * span processor) goes through `within`, so no exit path waits past its bound.
 */

export const TIMED_OUT: unique symbol = Symbol("timed out");

/**
 * `promise`'s value, or TIMED_OUT after `ms`; a rejection passes through. The timer keeps the process alive only with
 * `ref` (an exit flush holds the process until its bound; a background wait never does).
 */
export function within<T>(promise: Promise<T>, ms: number, ref = false): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
    if (!ref) timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** An unref'd timer: it never keeps the process alive. */
export function backgroundTimer(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(callback, Math.max(0, ms));
  timer.unref();
  return timer;
}

/** The failure of an export that an exit flush (`flushTimeoutMillis`) had to abandon. */
export class ExitBoundError extends Error {
  readonly code = "ERR_PHOENIX_EXIT_BOUND";
  constructor(readonly flushTimeoutMillis: number) {
    super(`the exit flush bound (flushTimeoutMillis, ${flushTimeoutMillis} ms) was reached`);
    this.name = "ExitBoundError";
  }
}

/** A request got no complete answer within its deadline (`timeoutMillis`, retries included). */
export class ExportTimeoutError extends Error {
  readonly code = "ERR_PHOENIX_EXPORT_TIMEOUT";
  constructor() {
    super("Request timed out");
    this.name = "ExportTimeoutError";
  }
}

/** The server kept answering a retryable status (429, 502, 503, 504) until the retries or the deadline ran out. */
export class ServerBusyError extends Error {
  readonly code = "ERR_PHOENIX_SERVER_BUSY";
  constructor(readonly status: number) {
    super(`Export failed with retryable status ${status}`);
    this.name = "ServerBusyError";
  }
}

/** How long register() waits for an `apiKey` function before exporting without a key (docs/shutdown-and-exit.md). */
export const API_KEY_TIMEOUT_MILLIS = 5000;
