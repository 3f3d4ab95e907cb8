import { inspect } from "node:util";
import { AuthModel, resolveMockConfig, type Clock, type MockPhoenixConfig, type MockPhoenixOptions, type Role } from "./core/index.js";
import { resolveMaxSpans, type SpanStoreStats, type TraceStore } from "./spans/index.js";
import { createPhoenixHandler, type FetchHandler, type HandleOptions, type MockState, type RequestLogEntry } from "./http/index.js";
import type { DecodedSpan } from "./otlp/decode.js";
import { resolveMaxBodyBytes } from "./http/body.js";
import { plainSpan } from "./otlp/values.js";
import type { GrpcListenOptions, RunningGrpcServer } from "./grpc/server.js";
import { serve, type ListenOptions, type RunningServer } from "./server/listen.js";
import { handlersFor, loadMsw, type MswModule } from "./msw/load.js";
import { MockUsageError } from "./usage-error.js";
import { checkListenOptions, checkMockOptions, checkPath, checkRequest, checkWaitOptions, usageOptions } from "./args.js";
import { waitForSpans, type MockSpan, type WaitForSpansOptions } from "./wait.js";
import { hideSecrets, type CreateMockPhoenixOptions, type RestartOptions } from "./options.js";
import { FaultPlan, type FaultSpec, type MockFault } from "./pressure/faults.js";
import { SpanInserter } from "./pressure/inserter.js";
import { withPressure } from "./http/pressure.js";
import type { TracePrinter } from "./print/trace-tree.js";
import { controlSecretOf, createSpanStore, printTraces } from "./mock-parts.js";
import { seedSystemApiKey, seedUser, seedUserApiKey } from "./seed.js";

export { createManualClock, type ManualClock } from "./clock.js";
export { MockConfigError, type MockPhoenixConfig, type MockPhoenixOptions, type Role } from "./core/index.js";
export type { SpanStoreStats } from "./spans/index.js";
export { PHOENIX_VERSION, type HandleOptions, type RequestLogEntry } from "./http/index.js";
export type { ListenOptions } from "./server/listen.js";
export type { GrpcListenOptions } from "./grpc/server.js";

/** The options of `mock.listen()`: the HTTP socket's, plus an optional gRPC port. */
export interface MockListenOptions extends ListenOptions {
  /** Also serve OTLP over gRPC on this port (0: any free port), as Phoenix does on PHOENIX_GRPC_PORT. Default: no gRPC. */
  grpcPort?: number;
}
export type * from "./otlp/types.js";
export { MockUsageError } from "./usage-error.js";
export type { MockSpan, WaitForSpansOptions } from "./wait.js";
export type { CreateMockPhoenixOptions, RestartOptions } from "./options.js";
export type { FaultRequest, FaultSpec, MockFault } from "./pressure/faults.js";

/** spanStats(): the store's counts, Phoenix's span queue and the faults. */
export interface MockSpanStats extends SpanStoreStats {
  /** Spans accepted and waiting in Phoenix's span queue (only while `pauseInserts()` holds them). */
  readonly queued: number;
  /** Ingest requests refused because the span queue was full (HTTP 503, gRPC UNAVAILABLE). */
  readonly refusedAtCapacity: number;
  /** Ingest requests answered by an injected fault. */
  readonly faulted: number;
}

/** How many entries `mock.requests` keeps: the newest ones (a flood of requests must not fill memory). */
const REQUEST_LOG_LIMIT = 10_000;

const spanStores = new WeakMap<MockPhoenix, TraceStore<DecodedSpan>>();

/** Internal, not part of phoenix-mock: a mock's span store (its work counter backs the scale tests). */
export function spanStoreOf(mock: MockPhoenix): TraceStore<DecodedSpan> {
  return spanStores.get(mock)!;
}

/**
 * A mock Phoenix: the auth model, the span store and one Fetch handler, usable in process (`handle`, `request`,
 * MSW `handlers`) or on a real socket (`listen`).
 */
export class MockPhoenix {
  readonly baseUrl: string;
  /** The Fetch-standard handler: `(request, { clientAddress }?) => Promise<Response>`. Stays the same across restart(). */
  readonly handle: FetchHandler = (request, options) => (checkRequest(request), this.#handler(request, options));
  #config: MockPhoenixConfig;
  #handler: FetchHandler;
  readonly #restartWith: (options: RestartOptions) => void;
  readonly #model: AuthModel;
  readonly #traces: TraceStore<DecodedSpan>;
  readonly #requests: RequestLogEntry[] = [];
  readonly #resetEvictionWarning: () => void;
  #server: RunningServer | undefined;
  #grpc: RunningGrpcServer | undefined;
  #state: MockState;
  readonly #clock: Clock;
  readonly #log: (entry: RequestLogEntry) => void;
  readonly #logger: (message: string) => void;
  readonly #maxBodyBytes: number;
  #printer: TracePrinter | undefined;

  constructor(options: CreateMockPhoenixOptions = {}) {
    const { env = {}, clock = Date.now, baseUrl, logger = () => {}, onRequest, maxSpans: maxSpansOption, maxBodyBytes, controlRoute, print, ...phoenixOptions } =
      checkMockOptions("createMockPhoenix", options);
    this.#maxBodyBytes = resolveMaxBodyBytes(maxBodyBytes);
    this.#logger = logger;
    const config = resolveMockConfig(phoenixOptions, env);
    const maxSpans = resolveMaxSpans(maxSpansOption, env);
    this.#config = hideSecrets(config);
    this.baseUrl = (baseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, "");
    this.#model = new AuthModel(config, clock);
    const store = createSpanStore(clock, maxSpans, logger);
    this.#traces = store.traces;
    this.#resetEvictionWarning = store.resetWarning;
    spanStores.set(this, this.#traces);
    this.#clock = clock;
    const inserter = new SpanInserter(this.#traces);
    this.#state = { config, model: this.#model, traces: this.#traces, inserter, faults: new FaultPlan(), log: logger, maxBodyBytes: this.#maxBodyBytes };
    const controlSecret = controlRoute ? controlSecretOf(phoenixOptions, env) : undefined;
    if (print) this.#printer = printTraces(inserter, print);
    this.#log = (entry) => {
      // Trimmed in batches, so that keeping the log bounded costs O(1) per request.
      if (this.#requests.length >= 2 * REQUEST_LOG_LIMIT) this.#requests.splice(0, this.#requests.length - REQUEST_LOG_LIMIT);
      this.#requests.push(entry);
      onRequest?.(entry);
    };
    const pressure = (handler: FetchHandler): FetchHandler =>
      withPressure(handler, {
        faults: this.#state.faults,
        inserter,
        stats: () => this.spanStats(),
        controlSecret,
        log: (entry) => this.#log({ ...entry, at: new Date(clock()) }),
      });
    this.#handler = pressure(createPhoenixHandler(this.#state, this.#log));
    let settings = { options: phoenixOptions as MockPhoenixOptions, env };
    this.#restartWith = ({ env: nextEnv = settings.env, ...changes }) => {
      const next = resolveMockConfig({ ...settings.options, ...changes }, nextEnv);
      settings = { options: { ...settings.options, ...changes }, env: nextEnv };
      this.#model.restart(next);
      this.#config = hideSecrets(next);
      this.#state = { ...this.#state, config: next };
      this.#handler = pressure(createPhoenixHandler(this.#state, this.#log));
    };
  }

  /** The resolved `phoenix serve` settings in effect (secrets readable, hidden from logging and JSON). */
  get config(): MockPhoenixConfig {
    return this.#config;
  }

  /**
   * Restarts this Phoenix in place with changed settings, as `phoenix serve` restarted with a new environment: the
   * database (users, keys, sessions, projects, spans) and the request log stay; settings, and so which tokens verify,
   * change. docs/api.md "mock.restart(settings?)". Throws MockConfigError like the constructor, and then nothing changes.
   */
  restart(options: RestartOptions = {}): void {
    this.#restartWith(checkMockOptions("mock.restart", options));
  }

  /** PHOENIX_ADMIN_SECRET, for `authorization: Bearer <adminSecret>` in tests. Undefined unless auth is on and it is set. */
  get adminSecret(): string | undefined {
    return this.config.adminSecret;
  }

  /** The listening server's URL once `listen()` resolved, else `baseUrl`. */
  get url(): string {
    return this.#server?.url ?? this.baseUrl;
  }

  /** The OTLP/gRPC endpoint (`http://127.0.0.1:<port>`) once `listen({ grpcPort })` or `listenGrpc()` resolved. */
  get grpcUrl(): string | undefined {
    return this.#grpc?.url;
  }

  /**
   * The requests answered so far (the newest 10,000): method, path (long ones cut), status, how it authenticated.
   * gRPC exports appear with method `gRPC`, the full method name as path and the gRPC status code (0 = OK).
   */
  get requests(): readonly RequestLogEntry[] {
    return this.#requests.length > REQUEST_LOG_LIMIT ? this.#requests.slice(-REQUEST_LOG_LIMIT) : this.#requests;
  }

  /** `fetch` against the mock without a socket: `path` resolves against `baseUrl`. */
  request(path: string, init?: RequestInit, options?: HandleOptions): Promise<Response> {
    checkPath(path);
    return this.handle(new Request(new URL(path, `${this.baseUrl}/`), init), options);
  }

  /**
   * MSW request handlers for `baseUrl/*`. MSW is an optional peer dependency, loaded on first use.
   * With node's OTLP exporter use `setupMswServer` (phoenix-mock), which also makes MSW see it.
   */
  get handlers(): unknown[] {
    return handlersFor(this, loadMsw<MswModule>("msw", "mock.handlers") as MswModule);
  }

  /** Serves the mock on a real socket; resolves with its URL (`http://127.0.0.1:<port>`). `grpcPort`: see listenGrpc(). */
  async listen(options: MockListenOptions = {}): Promise<string> {
    if (this.#server) throw new MockUsageError(`The mock is already listening on ${this.#server.url}; close() it first.`);
    const { grpcPort, ...http } = checkListenOptions("mock.listen", options) as MockListenOptions;
    this.#server = await serve(this.handle, { maxDrainBytes: this.#maxBodyBytes, ...http }, this.#logger);
    if (grpcPort !== undefined) {
      try {
        await this.listenGrpc({ port: grpcPort, host: http.host });
      } catch (error) {
        await this.close();
        throw error;
      }
    }
    return this.#server.url;
  }

  /**
   * Serves OTLP over gRPC (TraceService/Export, with Phoenix's auth and viewer rules and status codes) on its own
   * port, next to HTTP or alone (e.g. with MSW); resolves with `http://127.0.0.1:<port>`.
   */
  async listenGrpc(options: GrpcListenOptions = {}): Promise<string> {
    if (this.#grpc) throw new MockUsageError(`The mock already serves gRPC on ${this.#grpc.url}; close() it first.`);
    const checked = checkListenOptions("mock.listenGrpc", options);
    // The gRPC surface (and @grpc/grpc-js, an optional peer) loads here, on first use.
    const { serveGrpc } = await import("./grpc/server.js");
    this.#grpc = await serveGrpc(() => this.#state, (entry) => this.#log({ ...entry, at: new Date(this.#clock()) }), checked);
    return this.#grpc.url;
  }

  /** Stops listening (HTTP and gRPC); stalled requests are let through first, so that no close waits on a fault. */
  async close(): Promise<void> {
    this.#state.faults.clear();
    this.#printer?.flush();
    const [server, grpc] = [this.#server, this.#grpc];
    this.#server = undefined;
    this.#grpc = undefined;
    await Promise.all([server?.close(), grpc?.close()]);
  }

  /** Ingested spans in arrival order, optionally of one project (a copy of what is stored: O(spans)). */
  spans(filter: { project?: string } = {}): MockSpan[] {
    return this.#traces.spans(usageOptions("mock.spans", "filter", filter)?.project).map((stored) => ({ ...plainSpan(stored.span), project: stored.project }));
  }

  /**
   * Spans stored now, spans evicted so far (oldest first, beyond `maxSpans`) and the bound; spans waiting in Phoenix's
   * span queue (`queued`, while inserts are paused), ingest requests refused at capacity and requests answered by a fault.
   */
  spanStats(): MockSpanStats {
    return { ...this.#traces.stats(), ...this.#state.inserter.stats(), faulted: this.#state.faults.faulted };
  }

  /**
   * Injects a fault into ingest (OTLP/HTTP and OTLP/gRPC): the matching requests get a status, a delay, a stall, a cut
   * connection or a dropped answer. Returns a handle (`hits`, `release()`, `remove()`). docs/faults-and-capacity.md.
   */
  injectFault(spec: FaultSpec): MockFault {
    return this.#state.faults.add(spec);
  }

  /** Ends every injected fault; stalled requests go through. */
  clearFaults(): void {
    this.#state.faults.clear();
  }

  /**
   * Makes Phoenix's database slow: accepted spans wait in its span queue (not readable yet) until `resumeInserts()`.
   * Once PHOENIX_MAX_SPANS_QUEUE_SIZE spans wait, ingest is refused: HTTP 503, gRPC UNAVAILABLE, as Phoenix does.
   */
  pauseInserts(): void {
    this.#state.inserter.pause();
  }

  /** Stores the queued spans (in arrival order) and lets later spans through at once. */
  resumeInserts(): void {
    this.#state.inserter.resume();
  }

  /**
   * Resolves with the spans once `count` are stored; rejects after `timeoutMs` saying how many did. Each ingest only
   * compares a count: the spans are copied once, when the wait resolves.
   */
  waitForSpans(options: WaitForSpansOptions = {}): Promise<MockSpan[]> {
    return waitForSpans(this.#traces, this.#requests, checkWaitOptions(options), (project) => this.spans({ project }));
  }

  /** Back to a fresh Phoenix: only the system user and the default admin, no keys, no sessions, no spans, no log. */
  reset(): void {
    this.#model.reset();
    this.#traces.reset();
    this.#state.inserter.reset();
    this.#state.faults.reset();
    this.#resetEvictionWarning();
    this.#requests.length = 0;
  }

  /** Creates a system API key directly (as an admin would). */
  createSystemApiKey(options: { name?: string; description?: string; expiresAt?: Date } = {}): Promise<{ id: string; key: string }> {
    return seedSystemApiKey(this.#model, this.config, options);
  }

  /** Creates a LOCAL user directly. Password default: "password"; username default: the email's local part. */
  createUser(options: { email: string; username?: string; password?: string; role: Exclude<Role, "SYSTEM"> }): Promise<{
    id: string;
    email: string;
    username: string;
    role: Role;
  }> {
    return seedUser(this.#model, options);
  }

  /** Creates an API key owned by the user with this email (it carries that user's role). */
  createUserApiKey(options: { email: string; name?: string; description?: string; expiresAt?: Date }): Promise<{ id: string; key: string }> {
    return seedUserApiKey(this.#model, this.config, options);
  }

  /** What `console.log(mock)` shows: the URL and whether auth is on, never a secret. */
  [inspect.custom](): string {
    return `MockPhoenix { url: ${this.url}, enableAuth: ${this.config.enableAuth} }`;
  }
}

/**
 * A new mock Phoenix 20.26.1 (the same as `new MockPhoenix(options)`). Options are the programmatic form of `phoenix serve`'s
 * environment variables; an invalid setting throws `MockConfigError` with Phoenix's own startup message.
 */
export function createMockPhoenix(options: CreateMockPhoenixOptions = {}): MockPhoenix {
  return new MockPhoenix(options);
}
