/**
 * Turns an export failure into a failure class and a message that says what to do.
 * Used by the exporter decorator (background exports) and by verifyConnection() (startup check).
 */

export type FailureKind =
  | "auth-required"
  | "key-rejected"
  | "forbidden"
  | "not-found"
  | "unsupported-media-type"
  | "invalid-payload"
  | "http-error"
  | "server-busy"
  | "timeout"
  | "unreachable"
  | "export-backlog"
  | "queue-full"
  | "exit-bound"
  | "other";

export interface FailureContext {
  /** The traces URL, as displayed (no query). */
  url: string;
  /** Where the endpoint came from ("PHOENIX_COLLECTOR_ENDPOINT", "option `url`", "the default"). */
  endpointSource: string;
  /** Whether that endpoint variable is used verbatim (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). */
  endpointVerbatim: boolean;
  /** Whether the request carried an authorization header. */
  keySent: boolean;
  /** Where the key came from ("PHOENIX_API_KEY", "option `apiKey`"), if any. */
  keySource: string | undefined;
  /** The exporter timeout, ms. */
  timeoutMillis: number;
  /** Masks known secrets; applied to a response body before it is cut to an excerpt. */
  redact?: (text: string) => string;
}

export interface Failure {
  kind: FailureKind;
  /** Whether the server answered and refused (`rejected`) or the spans never got there (`dropped`). */
  outcome: "rejected" | "dropped";
  status?: number;
  /** What happened and what to do, without the span count. */
  message: string;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused: nothing is listening there",
  ECONNRESET: "the connection was reset",
  EPIPE: "the connection was closed while sending",
  ETIMEDOUT: "the connection timed out",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved (DNS is unavailable)",
  ENETUNREACH: "the network is unreachable",
  EHOSTUNREACH: "the host is unreachable",
};

const KEY_HELP = "Phoenix UI > Settings > API Keys";

/** Short, single-line excerpt of a response body, or "" when there is none. Secrets are masked before the cut. */
export function bodyExcerpt(body: unknown, redact: (text: string) => string = (text) => text): string {
  if (typeof body !== "string") return "";
  const flat = redact(body).replace(/\s+/g, " ").trim();
  if (flat === "") return "";
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function quoted(body: string): string {
  return body === "" ? "" : ` "${body}"`;
}

/** Classifies an HTTP status answered by the server (with its body). */
export function classifyStatus(status: number, rawBody: unknown, ctx: FailureContext): Failure {
  const body = bodyExcerpt(rawBody, ctx.redact);
  const answer = `${status}${quoted(body)}`;
  if (status === 401) {
    if (!ctx.keySent) {
      return {
        kind: "auth-required",
        outcome: "rejected",
        status,
        message:
          `${ctx.url} answered ${answer}: this Phoenix has authentication on (PHOENIX_ENABLE_AUTH=true) and no API key was sent. ` +
          (ctx.keySource === undefined
            ? `Set PHOENIX_API_KEY to a system API key (${KEY_HELP}), or pass \`apiKey\` to register().`
            : `${ctx.keySource} gave no key yet: provide a system API key (${KEY_HELP}) there.`),
      };
    }
    const expired = /expired/i.test(body);
    return {
      kind: "key-rejected",
      outcome: "rejected",
      status,
      message:
        `${ctx.url} answered ${answer}: the API key from ${ctx.keySource ?? "the authorization header"} was not accepted ` +
        (expired
          ? "(Expired token: the expiry date Phoenix keeps for this key has passed; within 10 s Phoenix forgets the key and answers Invalid token). "
          : "(Invalid token: this Phoenix has no such key: it was deleted, revoked or has expired, belongs to another Phoenix " +
            "server, or was signed with a PHOENIX_SECRET the server no longer has; changing the secret invalidates every key). ") +
        `Create a new system API key (${KEY_HELP}) and update ${ctx.keySource ?? "the authorization header"}.`,
    };
  }
  if (status === 403) {
    const viewer = /viewer/i.test(body);
    return {
      kind: "forbidden",
      outcome: "rejected",
      status,
      message: viewer
        ? `${ctx.url} answered ${answer}: the API key from ${ctx.keySource ?? "the authorization header"} belongs to a VIEWER, ` +
          `who cannot write spans. Use a system API key, or a key of a MEMBER or ADMIN user.`
        : `${ctx.url} answered ${answer}: Phoenix refused to store spans (for example a server started read-only, or a ` +
          `viewer's key). Use a system API key on a writable server.`,
    };
  }
  // Phoenix answers a POST to a path it does not route with 405 (its web UI catches every GET), other servers with 404.
  if (status === 404 || status === 405) {
    return {
      kind: "not-found",
      outcome: "rejected",
      status,
      message:
        `${ctx.url} answered ${answer}: nothing receives OTLP traces at that URL. Check ${ctx.endpointSource}: ` +
        (ctx.endpointVerbatim
          ? `it is used exactly as given, so it must be the full traces URL ending in /v1/traces.`
          : `give the Phoenix base URL (e.g. http://localhost:6006, or the path prefix Phoenix is served under); /v1/traces is added for you.`),
    };
  }
  if (status === 415) {
    return {
      kind: "unsupported-media-type",
      outcome: "rejected",
      status,
      message:
        `${ctx.url} answered ${answer}: the server refused the request format. Phoenix takes OTLP/HTTP protobuf ` +
        `(content-type application/x-protobuf, gzip or no compression); something between you and Phoenix, or a custom exporter, changed it.`,
    };
  }
  if (status === 422) {
    return {
      kind: "invalid-payload",
      outcome: "rejected",
      status,
      message: `${ctx.url} answered ${answer}: the server could not parse the spans as an OTLP ExportTraceServiceRequest. Check that the URL is Phoenix's trace endpoint and that nothing rewrites the body.`,
    };
  }
  return {
    kind: "http-error",
    outcome: "rejected",
    status,
    message:
      `${ctx.url} answered ${answer}.` +
      (status === 507 ? " Phoenix's database storage is full or locked: free space on the server." : "") +
      (status >= 500 && status !== 507 ? " The server failed; check the Phoenix server logs." : ""),
  };
}

/** Classifies what an OTLP exporter reported as the error of a failed export. */
export function classifyExportError(error: unknown, ctx: FailureContext): Failure {
  const err = (error ?? {}) as { name?: unknown; code?: unknown; data?: unknown; message?: unknown };
  const message = typeof err.message === "string" ? err.message : String(error);
  if (err.name === "OTLPExporterError" && typeof err.code === "number") return classifyStatus(err.code, err.data, ctx);
  if (typeof err.code === "string" && err.code in NETWORK_CODES) return unreachable(err.code, ctx);
  if (err.code === "ERR_PHOENIX_EXIT_BOUND") {
    const bound = (error as { flushTimeoutMillis?: number }).flushTimeoutMillis;
    return {
      kind: "exit-bound",
      outcome: "dropped",
      message:
        `the exit flush ended before ${ctx.url} answered: the process waits at most flushTimeoutMillis (${bound} ms) for ` +
        `its last exports (beforeExit, SIGTERM, SIGINT, provider.shutdown()). Check that the server answers quickly, or raise flushTimeoutMillis.`,
    };
  }
  if (err.code === "ERR_PHOENIX_SERVER_BUSY") {
    return {
      kind: "server-busy",
      outcome: "dropped",
      message:
        `${ctx.url} kept answering a retryable status (429, 502, 503 or 504; Phoenix answers 503 "Server is at capacity" when its span queue is full) ` +
        `for ${ctx.timeoutMillis} ms of retries. Send fewer spans, or raise PHOENIX_MAX_SPANS_QUEUE_SIZE on the server.`,
    };
  }
  if (err.code === "ERR_PHOENIX_EXPORT_TIMEOUT") {
    return {
      kind: "timeout",
      outcome: "dropped",
      message:
        `the export to ${ctx.url} timed out (${ctx.timeoutMillis} ms, retries included). Check that the server is reachable and ` +
        `not overloaded, or raise \`timeoutMillis\` / OTEL_EXPORTER_OTLP_TRACES_TIMEOUT.`,
    };
  }
  // The one message still matched: OTel's export delegate makes this error itself, with no code or type to check
  // (test/register/report/failures.test.ts fails when that changes, so this can move to the code).
  if (message === "Concurrent export limit reached") {
    return {
      kind: "export-backlog",
      outcome: "dropped",
      message: `too many exports to ${ctx.url} are in flight at once (the exporter's limit); the server answers more slowly than spans are produced.`,
    };
  }
  return { kind: "other", outcome: "dropped", message: `the export to ${ctx.url} failed: ${message}.` };
}

export function unreachable(code: string, ctx: FailureContext): Failure {
  return {
    kind: "unreachable",
    outcome: "dropped",
    message:
      `cannot reach ${ctx.url} (${code}: ${NETWORK_CODES[code] ?? "network error"}). Is Phoenix running there? ` +
      `The endpoint comes from ${ctx.endpointSource}.`,
  };
}
