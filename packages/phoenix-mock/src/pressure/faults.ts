/**
 * Fault injection for tests: ingest requests (OTLP/HTTP `POST /v1/traces`, OTLP/gRPC Export) answered as a failing
 * server or network would, chosen by count, by share or by predicate. Each transport turns the chosen fault into its
 * own words (./http.ts, ../grpc/server.ts); this file only decides which request gets which fault.
 */
import { MockUsageError } from "../errors.js";
import { showArgument } from "../args.js";

export type IngestTransport = "http" | "grpc";

/** What a `match` predicate sees of an ingest request. */
export interface FaultRequest {
  readonly transport: IngestTransport;
  /** Request headers (HTTP) or metadata (gRPC), names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

/** One fault: which requests (`transport`, `times`, `fraction`, `match`) and exactly one answer. */
export interface FaultSpec {
  /** Only this transport (default both). */
  transport?: IngestTransport;
  /** Fault this many requests, then stop (default: every matching request until removed). */
  times?: number;
  /** Fault this share of the matching requests, spread evenly: 0.25 faults the 4th, 8th, 12th… (default 1). */
  fraction?: number;
  /** Fault only the requests for which this returns true (in-process only). */
  match?: (request: FaultRequest) => boolean;
  /** Answer with this HTTP status (e.g. 429, 500, 502, 503, 504); gRPC gets `grpcCode`, or the code gRPC maps it to. */
  status?: number;
  /** With `status`: the `retry-after` header (seconds, or an HTTP date). HTTP only: gRPC has no such header. */
  retryAfter?: number | string;
  /** With `status`: the body (HTTP, plain text) and the gRPC details. Default: the status's reason phrase. */
  message?: string;
  /** With `status`: the gRPC status code to answer instead of the mapped one. */
  grpcCode?: number;
  /** Answer normally, after this many milliseconds. */
  delayMs?: number;
  /** Hold the request until `fault.release()` (or reset()/close()), then answer normally. */
  stall?: boolean;
  /** Cut the connection before answering; nothing is stored. */
  reset?: boolean;
  /** Store the spans, then cut the connection instead of answering. */
  dropResponse?: boolean;
}

/** The handle `mock.injectFault()` returns. */
export interface MockFault {
  readonly id: string;
  /** Requests this fault has answered so far. */
  readonly hits: number;
  /** Lets stalled requests through and ends the fault. */
  release(): void;
  /** Ends the fault (stalled requests are let through). */
  remove(): void;
}

export type FaultAnswer =
  | { kind: "status"; status: number; retryAfter?: string; message: string; grpcCode: number }
  | { kind: "delay"; ms: number }
  | { kind: "stall"; released: Promise<void> }
  | { kind: "reset" }
  | { kind: "drop-response" };

const REASONS: Record<number, string> = { 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

/** gRPC's mapping of HTTP statuses to codes (grpc/doc/http-grpc-status-mapping.md). */
export function grpcCodeFor(status: number): number {
  if (status === 400) return 13;
  if (status === 401) return 16;
  if (status === 403) return 7;
  if (status === 404) return 12;
  if (status === 429 || status === 502 || status === 503 || status === 504) return 14;
  return 2;
}

const ANSWERS = ["status", "delayMs", "stall", "reset", "dropResponse"] as const;
const KEYS = new Set<string>(["transport", "times", "fraction", "match", "retryAfter", "message", "grpcCode", ...ANSWERS]);

function bad(option: string, value: unknown, fix: string): never {
  throw new MockUsageError(`mock.injectFault: option \`${option}\` ${fix}, got ${showArgument(value)}.`);
}

/** Checks a spec and turns it into the plan's entry; a MockUsageError names the option and value. */
function checkSpec(spec: FaultSpec): FaultSpec {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) bad("spec", spec, "must be an object such as { status: 503, times: 2 }");
  for (const key of Object.keys(spec)) if (!KEYS.has(key)) bad(key, (spec as Record<string, unknown>)[key], `is not a fault option (use ${[...KEYS].join(", ")})`);
  const answers = ANSWERS.filter((key) => spec[key] !== undefined && spec[key] !== false);
  if (answers.length !== 1) {
    const given = answers.length ? answers.join(" and ") : "none";
    throw new MockUsageError(`mock.injectFault: give exactly one answer (status, delayMs, stall, reset or dropResponse), got ${given}.`);
  }
  const { status, delayMs, times, fraction, transport, match, retryAfter, message, grpcCode } = spec;
  if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) bad("status", status, "must be an HTTP error status from 400 to 599");
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) bad("delayMs", delayMs, "must be a number of milliseconds ≥ 0");
  if (times !== undefined && !(Number.isSafeInteger(times) && times > 0)) bad("times", times, "must be a whole number ≥ 1 (leave it out for every request)");
  if (fraction !== undefined && !(typeof fraction === "number" && fraction > 0 && fraction <= 1)) bad("fraction", fraction, "must be a number in (0, 1]");
  if (transport !== undefined && transport !== "http" && transport !== "grpc") bad("transport", transport, 'must be "http" or "grpc" (leave it out for both)');
  if (match !== undefined && typeof match !== "function") bad("match", match, "must be a function (request) => boolean");
  if (retryAfter !== undefined && !((typeof retryAfter === "number" && Number.isInteger(retryAfter) && retryAfter >= 0) || (typeof retryAfter === "string" && retryAfter.trim() !== ""))) {
    bad("retryAfter", retryAfter, "must be whole seconds ≥ 0 or an HTTP date");
  }
  if (message !== undefined && typeof message !== "string") bad("message", message, "must be a string");
  if (grpcCode !== undefined && !(Number.isInteger(grpcCode) && grpcCode >= 1 && grpcCode <= 16)) bad("grpcCode", grpcCode, "must be a gRPC error code from 1 to 16");
  for (const key of ["stall", "reset", "dropResponse"] as const) if (spec[key] !== undefined && typeof spec[key] !== "boolean") bad(key, spec[key], "must be true");
  if (status === undefined && (retryAfter ?? message ?? grpcCode) !== undefined) bad(retryAfter !== undefined ? "retryAfter" : message !== undefined ? "message" : "grpcCode", retryAfter ?? message ?? grpcCode, "goes only with `status`");
  return spec;
}

interface Entry {
  readonly id: string;
  readonly spec: FaultSpec;
  seen: number;
  hits: number;
  release: () => void;
  released: Promise<void>;
}

/** The faults in force, oldest first; the first one that takes a request answers it. */
export class FaultPlan {
  #entries: Entry[] = [];
  #next = 1;
  #faulted = 0;
  /** Faults that stalled a request: clear() lets them through even after `times` retired the fault. */
  #stalls = new Set<Entry>();

  add(input: FaultSpec): MockFault {
    const spec = checkSpec(input);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const entry: Entry = { id: `fault-${this.#next++}`, spec: { ...spec }, seen: 0, hits: 0, release, released };
    this.#entries.push(entry);
    const end = () => this.#remove(entry);
    return {
      id: entry.id,
      get hits() {
        return entry.hits;
      },
      release: end,
      remove: end,
    };
  }

  /**
   * The fault for this request, if one takes it (counted), else undefined. `headers` is read only when a fault's
   * `match` asks for them: with no fault in force an ingest request pays one length check.
   */
  take(transport: IngestTransport, headers: () => Readonly<Record<string, string>>): FaultAnswer | undefined {
    if (this.#entries.length === 0) return undefined;
    let request: FaultRequest | undefined;
    for (const entry of this.#entries) {
      const { spec } = entry;
      if (spec.transport && spec.transport !== transport) continue;
      if (spec.match && !spec.match((request ??= { transport, headers: headers() }))) continue;
      entry.seen++;
      const fraction = spec.fraction ?? 1;
      if (Math.floor(entry.seen * fraction) === Math.floor((entry.seen - 1) * fraction)) continue;
      entry.hits++;
      this.#faulted++;
      if (spec.times !== undefined && entry.hits >= spec.times) this.#entries = this.#entries.filter((e) => e !== entry);
      if (spec.stall) this.#stalls.add(entry);
      return answerOf(entry);
    }
    return undefined;
  }

  /** Ends one fault by id (the control route); false when there is none. */
  end(id: string): boolean {
    const entry = this.#entries.find((e) => e.id === id);
    if (entry) this.#remove(entry);
    return entry !== undefined;
  }

  /** Ends every fault, letting stalled requests through. */
  clear(): void {
    for (const entry of [...this.#entries, ...this.#stalls]) entry.release();
    this.#entries = [];
    this.#stalls.clear();
  }

  /** Requests answered by a fault since the last reset. */
  get faulted(): number {
    return this.#faulted;
  }

  reset(): void {
    this.clear();
    this.#faulted = 0;
  }

  #remove(entry: Entry): void {
    entry.release();
    this.#stalls.delete(entry);
    this.#entries = this.#entries.filter((e) => e !== entry);
  }
}

function answerOf({ spec, released }: Entry): FaultAnswer {
  if (spec.status !== undefined) {
    return {
      kind: "status",
      status: spec.status,
      ...(spec.retryAfter !== undefined ? { retryAfter: String(spec.retryAfter) } : {}),
      message: spec.message ?? REASONS[spec.status] ?? `Error ${spec.status}`,
      grpcCode: spec.grpcCode ?? grpcCodeFor(spec.status),
    };
  }
  if (spec.delayMs !== undefined) return { kind: "delay", ms: spec.delayMs };
  if (spec.stall) return { kind: "stall", released };
  return spec.reset ? { kind: "reset" } : { kind: "drop-response" };
}
