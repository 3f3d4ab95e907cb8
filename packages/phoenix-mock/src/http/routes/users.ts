import { ASSIGNABLE_ROLES, type AuthMethod, isValidEmail, isoformat, parseGlobalId, reject, sanitizeEmail, toGlobalId, type Role, type User } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { cursorId, pageNewestFirst } from "../pagination.js";
import { principalOf } from "../guards.js";
import { HttpError, PhoenixUnhandledError } from "../errors.js";
import { sendWelcomeEmail } from "../welcome-email.js";
import { json, noContent } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing, queryInt } from "../validation.js";

const ROLES: readonly Role[] = ["SYSTEM", ...ASSIGNABLE_ROLES];
const AUTH_METHODS = ["LOCAL", "OAUTH2", "LDAP"];

/**
 * Phoenix's `LocalUser`, `OAuth2User` or `LDAPUser` JSON (field order as Phoenix writes it; timestamps in whole
 * seconds): a LOCAL user has `password_needs_reset`, an OAUTH2 user its identifiers only when set, an LDAP user neither.
 */
export function userJson(user: User): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: toGlobalId("User", user.id),
    // The database default writes whole seconds (users.ts); an update (ORM onupdate) writes microseconds.
    created_at: isoformat(user.createdAt),
    updated_at: isoformat(user.updatedAt),
    email: user.email,
    username: user.username,
    role: user.role,
    auth_method: user.authMethod,
  };
  if (user.authMethod === "LOCAL") json.password_needs_reset = user.passwordNeedsReset;
  if (user.oauth2ClientId) json.oauth2_client_id = user.oauth2ClientId;
  if (user.oauth2UserId) json.oauth2_user_id = user.oauth2UserId;
  return json;
}

function getViewer(ctx: RequestContext): Response {
  if (!ctx.state.config.enableAuth) return json(200, { data: { auth_method: "ANONYMOUS" } });
  const user = ctx.state.model.users.get(principalOf(ctx).user.id);
  // The row vanished between authentication and this read: Phoenix's 401 here (not the core's 404).
  if (!user) throw new HttpError(401, "User not found");
  return json(200, { data: userJson(user) });
}

function listUsers(ctx: RequestContext): Response {
  const issues = new Issues();
  const limit = queryInt(ctx.url, "limit", 100, { gt: 0 }, issues);
  issues.throwIfAny();
  const { page, nextCursor } = pageNewestFirst(ctx.state.model.users.all(), { limit, cursorId: cursorId(ctx.url), type: "User" });
  return json(200, { data: page.map(userJson), next_cursor: nextCursor });
}

interface NewUser {
  email: string;
  username: string;
  role: Role;
  password: string | undefined;
  authMethod: AuthMethod;
  oauth2ClientId: string | undefined;
  oauth2UserId: string | undefined;
  sendWelcomeEmail: boolean;
}

/** Validates `CreateUserRequestBody` (a union discriminated by `auth_method`) the way pydantic reports it. */
function createUserBody(ctx: RequestContext): NewUser {
  const issues = new Issues();
  const fields = userFields(ctx, issues);
  issues.throwIfAny();
  return fields!;
}

/** The fields, or undefined with at least one issue recorded. */
function userFields(ctx: RequestContext, issues: Issues): NewUser | undefined {
  const body = bodyOrMissing(ctx, issues);
  if (ctx.body?.present && issues.object(body, ["body"])) {
    const user = body.user;
    if (user === undefined) issues.missing(["body", "user"], body);
    else if (issues.object(user, ["body", "user"])) {
      const tag = user.auth_method;
      if (tag === undefined) {
        issues.add({
          type: "union_tag_not_found",
          loc: ["body", "user"],
          msg: "Unable to extract tag using discriminator 'auth_method'",
          input: user,
          ctx: { discriminator: "'auth_method'" },
        });
      } else if (typeof tag !== "string" || !AUTH_METHODS.includes(tag)) {
        issues.add({
          type: "union_tag_invalid",
          loc: ["body", "user"],
          msg: `Input tag '${String(tag)}' found using 'auth_method' does not match any of the expected tags: 'LOCAL', 'OAUTH2', 'LDAP'`,
          input: user,
          ctx: { discriminator: "'auth_method'", tag: String(tag), expected_tags: "'LOCAL', 'OAUTH2', 'LDAP'" },
        });
      } else {
        const loc = ["body", "user", tag];
        const email = issues.string(user, "email", loc);
        const username = issues.string(user, "username", loc);
        const role = user.role;
        if (role === undefined) issues.missing([...loc, "role"], user);
        else if (typeof role !== "string" || !ROLES.includes(role as Role)) {
          const expected = "'SYSTEM', 'ADMIN', 'MEMBER' or 'VIEWER'";
          issues.add({ type: "literal_error", loc: [...loc, "role"], msg: `Input should be ${expected}`, input: role, ctx: { expected } });
        }
        const password = tag === "LOCAL" ? issues.string(user, "password", loc, true) : undefined;
        // OAuth2UserData's optional identifiers: strings when given (null is not one); other tags ignore them.
        const oauth2 = (key: string) => (tag === "OAUTH2" && user[key] !== undefined ? issues.string(user, key, loc) : undefined);
        const [oauth2ClientId, oauth2UserId] = [oauth2("oauth2_client_id"), oauth2("oauth2_user_id")];
        const sendWelcomeEmail = pydanticBool(body, "send_welcome_email", true, issues);
        if (issues.list.length === 0) {
          return { email: email!, username: username!, role: role as Role, password, authMethod: tag as AuthMethod, oauth2ClientId, oauth2UserId, sendWelcomeEmail };
        }
      }
    }
  }
  return undefined;
}

const TRUE_WORDS = ["1", "on", "t", "true", "y", "yes"];
const FALSE_WORDS = ["0", "off", "f", "false", "n", "no"];

/** A pydantic (lax) `bool` body field: booleans, 0/1, and its words for true and false. */
function pydanticBool(container: Record<string, unknown>, key: string, fallback: boolean, issues: Issues): boolean {
  const value = container[key];
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === "string" && TRUE_WORDS.includes(value.toLowerCase())) return true;
  if (typeof value === "string" && FALSE_WORDS.includes(value.toLowerCase())) return false;
  const loc = ["body", key];
  if (typeof value === "string" || typeof value === "number") {
    issues.add({ type: "bool_parsing", loc, msg: "Input should be a valid boolean, unable to interpret input", input: value });
  } else issues.add({ type: "bool_type", loc, msg: "Input should be a valid boolean", input: value });
  return fallback;
}

async function createUser(ctx: RequestContext): Promise<Response> {
  const input = createUserBody(ctx);
  const { users } = ctx.state.model;
  const email = sanitizeEmail(input.email);
  // Phoenix raises ValueError here, which nothing catches: a bare 500.
  if (!isValidEmail(email)) throw new PhoenixUnhandledError("Invalid email address");
  users.assertCreatableRole(input.role);
  let user: User;
  if (input.authMethod === "LOCAL") {
    const password = (input.password || randomHex()).trim();
    // validate_password_format raises ValueError, uncaught: a bare 500 carrying the policy's message in the log.
    const problem = users.passwordProblem(password);
    if (problem) throw new PhoenixUnhandledError(problem);
    user = await users.create({ email, username: input.username, password, role: input.role });
  } else {
    const { authMethod, oauth2ClientId, oauth2UserId } = input;
    user = users.createExternal({ email, username: input.username, role: input.role, authMethod, oauth2ClientId, oauth2UserId });
  }
  if (input.sendWelcomeEmail) await sendWelcomeEmail(ctx.state.config, user, ctx.state.log);
  return json(201, { data: userJson(user) });
}

function randomHex(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
}

function deleteUser(ctx: RequestContext): Response {
  const { users } = ctx.state.model;
  const raw = ctx.params.user_id!;
  const decoded = parseGlobalId(raw);
  if (decoded?.type !== "User") throw new HttpError(422, `Invalid User GlobalID format: ${raw}`);
  const user = users.get(decoded.id) ?? reject("user-not-found");
  users.deleteOne(user);
  return noContent();
}

export const userRoutes: Route[] = [
  { method: "GET", path: "/v1/user", guard: "authenticated", handler: getViewer },
  { method: "GET", path: "/v1/users", guard: "authenticated", handler: listUsers },
  { method: "POST", path: "/v1/users", guard: "authenticated", body: true, handler: createUser },
  { method: "DELETE", path: "/v1/users/{user_id}", guard: "authenticated", handler: deleteUser },
];
