import { hasDefaultAdminEmail, isoformat, rejectIf, userNodeProblem, type ApiKey } from "../../core/index.js";
import { connectionFromList, type ConnectionArgs } from "./connection.js";
import { PublicError } from "./errors.js";
import { Mutation } from "./mutations.js";
import { caller, permit } from "./permissions.js";
import { ANNOTATION_RESOLVERS, spanAnnotationRef, type SpanAnnotationRef } from "./annotation-resolvers.js";
import { SPAN_RESOLVERS, spanQueryFields, spanSideNode } from "./span-resolvers.js";
import type { SpanSideRef } from "./span-values.js";
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

export type ResolverMap = Record<string, Record<string, (source: never, args: never, ctx: GraphqlContext) => unknown>>;

// ------------------------------------------------------------------ Query

function usersConnection(ctx: GraphqlContext, args: ConnectionArgs) {
  permit(ctx, "IsAdmin");
  const users = ctx.model.users
    .all()
    .filter((u) => u.role !== "SYSTEM")
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return connectionFromList(users.map((u) => userRef(u.id)), args);
}

function node(ctx: GraphqlContext, id: string): UserRef | SpanSideRef | SpanAnnotationRef {
  const gid = decodeGlobalId(id);
  if (!gid) throw new PublicError(`Unknown node: ${id}`);
  const rowId = pythonInt(gid.nodeId);
  if (rowId === undefined) {
    throw new PublicError(
      `Invalid node id: ${id}. The id of a ${gid.type} node must be an integer, but got: ${gid.nodeId}`,
    );
  }
  const spanSide = spanSideNode(gid.type, rowId);
  if (spanSide) return spanSide;
  if (gid.type === "SpanAnnotation") return spanAnnotationRef(rowId);
  if (gid.type !== "User") throw new PublicError(`Unknown node type: ${gid.type}`);
  const principal = caller(ctx);
  rejectIf(userNodeProblem(principal, rowId));
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
  ...spanQueryFields,
};

// ------------------------------------------------------------------ object types

const UserType = {
  id: (ref: UserRef) => nodeId(ref),
  passwordNeedsReset: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).passwordNeedsReset,
  email: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).email,
  username: (ref: UserRef, _: unknown, ctx: GraphqlContext) => loadUser(ctx.model, ref).username,
  profilePictureUrl: (ref: UserRef, _: unknown, ctx: GraphqlContext) => (loadUser(ctx.model, ref), null),
  createdAt: (ref: UserRef, _: unknown, ctx: GraphqlContext) => isoformat(loadUser(ctx.model, ref).createdAt),
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
  expiresAt: (ref: ApiKeyRef) => (ref.key.expiresAt === null ? null : isoformat(ref.key.expiresAt)),
};

export const RESOLVERS: ResolverMap = {
  Query,
  Mutation,
  User: UserType,
  UserRole: { id: (ref: UserRoleRef) => nodeId(ref), name: (ref: UserRoleRef) => ref.name },
  UserApiKey: { ...apiKeyFields, user: (ref: ApiKeyRef) => userRef(ref.key.userId) },
  SystemApiKey: apiKeyFields,
  ...SPAN_RESOLVERS,
  ...ANNOTATION_RESOLVERS,
};
