import { isValidEmail, reject, sanitizeEmail, type Instant, type Role, type User } from "../../core/index.js";
import { ACCESS_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE } from "../cookies.js";
import { PhoenixUnhandledError } from "../errors.js";
import { sendWelcomeEmail } from "../welcome-email.js";
import { PublicError } from "./errors.js";
import { caller, checkPasswordPolicy, globalIdArg, permit, rowIdOf, validatePasswordFormat } from "./permissions.js";
import { pythonInt, systemApiKeyRef, userApiKeyRef, userRef, type GraphqlContext } from "./values.js";

/** The empty `query: Query!` of mutation payloads resolves with the ordinary Query resolvers. */
const QUERY_ROOT = {};

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
  expiresAt?: Instant | null;
}

/** Field resolvers by type and field name (sources and arguments are typed per resolver). */
// ------------------------------------------------------------------ Mutation

async function createUser(ctx: GraphqlContext, input: CreateUserInput) {
  const authMethod = input.authMethod ?? "LOCAL";
  if (authMethod === "LDAP" && input.password) throw new PublicError("Password is not allowed for LDAP authentication");
  if (authMethod === "OAUTH2" && input.password) throw new PublicError("Password is not allowed for OAuth2 authentication");
  if (authMethod === "LOCAL" && !input.password) throw new PublicError("Password is required for local authentication");
  permit(ctx, "IsNotViewer", "IsAdmin");
  const email = sanitizeEmail(input.email);
  let user: User;
  if (authMethod === "LOCAL") {
    if (!isValidEmail(email)) throw new PhoenixUnhandledError("Invalid email address");
    validatePasswordFormat(ctx, input.password!);
    user = await ctx.model.users.create({ email, username: input.username, password: input.password!, role: input.role });
  } else {
    // OAuth2 and LDAP users: no email format check here (Phoenix checks it only for LOCAL users on this surface).
    user = ctx.model.users.createExternal({ email, username: input.username, role: input.role, authMethod });
  }
  if (input.sendWelcomeEmail) await sendWelcomeEmail(ctx.model.config, user, ctx.log);
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
  if (input.newPassword) users.assertLocalUser(user);
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
  const { apiKey, key } = await ctx.model.keys.createSystem(caller(ctx), () => apiKeyFieldsOf(input));
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

export const Mutation = {
  createUser: (_: unknown, args: { input: CreateUserInput }, ctx: GraphqlContext) => createUser(ctx, args.input),
  patchUser: (_: unknown, args: { input: PatchUserInput }, ctx: GraphqlContext) => patchUser(ctx, args.input),
  patchViewer: (_: unknown, args: { input: PatchViewerInput }, ctx: GraphqlContext) => patchViewer(ctx, args.input),
  deleteUsers: (_: unknown, args: { input: { userIds: string[] } }, ctx: GraphqlContext) => deleteUsers(ctx, args.input),
  createSystemApiKey: (_: unknown, args: { input: CreateApiKeyInput }, ctx: GraphqlContext) => createSystemApiKey(ctx, args.input),
  createUserApiKey: (_: unknown, args: { input: CreateApiKeyInput }, ctx: GraphqlContext) => createUserApiKey(ctx, args.input),
  deleteSystemApiKey: (_: unknown, args: { input: { id: string } }, ctx: GraphqlContext) => deleteSystemApiKey(ctx, args.input),
  deleteUserApiKey: (_: unknown, args: { input: { id: string } }, ctx: GraphqlContext) => deleteUserApiKey(ctx, args.input),
};

