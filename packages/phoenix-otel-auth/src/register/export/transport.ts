import { readFileSync } from "node:fs";
// The default exports: the module objects MSW patches, looked up per request. Named ESM bindings are a snapshot under
// Jest's ESM loader (which also makes syncBuiltinESMExports() a no-op), so requests would escape MSW there.
import type http from "node:http";
import type https from "node:https";
import { diag } from "@opentelemetry/api";
import type { ExportResponse, IExporterTransport } from "@opentelemetry/otlp-exporter-base";
import { ExitBoundError, ExportTimeoutError, ServerBusyError } from "../process/bounded.js";
import { markSent, type KeySnapshot } from "../report/sent-with.js";
import { firstSet, type EnvName } from "../config/environment.js";
import { nodeModules, otlpPackages, untraced } from "./node-modules.js";
import type { Env } from "../types.js";

// The OTLP exporter's retry policy (@opentelemetry/otlp-exporter-base retrying-transport), kept as it is.
const MAX_RETRIES = 5;
const INITIAL_BACKOFF = 1000;
const MAX_BACKOFF = 5000;
const BACKOFF_MULTIPLIER = 1.5;
const JITTER = 0.2;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH"]);
const USER_AGENT = "OTel-OTLP-Exporter-JavaScript (phoenix-otel-auth)";

export interface TransportOptions {
  url: string;
  /** One call per request: its headers, and what they carry (noted on the request's error, see credentials.ts). */
  request: () => Promise<KeySnapshot>;
  compression: "gzip" | "none";
  /** Sockets and retry timers do not keep the process alive (the exit hooks hold it while they flush, up to their bound). */
  unref: boolean;
  /** For the OTLP TLS variables (OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE, …CLIENT_CERTIFICATE, …CLIENT_KEY). */
  env: Env;
}

/**
 * OTLP/HTTP transport with the OTel exporter's semantics (retries, Retry-After, status classes, error shapes) and the
 * bounds the stock one lacks: the request timeout is a deadline for the whole answer (a server that drips its response
 * cannot extend it), and an exit bound ends every request and retry wait at once.
 * Why a copy: the stock transport lets a dripping answer run past its timeout; test/register/export/transport-reason.timing.test.ts
 * fails once it does not, and then this can wrap OpenTelemetry's transport instead.
 */
export class PhoenixTransport implements IExporterTransport {
  private exitAt: number | undefined;
  private exitMillis = 0;
  private readonly running = new Set<(error: Error) => void>();
  private agent: http.Agent | undefined;
  constructor(private readonly options: TransportOptions) {}

  /** No attempt, wait or retry runs past `at` (epoch ms) from now on; `undefined` lifts the bound. */
  bound(at: number | undefined, flushTimeoutMillis = 0): void {
    this.exitAt = at;
    this.exitMillis = flushTimeoutMillis;
  }

  /** Ends every running request, key wait and retry wait now with `error` (not retried). */
  abortAll(error: Error): void {
    for (const abort of [...this.running]) abort(error);
  }

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    const deadline = Date.now() + timeoutMillis;
    let backoff = INITIAL_BACKOFF;
    let result = await this.attempt(data, deadline);
    for (let retries = MAX_RETRIES; result.status === "retryable" && retries > 0; retries--) {
      const jittered = Math.min(backoff * (1 + (Math.random() * 2 - 1) * JITTER), MAX_BACKOFF);
      const wait = result.retryInMillis ?? Math.max(jittered, 0);
      backoff *= BACKOFF_MULTIPLIER;
      if (Date.now() + wait > deadline) break;
      // Past the exit bound: report the cause when there is one (ECONNREFUSED says more than "out of time").
      if (this.exitAt !== undefined && Date.now() + wait > this.exitAt) return finalAnswer(result.error ? result : this.exitFailure());
      const aborted = await this.sleep(wait);
      if (aborted) return finalAnswer(result.error ? result : { status: "failure", error: aborted });
      result = await this.attempt(data, deadline);
    }
    return finalAnswer(result);
  }

  shutdown(): void {
    this.agent?.destroy();
  }

  private exitFailure(): ExportResponse {
    return { status: "failure", error: new ExitBoundError(this.exitMillis) };
  }

  /** Runs `step` until it calls `finish`, or until abortAll ends it; `onAbort` releases what the step holds. */
  private track<T>(step: (finish: (value: T) => void) => (error: Error) => T): Promise<T> {
    return new Promise((resolve) => {
      let settled = false;
      let abort: ((error: Error) => void) | undefined;
      const finish = (value: T): void => {
        if (settled) return;
        settled = true;
        if (abort) this.running.delete(abort);
        resolve(value);
      };
      const onAbort = step(finish);
      if (settled) return;
      abort = (error: Error): void => finish(onAbort(error));
      this.running.add(abort);
    });
  }

  private sleep(ms: number): Promise<Error | undefined> {
    return this.track<Error | undefined>((finish) => {
      const timer = setTimeout(() => finish(undefined), ms);
      if (this.options.unref) timer.unref();
      return (error) => {
        clearTimeout(timer);
        return error;
      };
    });
  }

  private async attempt(data: Uint8Array, deadline: number): Promise<ExportResponse> {
    const headers = await this.track<{ value: KeySnapshot } | { error: Error }>((finish) => {
      this.options.request().then(
        (value) => finish({ value }),
        (error: unknown) => finish({ error: error instanceof Error ? error : new Error(String(error)) }),
      );
      return (error) => ({ error });
    });
    if ("error" in headers) return { status: "failure", error: headers.error };
    const exitBound = this.exitAt !== undefined && this.exitAt < deadline;
    const limit = exitBound ? this.exitAt! : deadline;
    if (Date.now() >= limit) return exitBound ? this.exitFailure() : { status: "retryable", error: new ExportTimeoutError() };
    const body = this.options.compression === "gzip" ? await gzipped(data) : data;
    const response = await this.track<ExportResponse>((finish) => this.post(body, headers.value.headers, limit - Date.now(), exitBound, finish));
    if (response.status !== "success") markSent(response.error, headers.value);
    return response;
  }

  private post(
    body: Uint8Array,
    headers: Record<string, string>,
    ms: number,
    exitBound: boolean,
    finish: (response: ExportResponse) => void,
  ): (error: Error) => ExportResponse {
    const url = new URL(this.options.url);
    const { http, https } = nodeModules();
    const send = url.protocol === "https:" ? https.request : http.request;
    const req = untraced(() => send(url, {
      method: "POST",
      agent: this.agentFor(url.protocol),
      headers: {
        ...headers,
        "Content-Type": "application/x-protobuf",
        "Content-Length": String(body.byteLength),
        "User-Agent": USER_AGENT,
        ...(this.options.compression === "gzip" && { "Content-Encoding": "gzip" }),
      },
    }));
    const done = (response: ExportResponse): void => {
      clearTimeout(timer);
      finish(response);
    };
    req.on("response", (res) => answer(res, done));
    req.on("error", (error: NodeJS.ErrnoException) =>
      done({ status: RETRYABLE_CODES.has(error.code ?? "") ? "retryable" : "failure", error }),
    );
    if (this.options.unref) req.on("socket", (socket) => socket.unref());
    const timer = setTimeout(() => {
      done(exitBound ? this.exitFailure() : { status: "retryable", error: new ExportTimeoutError() });
      req.destroy();
    }, ms);
    if (this.options.unref) timer.unref();
    req.end(body);
    return (error) => {
      clearTimeout(timer);
      req.destroy();
      return { status: "failure", error };
    };
  }

  private agentFor(protocol: string): http.Agent {
    if (this.agent) return this.agent;
    const { http, https } = nodeModules();
    if (protocol === "http:") return (this.agent = new http.Agent({ keepAlive: true }));
    return (this.agent = new https.Agent({ keepAlive: true, ...tlsFromEnv(this.options.env) }));
  }
}

/**
 * Out of retries or time: a retryable answer becomes a failure with its own typed error. (OTel 2.x's delegate would
 * replace a retryable answer's error with a message-only one; a failure's error passes through on both lines.)
 */
function finalAnswer(result: ExportResponse): ExportResponse {
  return result.status === "retryable" ? { status: "failure", error: result.error ?? new ExportTimeoutError() } : result;
}

function answer(res: http.IncomingMessage, done: (response: ExportResponse) => void): void {
  const status = res.statusCode ?? 0;
  const retryInMillis = retryAfterMillis(res.headers["retry-after"]);
  const chunks: Buffer[] = [];
  let size = 0;
  res.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      done({ status: "failure", error: new Error(`OTLP export response body exceeded size limit of ${MAX_RESPONSE_BYTES} bytes`) });
      res.destroy();
      return;
    }
    chunks.push(chunk);
  });
  res.on("end", () => {
    if (status >= 200 && status <= 299) done({ status: "success", data: Buffer.concat(chunks) });
    else if (RETRYABLE_STATUSES.has(status)) done({ status: "retryable", error: new ServerBusyError(status), ...(retryInMillis !== undefined && { retryInMillis }) });
    else done({ status: "failure", error: new (otlpPackages().base.OTLPExporterError)(res.statusMessage, status, Buffer.concat(chunks).toString()) });
  });
  res.on("error", (error) => {
    if (status >= 200 && status <= 299) done({ status: "success" });
    else if (RETRYABLE_STATUSES.has(status)) done({ status: "retryable", error, ...(retryInMillis !== undefined && { retryInMillis }) });
    else done({ status: "failure", error });
  });
}

/** Retry-After in seconds or as an HTTP date, as the OTel exporter reads it. */
function retryAfterMillis(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number.parseInt(value, 10);
  if (Number.isInteger(seconds)) return seconds > 0 ? seconds * 1000 : -1;
  const delay = new Date(value).getTime() - Date.now();
  return delay >= 0 ? delay : 0;
}

function gzipped(data: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => nodeModules().zlib.gzip(data, (error, out) => (error ? reject(error) : resolve(out))));
}

/** The TLS files named by the OTLP certificate variables (the traces form first; empty counts as unset). */
export function tlsFromEnv(env: Env): https.AgentOptions {
  const file = (what: string, traces: EnvName, general: EnvName): Buffer | undefined => {
    const path = firstSet(env, [traces, general])?.value;
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      diag.warn(`Failed to read ${what} file ${path}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const ca = file("certificate", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE");
  const cert = file("client certificate", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE");
  const key = file("client key", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY");
  return { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
}
