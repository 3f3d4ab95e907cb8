/**
 * The HTTP side of faults and of the control route, in front of the mock's Phoenix handler:
 * - a fault that takes a `POST /v1/traces` answers it before Phoenix sees it (as a proxy or a failing server would);
 * - `/__phoenix_mock/*` (a path Phoenix does not use) lets a test in another process inject faults and hold the span
 *   queue of a `phoenix-mock --control` server; it answers only `authorization: Bearer <PHOENIX_ADMIN_SECRET>`.
 */
import { timingSafeEqual } from "node:crypto";
import type { FetchHandler, RequestLogEntry } from "./handler.js";
import { MockUsageError } from "../errors.js";
import type { FaultAnswer, FaultPlan, FaultSpec } from "../pressure/faults.js";
import type { SpanInserter } from "../pressure/inserter.js";

export const CONTROL_PREFIX = "/__phoenix_mock/";

export interface PressureOptions {
  readonly faults: FaultPlan;
  readonly inserter: SpanInserter;
  /** What GET /__phoenix_mock/stats answers (mock.spanStats()). */
  readonly stats: () => unknown;
  /** The control route's secret; undefined: the route is off and its paths are Phoenix's (404/405/the UI). */
  readonly controlSecret: string | undefined;
  readonly log: (entry: Omit<RequestLogEntry, "at">) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const headersOf = (request: Request): Record<string, string> => Object.fromEntries(request.headers);

/** Runs a taken fault: its own answer, or Phoenix's answer late, or a cut connection (`Response.error()`). */
async function faulted(answer: FaultAnswer, request: Request, next: () => Promise<Response>, log: PressureOptions["log"]): Promise<Response> {
  const path = new URL(request.url).pathname;
  switch (answer.kind) {
    case "status": {
      log({ method: request.method, path, status: answer.status, principal: "anonymous" });
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
      if (answer.retryAfter !== undefined) headers["retry-after"] = answer.retryAfter;
      return new Response(answer.message, { status: answer.status, headers });
    }
    case "delay":
      await sleep(answer.ms);
      return next();
    case "stall":
      await answer.released;
      return next();
    case "reset":
      log({ method: request.method, path, status: 0, principal: "anonymous" });
      return Response.error();
    case "drop-response":
      await (await next()).arrayBuffer();
      return Response.error();
  }
}

function sameSecret(given: string | null, secret: string): boolean {
  const expected = Buffer.from(`Bearer ${secret}`);
  const actual = Buffer.from(given ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const answerJson = (status: number, value?: unknown) =>
  new Response(value === undefined ? null : JSON.stringify(value), { status, headers: value === undefined ? {} : { "content-type": "application/json" } });

/** The control route: faults, the span queue, stats. Errors name what was wrong; the secret is never echoed. */
async function control(request: Request, path: string, options: PressureOptions): Promise<Response> {
  if (!sameSecret(request.headers.get("authorization"), options.controlSecret!)) {
    return answerJson(401, { detail: "The control route takes `authorization: Bearer <PHOENIX_ADMIN_SECRET>`." });
  }
  const route = `${request.method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  if (route === "GET /stats") return answerJson(200, options.stats());
  if (route === "POST /inserts/pause") return options.inserter.pause(), answerJson(204);
  if (route === "POST /inserts/resume") return options.inserter.resume(), answerJson(204);
  if (route === "DELETE /faults") return options.faults.clear(), answerJson(204);
  const release = /^POST \/faults\/([\w-]+)\/release$/.exec(route);
  if (release) return options.faults.end(release[1]!) ? answerJson(204) : answerJson(404, { detail: `No fault ${release[1]} in force.` });
  if (route === "POST /faults") {
    let spec: FaultSpec;
    try {
      spec = (await request.json()) as FaultSpec;
    } catch {
      return answerJson(400, { detail: 'The body must be a JSON fault, e.g. {"status": 503, "times": 2}.' });
    }
    try {
      if (typeof spec === "object" && spec !== null && "match" in spec) throw new MockUsageError("mock.injectFault: option `match` is a function: it cannot be sent to the control route.");
      return answerJson(201, { id: options.faults.add(spec).id });
    } catch (error) {
      if (error instanceof MockUsageError) return answerJson(400, { detail: error.message });
      throw error;
    }
  }
  return answerJson(404, { detail: `No control route ${route}: see phoenix-mock --help.` });
}

/** Wraps the Phoenix handler with faults on ingest and, when enabled, the control route. */
export function withPressure(next: FetchHandler, options: PressureOptions): FetchHandler {
  return async (request, handleOptions) => {
    const url = new URL(request.url);
    if (options.controlSecret !== undefined && url.pathname.startsWith(CONTROL_PREFIX)) return control(request, url.pathname, options);
    const answer = request.method === "POST" && url.pathname === "/v1/traces" ? options.faults.take("http", () => headersOf(request)) : undefined;
    return answer ? faulted(answer, request, () => next(request, handleOptions), options.log) : next(request, handleOptions);
  };
}
