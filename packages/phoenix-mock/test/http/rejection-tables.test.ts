import { describe, expect, it } from "vitest";
import type { RejectionReason } from "../../src/core/index.js";
import { GRAPHQL_REJECTIONS } from "../../src/http/graphql/errors.js";
import { REST_REJECTIONS } from "../../src/http/rest-errors.js";

/** Every reason code of the core; `satisfies` fails to compile when one is added without being listed here. */
const EVERY_REASON = Object.keys({
  "invalid-token": 1,
  "expired-token": 1,
  "auth-disabled": 1,
  "admin-only": 1,
  "viewer-forbidden": 1,
  "credentials-required": 1,
  "wrong-credentials": 1,
  "locked-out": 1,
  "rate-limited": 1,
  "invalid-refresh-token": 1,
  "expired-refresh-token": 1,
  "signing-disabled": 1,
  "user-not-found": 1,
  "users-not-found": 1,
  "email-taken": 1,
  "username-taken": 1,
  "user-conflict": 1,
  "system-role": 1,
  "protected-user": 1,
  "default-admin-role": 1,
  "own-role": 1,
  "wrong-current-password": 1,
  "non-local-password": 1,
  "key-minting-key": 1,
  "system-user-personal-keys": 1,
  "key-not-found": 1,
  "not-key-owner": 1,
  "system-key-not-found": 1,
} satisfies Record<RejectionReason, 1>) as RejectionReason[];

describe("the two tables from reason codes to Phoenix's words", () => {
  it("word every reason on at least one surface", () => {
    expect(EVERY_REASON.filter((reason) => !REST_REJECTIONS[reason] && !GRAPHQL_REJECTIONS[reason])).toEqual([]);
  });

  it("keep Phoenix's different wording of the same refusal per surface", () => {
    expect(REST_REJECTIONS["admin-only"]).toEqual({ status: 403, detail: "Only admin or system users can perform this action." });
    expect(GRAPHQL_REJECTIONS["admin-only"]).toBe("Only admin can perform this action");
    expect(REST_REJECTIONS["protected-user"]?.detail).toBe("Cannot delete the default admin or system user");
    expect(GRAPHQL_REJECTIONS["protected-user"]).toBe("Cannot delete the default admin user");
    expect(REST_REJECTIONS["system-user-personal-keys"]?.detail).toBe("System API keys must be managed through the /system/api_keys endpoints.");
    expect(GRAPHQL_REJECTIONS["system-user-personal-keys"]).toBe("System API keys cannot manage personal API keys");
  });

  it("make someone else's key read as missing on both surfaces", () => {
    expect(REST_REJECTIONS["not-key-owner"]).toEqual(REST_REJECTIONS["key-not-found"]);
    expect(GRAPHQL_REJECTIONS["not-key-owner"]).toBe(GRAPHQL_REJECTIONS["key-not-found"]);
  });
});
