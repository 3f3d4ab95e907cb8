import { PhoenixUnhandledError } from "../errors.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { TraceStore } from "../../spans/index.js";
import { toGlobalId, type ApiKey, type AuthModel, type Principal, type Role, type User } from "../../core/index.js";

/** Per-request state handed to every resolver. */
export interface GraphqlContext {
  readonly model: AuthModel;
  readonly principal: Principal | undefined;
  readonly authEnabled: boolean;
  /** The span store (span-side nodes); absent where only the auth schema is exercised. */
  readonly traces?: TraceStore<DecodedSpan>;
  /** Cookie names the response must delete, in order (patchViewer fills it). */
  readonly deleteCookies: string[];
  /** Phoenix's server log. */
  readonly log: (message: string) => void;
}

/** A User node: only the row id, loaded field by field like Phoenix's dataloaders (a missing row fails its fields). */
export interface UserRef {
  readonly __typename: "User";
  readonly rowId: number;
}
export interface ApiKeyRef {
  readonly __typename: "UserApiKey" | "SystemApiKey";
  readonly key: ApiKey;
}
export interface UserRoleRef {
  readonly __typename: "UserRole";
  readonly rowId: number;
  readonly name: Role;
}

export const userRef = (rowId: number): UserRef => ({ __typename: "User", rowId });
export const userApiKeyRef = (key: ApiKey): ApiKeyRef => ({ __typename: "UserApiKey", key });
export const systemApiKeyRef = (key: ApiKey): ApiKeyRef => ({ __typename: "SystemApiKey", key });

/**
 * Row ids of the `user_roles` table. Phoenix seeds it from an unordered set, so the ids differ between
 * databases (observed: SYSTEM 1, MEMBER 2, ADMIN 3, VIEWER 4 on one, VIEWER 1, ADMIN 2, MEMBER 4 on another);
 * the mock fixes the first.
 */
const ROLE_ROW_IDS: Record<Role, number> = { SYSTEM: 1, MEMBER: 2, ADMIN: 3, VIEWER: 4 };

export function roleRef(name: Role): UserRoleRef {
  return { __typename: "UserRole", rowId: ROLE_ROW_IDS[name], name };
}

/** `userRoles`: every role but SYSTEM, in row-id order. */
export function assignableRoleRefs(): UserRoleRef[] {
  return (Object.keys(ROLE_ROW_IDS) as Role[])
    .filter((name) => name !== "SYSTEM")
    .map(roleRef)
    .sort((a, b) => a.rowId - b.rowId);
}

export function nodeId(value: UserRef | ApiKeyRef | UserRoleRef): string {
  return toGlobalId(value.__typename, "key" in value ? value.key.id : value.rowId);
}

/** The row behind a User node; a vanished row is an internal error (masked), as Phoenix's dataloader fails. */
export function loadUser(model: AuthModel, ref: UserRef): User {
  const user = model.users.get(ref.rowId);
  if (!user) throw new PhoenixUnhandledError(`User ${ref.rowId} not found`);
  return user;
}

/** Strawberry's GlobalID parse (`base64.b64decode(...).decode().split(":", 1)`); undefined when it would raise. */
export function decodeGlobalId(value: string): { type: string; nodeId: string } | undefined {
  const compact = value.replace(/[^A-Za-z0-9+/=]/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(compact, "base64"));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  return colon < 0 ? undefined : { type: text.slice(0, colon), nodeId: text.slice(colon + 1) };
}

/** Python's `int(text)` for the plain decimal forms; undefined where Python raises. */
export function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text.trim()) : undefined;
}
