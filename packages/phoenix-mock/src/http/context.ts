import type { SpanInserter } from "../pressure/inserter.js";
import type { FaultPlan } from "../pressure/faults.js";
import type { AuthModel, MockPhoenixConfig, Principal } from "../core/index.js";
import type { TraceStore } from "../spans/index.js";
import type { DecodedSpan } from "../otlp/decode.js";

/** The body FastAPI hands to validation: `undefined` when empty, parsed JSON for a JSON content type, else the raw text. */
export type RequestBody = { present: false } | { present: true; value: unknown };

/** Everything the routes share: the auth model, the span store and the resolved configuration. */
export interface MockState {
  readonly config: MockPhoenixConfig;
  readonly model: AuthModel;
  readonly traces: TraceStore<DecodedSpan>;
  /** Phoenix's span queue in front of the store (capacity: PHOENIX_MAX_SPANS_QUEUE_SIZE); ingest hands spans to it. */
  readonly inserter: SpanInserter;
  /** Injected faults (mock.injectFault); each ingest transport asks it first. */
  readonly faults: FaultPlan;
  /** Diagnostics that Phoenix would keep in its server log (never secrets). */
  readonly log: (message: string) => void;
  /** The largest request body, and inflated OTLP body, the mock reads (bytes); past it: 413. */
  readonly maxBodyBytes: number;
}

export interface RequestContext {
  readonly state: MockState;
  readonly request: Request;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly cookies: ReadonlyMap<string, string>;
  /** Who the request authenticated as (undefined: anonymous, or auth off). */
  readonly principal: Principal | undefined;
  /** The client address (per-IP limiter); the in-process handler uses 127.0.0.1 unless told. */
  readonly clientAddress: string;
  /** The body, read before authentication for routes that declare one (FastAPI's order). */
  readonly body?: RequestBody;
  /** Phoenix's `public_origin`: PHOENIX_ROOT_URL, else the request's base URL. */
  readonly origin: string;
}
