import { createRequire, syncBuiltinESMExports } from "node:module";
import type { MockPhoenix } from "../index.js";
import { MockUsageError } from "../index.js";

/** The part of msw/node's `SetupServerApi` this helper drives. */
interface MswServer {
  listen(options?: Record<string, unknown>): void;
  close(): void;
  use(...handlers: unknown[]): void;
  resetHandlers(...handlers: unknown[]): void;
}

export interface MockMswServer {
  /**
   * Starts intercepting, then re-syncs Node's built-in ESM exports so that code holding ESM bindings of `node:http`
   * (the OTLP exporter's `import("http")`) sees MSW's patched functions. Create the exporter after this call.
   */
  listen(options?: { onUnhandledRequest?: "bypass" | "warn" | "error" }): void;
  /** Stops intercepting and re-syncs the built-in ESM exports back to the originals. */
  close(): void;
  use(...handlers: unknown[]): void;
  resetHandlers(...handlers: unknown[]): void;
  /** The underlying msw/node server. */
  readonly server: unknown;
}

/**
 * An msw/node server with the mock's handlers first, then `extraHandlers`. MSW is an optional peer dependency,
 * loaded here on first use.
 */
export function setupMswServer(mock: MockPhoenix, ...extraHandlers: unknown[]): MockMswServer {
  let setupServer: (...handlers: unknown[]) => MswServer;
  try {
    ({ setupServer } = createRequire(import.meta.url)("msw/node"));
  } catch (cause) {
    throw Object.assign(
      new MockUsageError('setupMswServer needs the optional peer dependency "msw" (2.15 or later). Install it: npm install --save-dev msw'),
      { cause },
    );
  }
  const server = setupServer(...mock.handlers, ...extraHandlers);
  return {
    server,
    listen(options) {
      server.listen(options);
      syncBuiltinESMExports();
    },
    close() {
      server.close();
      syncBuiltinESMExports();
    },
    use: (...handlers) => server.use(...handlers),
    resetHandlers: (...handlers) => server.resetHandlers(...handlers),
  };
}
