import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import {
  decodeExportTraceServiceRequest,
  encodeExportTraceServiceResponse,
  spansOf,
  type DecodedResourceSpans,
  type DecodedSpan,
} from "../../../../../test/helpers/mock-internals.js";
import { presentHeaders, recordedAnswer, type RecordedAnswer } from "../../../../../test/helpers/recorded.js";

/** One request as the server saw it on the wire. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Raw body bytes as received (still gzipped when content-encoding is gzip). */
  rawBody: Buffer;
  /** Decoded spans (empty when the body was empty or not decodable). */
  resourceSpans: DecodedResourceSpans[];
  spans: DecodedSpan[];
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** Decides the answer to a request; `undefined` means Phoenix's success answer. */
export type Responder = (request: CapturedRequest) => Reply | undefined;

export interface CaptureServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: CapturedRequest[];
  /** Spans of the requests that were answered 2xx. */
  acceptedSpans(): DecodedSpan[];
  respond: Responder;
  /** When set, answers wait for it (requests are recorded as they arrive): lets a test have many exports in flight. */
  gate?: Promise<unknown>;
  /** Resolves once `count` spans were accepted; rejects after `timeoutMs`. */
  waitForSpans(count: number, timeoutMs?: number): Promise<DecodedSpan[]>;
  close(): Promise<void>;
}

/**
 * A real node:http server on 127.0.0.1:0 that answers POST /v1/traces like Phoenix (200, empty protobuf
 * ExportTraceServiceResponse) and records every request, decoding the OTLP protobuf (gunzipping first when needed).
 */
export async function startCaptureServer(respond: Responder = () => undefined): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const accepted: DecodedSpan[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      let resourceSpans: DecodedResourceSpans[] = [];
      try {
        const plain = req.headers["content-encoding"] === "gzip" ? gunzipSync(rawBody) : rawBody;
        resourceSpans = decodeExportTraceServiceRequest(plain);
      } catch {
        resourceSpans = [];
      }
      const captured: CapturedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        rawBody,
        resourceSpans,
        spans: spansOf(resourceSpans),
      };
      requests.push(captured);
      if (capture.gate) void capture.gate.then(() => answer(captured, res));
      else answer(captured, res);
    });
  });
  const answer = (captured: CapturedRequest, res: import("node:http").ServerResponse): void => {
      const reply = capture.respond(captured) ?? (captured.path.split("?")[0]?.endsWith("/v1/traces") ? undefined : { status: 404, body: "Not Found" });
      if (!reply) {
        accepted.push(...captured.spans);
        res.writeHead(200, { "content-type": "application/x-protobuf" });
        res.end(Buffer.from(encodeExportTraceServiceResponse()));
      } else {
        res.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers });
        // (the recorded headers include content-type, which then replaces this default)
        res.end(reply.body ?? "");
      }
      for (const wake of waiters.splice(0)) wake();
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const capture: CaptureServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    acceptedSpans: () => [...accepted],
    respond,
    waitForSpans(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} accepted spans, got ${accepted.length}`)), timeoutMs);
        const check = (): void => {
          if (accepted.length >= count) {
            clearTimeout(timer);
            resolve([...accepted]);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return capture;
}

/** Real Phoenix's answers to a refused POST /v1/traces, as the conformance suite recorded them. */
const INVALID_TOKEN = recordedAnswer("traces-rejected-credentials", "garbage");
const VIEWER_FORBIDDEN = recordedAnswer("traces-viewer-forbidden", "viewer-key");

function replyOf(answer: RecordedAnswer, origin: string): Reply {
  return { status: answer.status, body: String(answer.body), headers: presentHeaders(answer, origin) };
}

/**
 * Phoenix's auth rules for POST /v1/traces (auth on), answered with the recorded real answers: no or unknown bearer
 * token -> 401 "Invalid token" with WWW-Authenticate; a viewer's key -> 403 "Viewers cannot perform this action.";
 * otherwise accepted. Which token is valid is the test's choice, so this is a fake, not Phoenix.
 */
export function phoenixAuth(keys: { valid: () => Iterable<string>; viewer?: Iterable<string> }): Responder {
  return (request) => {
    const header = request.headers.authorization;
    const [scheme, token] = typeof header === "string" ? [header.slice(0, header.indexOf(" ")), header.slice(header.indexOf(" ") + 1)] : ["", ""];
    const origin = `http://${request.headers.host ?? "127.0.0.1"}`;
    if (scheme.toLowerCase() !== "bearer" || token === "") return replyOf(INVALID_TOKEN, origin);
    if (keys.viewer && [...keys.viewer].includes(token)) return replyOf(VIEWER_FORBIDDEN, origin);
    if (![...keys.valid()].includes(token)) return replyOf(INVALID_TOKEN, origin);
    return undefined;
  };
}
