// Loads the optional peer dependency msw. "Install msw" is said only when msw itself is not installed; when it is
// installed but cannot be loaded here, the error says why.
import { createRequire } from "node:module";
import { MockUsageError } from "../usage-error.js";

export interface MswModule {
  http: { all(path: string, resolver: (info: { request: Request }) => Promise<Response>): unknown };
}
export interface MswNodeModule {
  setupServer(...handlers: unknown[]): {
    listen(options?: Record<string, unknown>): void;
    close(): void;
    use(...handlers: unknown[]): void;
    resetHandlers(...handlers: unknown[]): void;
  };
}

/** Whether this runs inside a Jest worker (Jest sets JEST_WORKER_ID in every test process, --runInBand included). */
function underJest(): boolean {
  return process.env.JEST_WORKER_ID !== undefined;
}

/** What the MSW handlers need of a mock: its origin and its one Fetch handler (structural, so this module needs no mock). */
export interface MswTarget {
  readonly baseUrl: string;
  handle(request: Request): Promise<Response>;
}

/** The mock's MSW request handlers: every method on `baseUrl/*`, answered by `mock.handle()`. */
export function handlersFor(mock: MswTarget, msw: MswModule): unknown[] {
  return [msw.http.all(`${mock.baseUrl}/*`, ({ request }) => mock.handle(request))];
}

function missing(error: unknown, specifier: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") && typeof message === "string" && message.includes(`'${specifier}'`);
}

/**
 * require() cannot load an ES module here: Node before 20.19/22.12, Jest's require() without its ES module support, or
 * a require() that compiles every file as CommonJS (vitest's vmThreads/vmForks pools), which fails on ESM syntax.
 */
function esmOnly(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "ERR_REQUIRE_ESM" || code === "ERR_REQUIRE_ASYNC_MODULE" || (typeof message === "string" && /Must use import to load ES Module|Cannot use import statement outside a module|Unexpected token 'export'/.test(message));
}

function failure(user: string, specifier: string, cause: unknown): MockUsageError {
  if (missing(cause, specifier)) {
    const message = `${user} needs the optional peer dependency "msw" (2.15 or later), which is not installed. Install it: npm install --save-dev msw`;
    return Object.assign(new MockUsageError(message), { cause });
  }
  const reason = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
  return Object.assign(new MockUsageError(`${user}: msw is installed but could not be loaded: ${reason}.${underJest() ? jestHint(user, cause) : ""}`), { cause });
}

/** Under Jest: the fix for what failed (msw's ES-only dependencies need Jest's ES module support, or import()). */
function jestHint(user: string, cause: unknown): string {
  if (esmOnly(cause) && user === "mock.handlers") {
    return " Jest's require() loads msw's ES-only dependencies only on Node 24.9 or later (with NODE_OPTIONS=--experimental-vm-modules); on older Node pass your own msw import, phoenixHandlers(mock, msw) (import * as msw from \"msw\"), or use setupMswServer(mock, ...yourHandlers), which imports msw.";
  }
  return ' msw depends on ES-only packages, which Jest loads only with its ES module support on: run Jest with NODE_OPTIONS=--experimental-vm-modules (phoenix-mock docs/test-runners-jest.md), or serve the mock on a real socket instead: `const url = await mock.listen()`.';
}

/** msw through require(); `undefined` (with `deferrable`) when only import() can load it. */
export function loadMsw<T>(specifier: "msw" | "msw/node", user: string, deferrable = false): T | undefined {
  try {
    return createRequire(import.meta.url)(specifier) as T;
  } catch (cause) {
    if (deferrable && esmOnly(cause) && !missing(cause, specifier)) return undefined;
    throw failure(user, specifier, cause);
  }
}

export async function importMsw<T>(specifier: "msw" | "msw/node", user: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (cause) {
    throw failure(user, specifier, cause);
  }
}
