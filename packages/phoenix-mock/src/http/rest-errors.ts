import type { RejectionReason } from "../core/index.js";

/**
 * The one table from the auth model's refusals to REST answers: Phoenix's status and plain-text detail. GraphQL
 * words several of them differently (src/http/graphql/errors.ts). A reason REST never produces is absent; one
 * that reached it anyway would be a mock bug (a logged 500).
 */
export const REST_REJECTIONS: Readonly<Partial<Record<RejectionReason, { status: number; detail: string }>>> = {
  "invalid-token": { status: 401, detail: "Invalid token" },
  "expired-token": { status: 401, detail: "Expired token" },
  "auth-disabled": {
    status: 403,
    detail: "This action requires authentication to be enabled. Set the PHOENIX_ENABLE_AUTH environment variable to true.",
  },
  "admin-only": { status: 403, detail: "Only admin or system users can perform this action." },
  "viewer-forbidden": { status: 403, detail: "Viewers cannot perform this action." },
  "credentials-required": { status: 401, detail: "Email and password required" },
  "wrong-credentials": { status: 401, detail: "Invalid email and/or password" },
  "locked-out": { status: 429, detail: "Too many failed login attempts. Please try again later." },
  "rate-limited": { status: 429, detail: "Too Many Requests" },
  "invalid-refresh-token": { status: 401, detail: "Invalid refresh token" },
  "expired-refresh-token": { status: 401, detail: "Expired refresh token" },
  "signing-disabled": { status: 403, detail: "Authentication is not enabled" },
  "user-not-found": { status: 404, detail: "User not found" },
  "email-taken": { status: 409, detail: "Email already exists" },
  "username-taken": { status: 409, detail: "Username already exists" },
  "user-conflict": { status: 409, detail: "Failed to create user due to a conflict with existing data" },
  "system-role": { status: 400, detail: "Cannot create users with SYSTEM role" },
  "protected-user": { status: 403, detail: "Cannot delete the default admin or system user" },
  "key-minting-key": { status: 403, detail: "API keys cannot create API keys" },
  "system-user-personal-keys": { status: 403, detail: "System API keys must be managed through the /system/api_keys endpoints." },
  "key-not-found": { status: 404, detail: "API key not found" },
  "not-key-owner": { status: 404, detail: "API key not found" },
  "system-key-not-found": { status: 404, detail: "System API key not found" },
};
