import { isoformat, parseGlobalId, toGlobalId, type ApiKey, type ParsedDatetime } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { pageNewestFirst } from "../pagination.js";
import { principalOf, requireAuthEnabled } from "../guards.js";
import { HttpError, json, noContent } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing, parseDatetimeInstant, queryInt } from "../validation.js";

type KeyNode = "UserApiKey" | "SystemApiKey";

/** Phoenix's `ApiKey` JSON: `description` and `expires_at` are left out when empty. */
function apiKeyJson(key: ApiKey, node: KeyNode): Record<string, unknown> {
  return {
    id: toGlobalId(node, key.id),
    name: key.name,
    ...(key.description ? { description: key.description } : {}),
    created_at: isoformat(key.createdAt),
    ...(key.expiresAt === null ? {} : { expires_at: isoformat(key.expiresAt) }),
  };
}

function parseKeyId(raw: string, node: KeyNode): number {
  const decoded = parseGlobalId(raw);
  if (decoded?.type !== node) throw new HttpError(422, `Invalid ${node} GlobalID format: ${raw}`);
  return decoded.id;
}

interface ApiKeyData {
  name: string;
  description: string | null;
  /** As sent: Phoenix stores the instant (read back in UTC) but echoes the value with the offset it came with. */
  expires: ParsedDatetime | null;
}

/** `CreateApiKeyRequestBody`: `{"data": {"name", "description"?, "expires_at"?}}`. */
function apiKeyData(ctx: RequestContext): ApiKeyData {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  let result: ApiKeyData | undefined;
  if (ctx.body?.present && issues.object(body, ["body"])) {
    const data = body.data;
    const loc = ["body", "data"];
    if (data === undefined) issues.missing(loc, body);
    else if (issues.object(data, loc)) {
      const rawName = issues.string(data, "name", loc);
      const name = rawName?.trim();
      if (rawName !== undefined && !name) {
        issues.add({ type: "value_error", loc: [...loc, "name"], msg: "Value error, Name cannot be empty", input: rawName, ctx: { error: {} } });
      }
      const description = issues.string(data, "description", loc, true) ?? null;
      let expires: ParsedDatetime | null = null;
      if (data.expires_at !== undefined && data.expires_at !== null) {
        const parsed = parseDatetimeInstant(data.expires_at, [...loc, "expires_at"], issues);
        if (parsed && parsed.instant <= ctx.state.model.nowInstant()) {
          issues.add({
            type: "value_error",
            loc: [...loc, "expires_at"],
            msg: "Value error, Expiration time must be in the future",
            input: data.expires_at,
            ctx: { error: {} },
          });
        }
        expires = parsed ?? null;
      }
      if (name) result = { name, description, expires };
    }
  }
  issues.throwIfAny();
  return result!;
}

/** Phoenix answers a REST create from the request, not the row: `expires_at` keeps the offset it was sent with. */
function createdKeyJson(apiKey: ApiKey, key: string, node: KeyNode, expires: ParsedDatetime | null): Response {
  const echo = expires ? { expires_at: isoformat(expires.instant, expires.offsetSeconds ?? 0) } : {};
  return json(201, { data: { ...apiKeyJson(apiKey, node), ...echo, key } });
}

function listOwnKeys(ctx: RequestContext): Response {
  requireAuthEnabled(ctx);
  // The admin secret and system keys act as the SYSTEM user, whose personal collection is empty.
  const keys = ctx.state.model.keys.personalKeys(principalOf(ctx).user.id);
  return json(200, { data: keys.map((k) => apiKeyJson(k, "UserApiKey")) });
}

function listAllUserKeys(ctx: RequestContext): Response {
  requireAuthEnabled(ctx);
  const issues = new Issues();
  const limit = queryInt(ctx.url, "limit", 100, { gt: 0, le: 1000 }, issues);
  issues.throwIfAny();
  const { model } = ctx.state;
  const cursor = ctx.url.searchParams.get("cursor");
  const { page, nextCursor } = pageNewestFirst(model.keys.list({ system: false }), {
    limit,
    cursorId: cursor ? parseKeyId(cursor, "UserApiKey") : undefined,
    type: "UserApiKey",
  });
  const data = page.map((k) => {
    const owner = model.users.get(k.userId)!;
    return { ...apiKeyJson(k, "UserApiKey"), user: { id: toGlobalId("User", owner.id), username: owner.username, email: owner.email } };
  });
  return json(200, { data, next_cursor: nextCursor });
}

async function createOwnKey(ctx: RequestContext): Promise<Response> {
  requireAuthEnabled(ctx);
  const principal = principalOf(ctx);
  const { keys } = ctx.state.model;
  keys.requireHumanSession(principal);
  keys.refuseSystemKeyCaller(principal);
  const { expires, ...data } = apiKeyData(ctx);
  const { apiKey, key } = await keys.create({ user: principal.user, ...data, expiresAt: expires?.instant ?? null });
  return createdKeyJson(apiKey, key, "UserApiKey", expires);
}

function deleteOwnKey(ctx: RequestContext): Response {
  requireAuthEnabled(ctx);
  const principal = principalOf(ctx);
  const { keys } = ctx.state.model;
  keys.refuseSystemKeyCaller(principal);
  keys.revokeUserKey(principal, parseKeyId(ctx.params.api_key_id!, "UserApiKey"));
  return noContent();
}

function listSystemKeys(ctx: RequestContext): Response {
  requireAuthEnabled(ctx);
  const keys = ctx.state.model.keys.list({ system: true }).sort((a, b) => b.id - a.id);
  return json(200, { data: keys.map((k) => apiKeyJson(k, "SystemApiKey")) });
}

async function createSystemKey(ctx: RequestContext): Promise<Response> {
  requireAuthEnabled(ctx);
  const { apiKey, key, input } = await ctx.state.model.keys.createSystem(principalOf(ctx), () => {
    const data = apiKeyData(ctx);
    return { ...data, expiresAt: data.expires?.instant ?? null };
  });
  return createdKeyJson(apiKey, key, "SystemApiKey", input.expires);
}

function deleteSystemKey(ctx: RequestContext): Response {
  requireAuthEnabled(ctx);
  ctx.state.model.keys.revokeSystemKey(parseKeyId(ctx.params.api_key_id!, "SystemApiKey"));
  return noContent();
}

/** API-key routes carry their own viewer policy (viewers manage their own keys), so none is viewer-restricted. */
export const apiKeyRoutes: Route[] = [
  { method: "GET", path: "/v1/user/api_keys", guard: "authenticated", handler: listOwnKeys },
  { method: "POST", path: "/v1/user/api_keys", guard: "authenticated", body: true, handler: createOwnKey },
  { method: "DELETE", path: "/v1/user/api_keys/{api_key_id}", guard: "authenticated", handler: deleteOwnKey },
  { method: "GET", path: "/v1/users/api_keys", guard: "authenticated", handler: listAllUserKeys },
  { method: "GET", path: "/v1/system/api_keys", guard: "authenticated", handler: listSystemKeys },
  { method: "POST", path: "/v1/system/api_keys", guard: "authenticated", body: true, handler: createSystemKey },
  { method: "DELETE", path: "/v1/system/api_keys/{api_key_id}", guard: "authenticated", handler: deleteSystemKey },
];
