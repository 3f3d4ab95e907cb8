import { checkEntryArguments, configMillis } from "../args.js";
import { resolveConfig, type ResolvedConfig } from "./config/resolve.js";
import { Credentials } from "./auth-gap/credentials.js";
import { failureContext } from "./report/display.js";
import { classifyStatus, unreachable } from "./report/failures.js";
import { Diagnostics } from "./report/logger.js";
import { nodeModules, untraced } from "./export/node-modules.js"; // the module objects, looked up per request (MSW patches them)
import type { Env, RegisterOptions } from "./types.js";

/**
 * The verdict of `verifyConnection()` / `provider.phoenix.verify()`: `ok`; `auth-required` (401, no key sent);
 * `key-rejected` (401 with a key); `viewer-key` (403 from a viewer's key); `not-phoenix` (404, 405, 415 or 422);
 * `unreachable` (connection error or no answer in time); `unexpected` (any other status); `disabled` (tracing is off).
 */
export type VerifyStatus =
  | "disabled"
  | "ok" | "auth-required" | "key-rejected" | "viewer-key" | "not-phoenix" | "unreachable" | "unexpected";

/** What `verifyConnection()` found: the verdict, the URL checked, the server's answer and timings. Never holds the key. */
export interface VerifyResult {
  /** The verdict (see {@link VerifyStatus}). */
  status: VerifyStatus;
  /** `true` when spans would be accepted (`status` is `ok`). */
  ok: boolean;
  /** The traces URL that was checked (no query string). */
  url: string;
  /** The HTTP status, when the server answered. */
  httpStatus?: number;
  /** `x-phoenix-server-version`, when the server sent it. */
  serverVersion?: string;
  /** What happened and what to do; never contains the key. */
  message: string;
  /** Milliseconds from the start of the request to each step that happened (no DNS step for an IP address, no TLS for http). */
  timings?: VerifyTimings;
}

export interface VerifyTimings {
  dns?: number;
  connect?: number;
  tls?: number;
  /** The answer's status line and headers. */
  answer?: number;
}

/** The options of `verifyConnection()`: the endpoint and credential options of `register()`, and a time budget. */
export type VerifyOptions = Pick<RegisterOptions, "url" | "apiKey" | "apiKeyFile" | "headers" | "logger"> & {
  /** Default 5000 ms. */
  timeoutMillis?: number;
};

type Answer = ({ status: number; body: string; version: string | undefined } | { error: NodeJS.ErrnoException }) & { timings: VerifyTimings };

/**
 * Sends an empty OTLP request (a valid ExportTraceServiceRequest with no spans) to the traces endpoint with the real
 * headers, and says whether spans would be accepted. Resolves the endpoint and key like register(). Never rejects
 * for a network or HTTP failure; throws PhoenixConfigError for a bad configuration.
 */
export async function verifyConnection(options: VerifyOptions = {}, env: Env = process.env): Promise<VerifyResult> {
  checkEntryArguments("verifyConnection", options, env);
  const timeoutMillis = configMillis("verifyConnection", "timeoutMillis", options.timeoutMillis, 5000);
  const config = resolveConfig({ url: options.url, apiKey: options.apiKey, apiKeyFile: options.apiKeyFile, headers: options.headers }, env);
  const diagnostics = new Diagnostics(options.logger);
  return checkEndpoint(config, new Credentials(config, diagnostics), diagnostics, { timeoutMillis });
}

/** `background`: the check must not keep the process alive (register's `verify: true`). */
export async function checkEndpoint(
  config: ResolvedConfig,
  credentials: Credentials,
  diagnostics: Diagnostics,
  options: { timeoutMillis: number; background?: boolean },
): Promise<VerifyResult> {
  const started = Date.now();
  const { headers, keySent } = await credentials.snapshot();
  const ctx = { ...failureContext(config, credentials), keySent, redact: (text: string) => diagnostics.redact(text) };
  const left = Math.max(1, options.timeoutMillis - (Date.now() - started));
  const answer = await postEmpty(config.endpoint.value, headers, left, options.background ?? false);
  const result = (status: VerifyStatus, message: string, extra: Partial<VerifyResult> = {}): VerifyResult => ({
    status,
    ok: status === "ok",
    url: ctx.url,
    ...extra,
    message: diagnostics.redact(message),
    timings: answer.timings,
  });
  if ("error" in answer) {
    return result("unreachable", unreachable(answer.error.code ?? "ERR", ctx).message);
  }
  const extra = { httpStatus: answer.status, ...(answer.version !== undefined && { serverVersion: answer.version }) };
  if (answer.status >= 200 && answer.status < 300) {
    const who = answer.version ? `Phoenix ${answer.version}` : "the server";
    const auth = ctx.keySent ? "with the API key" : "without an API key (authentication is off)";
    return result("ok", `${who} at ${ctx.url} accepts spans ${auth}.`, extra);
  }
  const failure = classifyStatus(answer.status, answer.body, ctx);
  const status: VerifyStatus =
    failure.kind === "auth-required" || failure.kind === "key-rejected"
      ? failure.kind
      : failure.kind === "forbidden" && /viewer/i.test(answer.body)
        ? "viewer-key"
        : failure.kind === "not-found" || failure.kind === "unsupported-media-type" || failure.kind === "invalid-payload"
          ? "not-phoenix"
          : "unexpected";
  return result(status, failure.message, extra);
}

function postEmpty(url: string, headers: Record<string, string>, timeoutMillis: number, unref: boolean): Promise<Answer> {
  return new Promise((resolve) => {
    const start = performance.now();
    const timings: VerifyTimings = {};
    const mark = (step: keyof VerifyTimings) => () => (timings[step] = Math.round(performance.now() - start));
    const settle = (answer: Omit<Answer, "timings">): void => {
      clearTimeout(timer);
      resolve({ ...answer, timings } as Answer);
    };
    const { http, https } = nodeModules();
    const send = url.startsWith("https:") ? https.request : http.request;
    const req = untraced(() => send(
      url,
      { method: "POST", agent: false, headers: { ...headers, "content-type": "application/x-protobuf", "content-length": "0" } },
      (res) => {
        mark("answer")();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 64 * 1024) chunks.push(chunk);
        });
        res.on("end", () => {
          const version = res.headers["x-phoenix-server-version"];
          settle({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), version: typeof version === "string" ? version : undefined });
        });
        res.on("error", (error) => settle({ error }));
      },
    ));
    req.on("socket", (socket) => {
      if (unref) socket.unref();
      socket.once("lookup", (error: Error | null) => error || mark("dns")()).once("connect", mark("connect")).once("secureConnect", mark("tls"));
    });
    // A deadline for the whole answer, not an idle timeout: a server that drips its response cannot extend it.
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${timeoutMillis} ms`), { code: "ETIMEDOUT" });
      settle({ error });
      req.destroy(error);
    }, timeoutMillis);
    if (unref) timer.unref();
    req.on("error", (error) => settle({ error }));
    req.end();
  });
}
