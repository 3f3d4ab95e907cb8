import { Rejection, authenticationProblem, rejectIf, viewerWriteProblem, type Principal } from "../core/index.js";
import type { MockState, RequestContext } from "./context.js";
import { parseCookies } from "./cookies.js";
import { csrfCheck } from "./csrf.js";
import { requestCredential } from "./credentials.js";
import { anonymousPreflight, withAnonymousCors } from "./anonymous.js";
import { requireAdmin } from "./guards.js";
import { HttpError, PhoenixUnhandledError, ValidationFailed } from "./errors.js";
import { PHOENIX_VERSION, internalServerError, json, respond, text } from "./responses.js";
import { REST_REJECTIONS } from "./rest-errors.js";
import type { Router } from "./router.js";
import type { createPages } from "../pages/index.js";
import { boundRequestBody, type BoundedRequest } from "./body.js";
import { describeError, loggedPath, withPhoenixHeaders } from "./front.js";
import { readRequestBody } from "./validation.js";

/** One line of the mock's request log. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** How the request authenticated: never the credential itself. */
  readonly principal: "anonymous" | "admin-secret" | "access-token" | "api-key";
  readonly at: Date;
}

/** The options of `mock.handle()`. */
export interface HandleOptions {
  /** The client's address, for Phoenix's per-IP limiter on /auth/*. Default 127.0.0.1. */
  clientAddress?: string;
}

export type FetchHandler = (request: Request, options?: HandleOptions) => Promise<Response>;

/** Phoenix's `public_origin`: the canonical PHOENIX_ROOT_URL, else the request's base URL. */
function publicOrigin(rootUrl: string | undefined, url: URL): string {
  if (!rootUrl) return url.origin;
  const root = new URL(rootUrl);
  return root.origin + root.pathname.replace(/\/+$/, "");
}

/**
 * The mock Phoenix as one Fetch-standard handler. The pipeline follows Phoenix's middleware order: CORS preflight of
 * the anonymous surfaces → CSRF origin check → authentication → route (rate limit 429 → auth 401 → viewer 403 → admin
 * 403 → route dependencies → validation 422 → body); answers on the anonymous surfaces get their CORS headers.
 */
export function createFetchHandler(
  state: MockState,
  router: Router,
  onLog: (entry: RequestLogEntry) => void,
): FetchHandler {
  const { config, model } = state;
  const csrfRefusal = csrfCheck(config);

  async function dispatch(
    request: Request,
    url: URL,
    cookies: Map<string, string>,
    options: HandleOptions,
    principal: Principal | undefined,
  ): Promise<Response> {
    const untrusted = csrfRefusal(request, url.pathname);
    if (untrusted) return respond(401, untrusted);
    const match = router.match(request.method, url.pathname);
    const ctx: RequestContext = {
      state,
      request,
      url,
      cookies,
      principal,
      clientAddress: options.clientAddress ?? "127.0.0.1",
      origin: publicOrigin(config.rootUrl, url),
      params: match?.params ?? {},
      body: match?.route.body ? await readRequestBody(request) : undefined,
    };
    if (!match) return unmatched(ctx);
    const { route } = match;
    // Phoenix's limiters are the first dependency of their routers, before is_authenticated.
    if (route.rateLimited === "auth") model.sessions.checkRateLimit(ctx.clientAddress);
    if (route.rateLimited === "client-errors") model.clientErrorsLimiter.check(ctx.clientAddress);
    if (route.guard === "authenticated") requireAuthentication(ctx);
    if (match.viewerRestricted) rejectIf(viewerWriteProblem(config, principal, request.method));
    if (match.adminOnly) requireAdmin(ctx);
    return route.handler(ctx);
  }

  function requireAuthentication(ctx: RequestContext): void {
    if (!config.enableAuth) return;
    rejectIf(authenticationProblem(ctx.principal));
  }

  /** The pages document for the current auth setting (a restart may change it); the pages load on the first one. */
  const pages = new Map<string, ReturnType<typeof createPages>>();
  async function page(method: "GET" | "HEAD"): Promise<Response> {
    const key = `${config.enableAuth}:${!!config.smtp}`;
    let serve = pages.get(key);
    if (!serve) {
      const { createPages } = await import("../pages/index.js");
      const pageConfig = { platformVersion: PHOENIX_VERSION, authenticationEnabled: config.enableAuth, passwordResetEmailEnabled: !!config.smtp };
      pages.set(key, (serve = createPages(pageConfig)));
    }
    return serve(method);
  }

  /**
   * No route, in Phoenix's terms: its UI mount answers 405 to every method but GET/HEAD and serves index.html to
   * GETs, except under /.well-known/ (404). The mock serves its pages there (src/pages).
   */
  function unmatched(ctx: RequestContext): Promise<Response> {
    const method = ctx.request.method;
    if (method !== "GET" && method !== "HEAD") throw new HttpError(405, "Method Not Allowed", { allow: "GET, HEAD" });
    if (ctx.url.pathname.startsWith("/.well-known/")) throw new HttpError(404, "Not Found");
    return page(method);
  }

  /** The one owner of error → Response for REST (and for whatever escapes GraphQL); undefined: a bare 500. */
  function errorResponse(error: unknown, url: URL): Response | undefined {
    if (error instanceof Rejection) {
      const answer = REST_REJECTIONS[error.reason];
      if (answer) error = new HttpError(answer.status, answer.detail);
    }
    if (error instanceof HttpError) {
      const headers = { ...error.headers };
      if (error.status === 401 && config.enableAuth) {
        headers["www-authenticate"] =
          `Bearer realm="Arize Phoenix", resource_metadata="${publicOrigin(config.rootUrl, url)}/.well-known/oauth-protected-resource"`;
      }
      return text(error.status, error.detail, headers);
    }
    if (error instanceof ValidationFailed) return json(422, { detail: error.detail });
    return undefined;
  }

  /** Phoenix's deliberate 500s are logged as such; anything else is a bug of the mock, logged with its stack. */
  function logUnhandled(error: unknown, request: Request, url: URL): void {
    const where = `${request.method} ${loggedPath(url)}`;
    if (error instanceof PhoenixUnhandledError) state.log(`${where}: unhandled error answered 500: ${describeError(error, { name: false })}`);
    else state.log(`${where}: mock error answered 500 (a bug of phoenix-mock, please report it): ${describeError(error, { stack: true })}`);
  }

  /**
   * Phoenix's stack inside its CORS layer. `bare`: the unhandled-exception 500, answered outside every middleware;
   * `request` (the body-bounded one) and `principal` are for the log.
   */
  async function serve(
    original: Request,
    url: URL,
    options: HandleOptions,
  ): Promise<{ response: Response; bare: boolean; request: Request; principal: Principal | undefined }> {
    let request = original;
    let principal: Principal | undefined;
    let bounded: BoundedRequest | undefined;
    try {
      bounded = boundRequestBody(original, state.maxBodyBytes);
      request = bounded.request;
      const cookies = parseCookies(request.headers.get("cookie"));
      const credential = config.enableAuth ? requestCredential(request.headers.get("authorization"), cookies) : undefined;
      if (credential) principal = await model.authenticate(credential.token, credential.source);
      const response = await dispatch(request, url, cookies, options, principal);
      return { response: withPhoenixHeaders(response), bare: false, request, principal };
    } catch (caught) {
      // A route may wrap the reader's error in its own (auth's "not JSON"): the cap decides, not the wording.
      const error = bounded?.exceeded() ?? caught;
      let mapped: Response | undefined;
      try {
        mapped = errorResponse(error, url);
      } catch (mappingError) {
        // Turning the error into Phoenix's answer failed (say, a 422 echoing an input too deep to serialize).
        logUnhandled(mappingError, request, url);
      }
      if (mapped) return { response: withPhoenixHeaders(mapped), bare: false, request, principal };
      // Phoenix answers an unhandled exception with a bare 500, outside its middleware (none of its usual headers).
      logUnhandled(error, request, url);
      return { response: internalServerError(), bare: true, request, principal };
    }
  }

  return async function handle(original: Request, options: HandleOptions = {}): Promise<Response> {
    const url = new URL(original.url);
    const preflight = anonymousPreflight(original, url.pathname);
    const served = preflight ? { response: preflight, bare: true, request: original, principal: undefined } : await serve(original, url, options);
    const { request, principal } = served;
    let response = served.bare ? served.response : withAnonymousCors(request, url.pathname, served.response);
    // uvicorn sends no body in answer to HEAD (the GET route answered it); a Fetch Response would carry one in process.
    if (request.method === "HEAD" && response.body) response = new Response(null, { status: response.status, headers: response.headers });
    onLog({
      method: request.method,
      path: loggedPath(url),
      status: response.status,
      principal: principal === undefined ? "anonymous" : principal.kind === "admin-secret" ? "admin-secret" : principal.via,
      at: new Date(model.now()),
    });
    return response;
  };
}
