import type { RequestContext } from "../context.js";
import { respond } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing } from "../validation.js";

/** The longest report text the mock writes to its log (Phoenix logs it whole). */
const LOGGED_CHARS = 500;

const OPTIONAL_STRINGS = ["stack", "url", "user_agent"] as const;

interface ErrorReport {
  message: string;
  url: string | undefined;
}

/**
 * Phoenix's `ErrorReport` (phoenix/server/api/routers/client_errors.py) as pydantic reports it: field errors first
 * (`message` a non-empty string; `stack`, `url`, `user_agent` strings or null; `attributes` an object of strings),
 * then, only when there are none, the model validator's refusal of a NUL character, naming the first field holding one.
 */
function errorReport(ctx: RequestContext): ErrorReport {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  const report = ctx.body?.present && issues.object(body, ["body"]) ? reportFields(body, issues) : undefined;
  issues.throwIfAny();
  return report!;
}

/** The report, or undefined with at least one issue recorded. */
function reportFields(body: Record<string, unknown>, issues: Issues): ErrorReport | undefined {
  const message = issues.string(body, "message", ["body"]);
  if (message === "") {
    issues.add({ type: "string_too_short", loc: ["body", "message"], msg: "String should have at least 1 character", input: "", ctx: { min_length: 1 } });
  }
  const strings = new Map<string, string | undefined>([["message", message]]);
  for (const key of OPTIONAL_STRINGS) strings.set(key, issues.string(body, key, ["body"], true));
  const raw = body.attributes === undefined ? {} : body.attributes;
  const attributes = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (!attributes) issues.add({ type: "dict_type", loc: ["body", "attributes"], msg: "Input should be a valid dictionary", input: raw });
  else for (const key of Object.keys(attributes)) issues.string(attributes, key, ["body", "attributes"]);
  if (issues.list.length > 0 || !attributes) return undefined;
  const withNul =
    [...strings].find(([, value]) => value?.includes("\0"))?.[0] ??
    (Object.entries(attributes).some((entry) => entry.join("").includes("\0")) ? "attributes" : undefined);
  if (withNul) {
    issues.add({ type: "value_error", loc: ["body"], msg: `Value error, ${withNul} must not contain null bytes`, input: body, ctx: { error: {} } });
    return undefined;
  }
  return { message: message!, url: strings.get("url") };
}

/** `POST /client_errors`: a browser's error report, written to the server log; 204 without a content type. */
function reportClientError(ctx: RequestContext): Response {
  const { message, url } = errorReport(ctx);
  const text = message.length > LOGGED_CHARS ? `${message.slice(0, LOGGED_CHARS)}…` : message;
  ctx.state.log(`Client error at ${url || "<unknown url>"}: ${text}`);
  return respond(204, null);
}

/** Behind Phoenix's own per-IP limiter, then `is_authenticated` when auth is on. */
export const clientErrorRoutes: Route[] = [
  { method: "POST", path: "/client_errors", guard: "authenticated", rateLimited: "client-errors", body: true, handler: reportClientError },
];
