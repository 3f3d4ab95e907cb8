/** The options of createMockPhoenix() and restart(), and how the resolved configuration is shown. */
import type { Clock, MockPhoenixConfig, MockPhoenixOptions } from "./core/index.js";
import type { RequestLogEntry } from "./http/index.js";

/** What restart() may change: the `phoenix serve` settings, as options or as the environment. */
export type RestartOptions = MockPhoenixOptions & { env?: Readonly<Record<string, string | undefined>> };

export interface CreateMockPhoenixOptions extends MockPhoenixOptions {
  /**
   * The `phoenix serve` environment variables to read (PHOENIX_ENABLE_AUTH, PHOENIX_SECRET, ...). Default `{}`: an
   * in-process mock ignores the test runner's environment unless you pass `process.env`. Options beat variables.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch; inject `createManualClock()` to test expiry and lockout without waiting. */
  clock?: Clock;
  /** The origin the MSW handlers intercept and `request()` resolves against. Default `http://localhost:<port>`. */
  baseUrl?: string;
  /** Diagnostics the real server would log (unhandled errors behind a 500). Never receives secrets. */
  logger?: (message: string) => void;
  /** Called after every answered request with its log entry (method, path, status, principal kind). */
  onRequest?: (entry: RequestLogEntry) => void;
  /**
   * Keep at most this many spans; beyond it the oldest are evicted (`spanStats().evicted` counts them, and `logger`
   * hears it once). Default: no bound (PHOENIX_MOCK_MAX_SPANS when passed in `env`; `phoenix-mock` defaults to 100000).
   * 0: no bound.
   */
  maxSpans?: number;
  /**
   * The largest request body the mock reads, and the largest an OTLP body may inflate to, in bytes. Default
   * 33554432 (32 MiB). Past it: 413, before anything is buffered or inflated (Phoenix has no limit).
   */
  maxBodyBytes?: number;
  /**
   * Serve the control route `/__phoenix_mock/*` (faults, the span queue, stats) for tests in another process; it
   * answers only `authorization: Bearer <PHOENIX_ADMIN_SECRET>`, so an admin secret must be set. Default false:
   * those paths answer as Phoenix does. docs/faults-and-capacity.md.
   */
  controlRoute?: boolean;
  /**
   * Print each stored trace as an indented tree (name, kind, duration, status, a few key attributes) once no span
   * of it arrived for half a second: `true` writes to stderr, a function receives the text. Default off.
   */
  print?: boolean | ((text: string) => void);
}

export /** The configuration with PHOENIX_SECRET and PHOENIX_ADMIN_SECRET readable but hidden from logging and JSON. */
function hideSecrets(config: MockPhoenixConfig): MockPhoenixConfig {
  const copy = { ...config };
  for (const key of ["secret", "adminSecret"] as const) {
    Object.defineProperty(copy, key, { value: config[key], enumerable: false });
  }
  return Object.freeze(copy);
}
