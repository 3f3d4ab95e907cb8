import {
  hasDefaultAdminEmail,
  isAdmin,
  isValidEmail,
  isViewer,
  reject,
  requireAuthEnabled,
  sanitizeEmail,
  type ApiKey,
  type Principal,
  type Role,
} from "../../core/index.js";
import { PhoenixUnhandledError } from "../errors.js";
import { isoformat } from "../responses.js";
import { PublicError } from "./errors.js";
import {
  assignableRoleRefs,
  decodeGlobalId,
  loadUser,
  nodeId,
  pythonInt,
  roleRef,
  systemApiKeyRef,
  userApiKeyRef,
  userRef,
  type ApiKeyRef,
  type GraphqlContext,
  type UserRef,
  type UserRoleRef,
} from "./values.js";

import { ACCESS_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE } from "../cookies.js";

// ------------------------------------------------------------------ permission classes (phoenix/server/api/auth.py)

type Permission = "IsNotViewer" | "IsAdmin" | "IsAuthEnabled";

/** Runs Phoenix's permission classes in the order the field declares them; the first refusal wins. */
function permit(ctx: GraphqlContext, ...permissions: Permission[]): void {
  for (const permission of permissions) {
    switch (permission) {
      case "IsNotViewer":
        if (ctx.authEnabled && (ctx.principal === undefined || isViewer(ctx.principal))) reject("viewer-forbidden");
        break;
      case "IsAdmin":
        if (!ctx.authEnabled || !isAdmin(ctx.principal)) reject("admin-only");
        break;
      case "IsAuthEnabled":
        requireAuthEnabled(ctx.model.config);
        break;
    }
  }
}

/** The authenticated caller; Phoenix asserts one exists where these are used, so its absence is an internal error. */
function caller(ctx: GraphqlContext): Principal {
  if (!ctx.principal) throw new PhoenixUnhandledError("no authenticated user");
  return ctx.principal;
}

// ------------------------------------------------------------------ GlobalID arguments

/** A GlobalID argument: unparsable input fails during argument conversion in Phoenix (masked). */
function globalIdArg(value: string): { type: string; nodeId: string } {
  const decoded = decodeGlobalId(value);
  if (!decoded) throw new PhoenixUnhandledError(`not a GlobalID: ${value}`);
  return decoded;
}

/** Phoenix's `from_global_id_with_expected_type`: a ValueError (masked) for another type or a non-integer id. */
function rowIdOf(gid: { type: string; nodeId: string }, expectedType: string): number {
  const id = gid.type === expectedType ? pythonInt(gid.nodeId) : undefined;
  if (id === undefined) throw new PhoenixUnhandledError(`The node id must correspond to a node of type ${expectedType}`);
  return id;
}

// ------------------------------------------------------------------ input checks (the inputs' __post_init__)

/** Phoenix validates the password policy while building the input: BadRequest with the policy's message. */
function checkPasswordPolicy(ctx: GraphqlContext, password: string): void {
  const problem = ctx.model.users.passwordProblem(password);
  if (problem) throw new PublicError(problem);
}

/** `validate_password_format` inside a resolver raises a plain ValueError: masked by default. */
function validatePasswordFormat(ctx: GraphqlContext, password: string): void {
  const problem = ctx.model.users.passwordProblem(password);
  if (problem) throw new PhoenixUnhandledError(problem);
}

// ------------------------------------------------------------------ resolver argument shapes

interface CreateUserInput {
  email: string;
  username: string;
  password?: string | null;
  role: Role;
  sendWelcomeEmail?: boolean | null;
  authMethod?: "LOCAL" | "OAUTH2" | "LDAP" | null;
}
interface PatchUserInput {
  userId: string;
  newRole?: Role | null;
  newUsername?: string | null;
  newPassword?: string | null;
}
interface PatchViewerInput {
  newUsername?: string | null;
  newPassword?: string | null;
  currentPassword?: string | null;
}
interface CreateApiKeyInput {
  name: string;
  description?: string | null;
  expiresAt?: Date | null;
}

/** Field resolvers by type and field name (sources and arguments are typed per resolver). */
export type ResolverMap = Record<string, Record<string, (source: never, args: never, ctx: GraphqlContext) => unknown>>;

/** The empty `query: Query!` of mutation payloads resolves with the ordinary Query resolvers. */
const QUERY_ROOT = {};

// ------------------------------------------------------------------ Query

function usersConnection(ctx: GraphqlContext, args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null }) {
  permit(ctx, "IsAdmin");
  const users = ctx.model.users
    .all()
    .filter((u) => u.role !== "SYSTEM")
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return connectionFromList(users.map((u) => userRef(u.id)), args);
}

/** Phoenix's offset cursors: base64 of `connection:<offset>`. */
const offsetToCursor = (offset: number): string => Buffer.from(`connection:${offset}`, "utf8").toString("base64");
function cursorToOffset(cursor: string): number {
  const decoded = decodeGlobalId(cursor);
  const offset = decoded && !decoded.nodeId.includes(":") ? pythonInt(decoded.nodeId) : undefined;
  if (offset === undefined) throw new PhoenixUnhandledError(`invalid cursor: ${cursor}`);
  return offset;
}

/** Phoenix's `connection_from_list` (Relay offset pagination over a static list). */
function connectionFromList<T>(data: T[], args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null }) {
  const length = data.length;
  let start = 0;
  let end = length;
  const afterOffset = args.after != null ? cursorToOffset(args.after) : -1;
  if (afterOffset >= 0 && afterOffset < length) start = Math.max(start, afterOffset + 1);
  const beforeOffset = args.before != null ? cursorToOffset(args.before) : end;
  if (beforeOffset >= 0 && beforeOffset < length) end = Math.min(end, beforeOffset);
  if (typeof args.first === "number") {
    if (args.first < 0) throw new PhoenixUnhandledError('Argument "first" must be a non-negative int');
    end = Math.min(end, start + args.first);
  }
  if (typeof args.last === "number") {
    if (args.last < 0) throw new PhoenixUnhandledError('Argument "last" must be a non-negative int');
    start = Math.max(start, end - args.last);
  }
  const edges = data.slice(start, Math.max(start, end)).map((node, index) => ({ node, cursor: offsetToCursor(start + index) }));
  const lowerBound = args.after != null ? afterOffset + 1 : 0;
  const upperBound = args.before != null ? beforeOffset : length;
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: typeof args.last === "number" ? start > lowerBound : false,
      hasNextPage: typeof args.first === "number" ? end < upperBound : false,
    },
  };
}

function node(ctx: GraphqlContext, id: string): UserRef {
  const gid = decodeGlobalId(id);
  if (!gid) throw new PublicError(`Unknown node: ${id}`);
  const rowId = pythonInt(gid.nodeId);
  if (rowId === undefined) {
    throw new PublicError(
      `Invalid node id: ${id}. The id of a ${gid.type} node must be an integer, but got: ${gid.nodeId}`,
    );
  }
  if (gid.type !== "User") throw new PublicError(`Unknown node type: ${gid.type}`);
  const principal = caller(ctx);
  if (principal.user.id !== rowId && !isAdmin(principal)) reject("admin-only");
  return userRef(rowId);
}

const byIdAscending = (a: ApiKey, b: ApiKey): number => a.id - b.id;

const Query = {
  viewer: (_: unknown, __: unknown, ctx: GraphqlContext) => (ctx.principal ? userRef(ctx.principal.user.id) : null),
  users: (_: unknown, args: Parameters<typeof usersConnection>[1], ctx: GraphqlContext) => usersConnection(ctx, args),
  userRoles: () => assignableRoleRefs(),
  userApiKeys: (_: unknown, __: unknown, ctx: GraphqlContext) => {
    permit(ctx, "IsAdmin");
    return ctx.model.keys.list({ system: false }).sort(byIdAscending).map(userApiKeyRef);
  },
  systemApiKeys: (_: unknown, __: unknown, ctx: GraphqlContext) => {
    permit(ctx, "IsAdmin");
    return ctx.model.keys.list({ system: true }).sort(byIdAscending).map(systemApiKeyRef);
  },
  node: (_: unknown, args: { id: string }, ctx: GraphqlContext) => node(ctx, args.id),
};

// ------------------------------------------------------------------ Mutation

async function createUser(ctx: GraphqlContext, input: CreateUserInput) {
  const authMethod = input.authMethod ?? "LOCAL";
  if (authMethod === "LDAP" && input.password) throw new PublicError("Password is not allowed for LDAP authentication");
  if (authMethod === "OAUTH2" && input.password) throw new PublicError("Password is not allowed for OAuth2 authentication");
  if (authMethod === "LOCAL" && !input.password) throw new PublicError("Password is required for local authentication");
  permit(ctx, "IsNotViewer", "IsAdmin");
  // The mock's users all sign in with a password: LDAP and OAuth2 users cannot be created (a documented divergence).
  if (authMethod !== "LOCAL" || !input.password) throw new Error(`${authMethod} users are not supported by the mock`);
  const email = sanitizeEmail(input.email);
  if (!isValidEmail(email)) throw new PhoenixUnhandledError("Invalid email address");
  validatePasswordFormat(ctx, input.password);
  const user = await ctx.model.users.create({ email, username: input.username, password: input.password, role: input.role });
  return { user: userRef(user.id) };
}

async function patchUser(ctx: GraphqlContext, input: PatchUserInput) {
  const gid = globalIdArg(input.userId);
  if (!input.newRole && !input.newUsername && !input.newPassword) throw new PublicError("At least one field must be set");
  if (input.newPassword) checkPasswordPolicy(ctx, input.newPassword);
  permit(ctx, "IsNotViewer", "IsAdmin");
  const requesterId = caller(ctx).user.id;
  const { users } = ctx.model;
  const user = users.get(rowIdOf(gid, "User")) ?? reject("user-not-found");
  if (input.newRole) users.assertRoleChangeAllowed(user, requesterId);
  if (input.newPassword) validatePasswordFormat(ctx, input.newPassword);
  await users.update(user, { role: input.newRole, username: input.newUsername, password: input.newPassword, passwordNeedsReset: true });
  return { user: userRef(user.id) };
}

async function patchViewer(ctx: GraphqlContext, input: PatchViewerInput) {
  if (!input.newUsername && !input.newPassword) throw new PublicError("At least one field must be set");
  if (input.newPassword) {
    if (!input.currentPassword) throw new PublicError("current_password is required when modifying password");
    checkPasswordPolicy(ctx, input.newPassword);
  }
  const { users } = ctx.model;
  const user = users.get(caller(ctx).user.id) ?? reject("user-not-found");
  if (input.newPassword) {
    await users.assertCurrentPassword(user, input.currentPassword);
    validatePasswordFormat(ctx, input.newPassword);
  }
  await users.update(user, { username: input.newUsername, password: input.newPassword, passwordNeedsReset: false });
  if (input.newPassword) ctx.deleteCookies.push(REFRESH_TOKEN_COOKIE, ACCESS_TOKEN_COOKIE);
  return { user: userRef(user.id) };
}

function deleteUsers(ctx: GraphqlContext, input: { userIds: string[] }) {
  const gids = input.userIds.map(globalIdArg);
  permit(ctx, "IsNotViewer", "IsAdmin");
  if (gids.length === 0) throw new PublicError("At least one user ID is required");
  // Row id -> the GlobalID it was asked for as (the last spelling wins, the first position stays).
  const requested = new Map<number, string>();
  gids.forEach((gid, index) => {
    const rowId = gid.type === "User" ? pythonInt(gid.nodeId) : undefined;
    if (rowId === undefined) throw new PublicError(`Invalid user ID: '${input.userIds[index]}'`);
    requested.set(rowId, input.userIds[index]!);
  });
  ctx.model.users.deleteMany([...requested.keys()]);
  return { userIds: [...requested.values()] };
}

/** Inserts the key row: an empty name breaks a database constraint (masked); an empty description is stored as null. */
function apiKeyFieldsOf(input: CreateApiKeyInput) {
  if (input.name === "") throw new PhoenixUnhandledError("API key name must not be empty");
  return { name: input.name, description: input.description || null, expiresAt: input.expiresAt ?? null };
}

async function createSystemApiKey(ctx: GraphqlContext, input: CreateApiKeyInput) {
  permit(ctx, "IsNotViewer", "IsAdmin");
  ctx.model.keys.refuseKeyMintedByKey(caller(ctx));
  const { apiKey, key } = await ctx.model.keys.createSystem(apiKeyFieldsOf(input));
  return { jwt: key, apiKey: systemApiKeyRef(apiKey), query: QUERY_ROOT };
}

async function createUserApiKey(ctx: GraphqlContext, input: CreateApiKeyInput) {
  permit(ctx, "IsAuthEnabled");
  const { keys } = ctx.model;
  const principal = ctx.principal ?? reject("user-not-found");
  keys.refuseKeyMintedByKey(principal);
  const user = keys.personalKeyOwner(principal);
  const { apiKey, key } = await keys.create({ user, ...apiKeyFieldsOf(input) });
  return { jwt: key, apiKey: userApiKeyRef(apiKey), query: QUERY_ROOT };
}

function deleteSystemApiKey(ctx: GraphqlContext, input: { id: string }) {
  const gid = globalIdArg(input.id);
  permit(ctx, "IsNotViewer", "IsAdmin");
  ctx.model.keys.revokeSystemKey(rowIdOf(gid, "SystemApiKey"));
  return { apiKeyId: input.id, query: QUERY_ROOT };
}

/** Phoenix's `can_revoke_user_api_key` (api-keys.ts `revokeUserKey`). */
function deleteUserApiKey(ctx: GraphqlContext, input: { id: string }) {
  const gid = globalIdArg(input.id);
  permit(ctx, "IsAuthEnabled");
  const keyId = rowIdOf(gid, "UserApiKey");
  ctx.model.keys.revokeUserKey(ctx.principal ?? reject("key-not-found"), keyId);
  return { apiKeyId: input.id, query: QUERY_ROOT };
}

const Mutation = {
  createUser: (_: unknown, args: { input: CreateUserInput }, ctx: GraphqlContext) => createUser(ctx, args.input),
  patchUser: (_: unknown, args: { input: PatchUserInput }, ctx: GraphqlContext) => patchUser(ctx, args.input),
  patchViewer: (_: unknown, args: { input: PatchViewerInput }, ctx: GraphqlContext) => patchViewer(ctx, args.input),
  deleteUsers: (_: unknown, args: { input: { userIds: string[] } }, ctx: GraphqlContext) => deleteUsers(ctx, args.input),
  createSystemApiKey: (_: unknown, args: { input: CreateApiKeyInput }, ctx: GraphqlContext) => createSystemApiKey(ctx, args.input),
  createUserApiKey: (_: unknown, args: { input: CreateApiKeyInput }, ctx: GraphqlContext) => createUserApiKey(ctx, args.input),
  deleteSystemApiKey: (_: unknown, args: { input: { id: string } }, ctx: GraphqlContext) => deleteSystemApiKey(ctx, args.input),
  deleteUserApiKey: (_: unknown, args: { input: { id: string } }, ctx: GraphqlContext) => deleteUserApiKey(ctx, args.input),
};

// ------------------------------------------------------------------ object types

const UserType = {
  id: (ref: UserRef) => nodeId(ref),
  passwordNeedsReset: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).passwordNeedsReset,
  email: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).email,
  username: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).username,
  profilePictureUrl: (ref: UserRef, _: unknown, ctx: GraphqlContext) => (loadUser(ctx.model, ref), null),
  createdAt: (ref: UserRef, _: unknown, ctx: GraphqlContext) => isoformat(loadUser(ctx.model, ref).createdAt, "seconds"),
  authMethod: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).authMethod,
  role: (ref: UserRef, _: unknown, ctx: GraphqlContext) => roleRef(loadUser(ctx.model, ref).role),
  // Phoenix lets only the user themself or an admin read `apiKeys`/`apiKeyCount`; every path to a User in this
  // schema subset (viewer, self-or-admin node, admin-only lists and mutations) already guarantees that.
  apiKeys: (ref: UserRef, _: unknown, ctx: GraphqlContext) => {
    return ctx.model.keys
      .personalKeys(ref.rowId)
      .sort((a, b) => b.id - a.id)
      .map(userApiKeyRef);
  },
  apiKeyCount: (ref: UserRef, _: unknown, ctx: GraphqlContext) => ctx.model.keys.list({ userId: ref.rowId }).length,
  /** PHOENIX_ADMINS is not modelled: only the default admin's email counts. */
  isManagementUser: (ref: UserRef, _: unknown, ctx: GraphqlContext) => hasDefaultAdminEmail(loadUser(ctx.model, ref)),
};

const apiKeyFields = {
  id: (ref: ApiKeyRef) => nodeId(ref),
  name: (ref: ApiKeyRef) => ref.key.name,
  description: (ref: ApiKeyRef) => ref.key.description,
  createdAt: (ref: ApiKeyRef) => isoformat(ref.key.createdAt),
  expiresAt: (ref: ApiKeyRef) => (ref.key.expiresAt ? isoformat(ref.key.expiresAt) : null),
};

export const RESOLVERS: ResolverMap = {
  Query,
  Mutation,
  User: UserType,
  UserRole: { id: (ref: UserRoleRef) => nodeId(ref), name: (ref: UserRoleRef) => ref.name },
  UserApiKey: { ...apiKeyFields, user: (ref: ApiKeyRef) => userRef(ref.key.userId) },
  SystemApiKey: apiKeyFields,
};
