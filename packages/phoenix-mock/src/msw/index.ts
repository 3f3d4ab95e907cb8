import { checkMock, checkPhoenixHandlers } from "../args.js";
import { syncBuiltinESMExports } from "node:module";
import type { MockPhoenix } from "../mock.js";
import { handlersFor, importMsw, loadMsw, type MswModule, type MswNodeModule } from "./load.js";

/** The part of msw/node's `SetupServerApi` this helper drives. */
interface MswServer {
  listen(options?: Record<string, unknown>): void;
  close(): void;
  use(...handlers: unknown[]): void;
  resetHandlers(...handlers: unknown[]): void;
}

/** What `setupMswServer()` returns: an msw/node server with the mock's handlers first. */
export interface MockMswServer {
  /**
   * Starts intercepting, then re-syncs Node's built-in ESM exports so that code holding ESM bindings of `node:http`
   * (the OTLP exporter's `import("http")`) sees MSW's patched functions. Create the exporter after this call, and
   * await it: where msw can only be loaded with `import()` (Node 20.6-20.18), interception starts when it resolves.
   */
  listen(options?: { onUnhandledRequest?: "bypass" | "warn" | "error" }): Promise<void>;
  /** Stops intercepting and re-syncs the built-in ESM exports back to the originals. */
  close(): void;
  /** Prepends request handlers (msw's `server.use()`), ahead of the mock's. */
  use(...handlers: unknown[]): void;
  /** msw's `server.resetHandlers()`: drops handlers added with `use()` (or replaces the initial ones). */
  resetHandlers(...handlers: unknown[]): void;
  /** The underlying msw/node server (`undefined` until listen() resolves when msw had to be imported). */
  readonly server: unknown;
}

/**
 * An msw/node server with the mock's handlers first, then `extraHandlers`. MSW is an optional peer dependency,
 * loaded here (with require(), or with import() where require() cannot load it).
 */
export function setupMswServer(mock: MockPhoenix, ...extraHandlers: unknown[]): MockMswServer {
  checkMock(mock);
  const make = (node: MswNodeModule, msw: MswModule): MswServer => node.setupServer(...handlersFor(mock, msw), ...extraHandlers);
  const loaded = loadMsw<MswNodeModule>("msw/node", "setupMswServer", true);
  let server: MswServer | undefined = loaded && make(loaded, loadMsw<MswModule>("msw", "setupMswServer") as MswModule);
  const pending: ((s: MswServer) => void)[] = [];
  const withServer = (action: (s: MswServer) => void) => (server ? action(server) : pending.push(action));
  return {
    get server() {
      return server;
    },
    async listen(options) {
      if (!server) {
        // One after the other: Jest's ESM loader loses shared dependencies when two imports link at once.
        const node = await importMsw<MswNodeModule>("msw/node", "setupMswServer");
        const msw = await importMsw<MswModule>("msw", "setupMswServer");
        server ??= make(node, msw);
        for (const action of pending.splice(0)) action(server);
      }
      server.listen(options);
      syncBuiltinESMExports();
    },
    close() {
      server?.close();
      syncBuiltinESMExports();
    },
    use: (...handlers) => withServer((s) => s.use(...handlers)),
    resetHandlers: (...handlers) => withServer((s) => s.resetHandlers(...handlers)),
  };
}

/**
 * The mock's MSW handlers, made with your own msw module, for an msw server you already have:
 * `import * as msw from "msw"; server.use(...phoenixHandlers(mock, msw))`. Unlike `mock.handlers` it loads nothing,
 * so it works wherever your own msw import does (under Jest on Node before 24.9, say). register()'s exporter needs no
 * re-sync to be caught; OpenTelemetry's own OTLP exporters do (see setupMswServer).
 */
export function phoenixHandlers(mock: MockPhoenix, msw: { http: MswModule["http"] }): unknown[] {
  checkPhoenixHandlers(mock, msw);
  return handlersFor(mock, msw);
}
