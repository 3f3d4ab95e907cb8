import { describe, expect, it } from "vitest";
import * as root from "../src/index.js";
import { MockConfigError as CoreMockConfigError } from "../src/core/config.js";
import { MockUsageError as OldMockUsageError } from "../src/usage-error.js";
import { PhoenixAdminError as AdminPhoenixAdminError } from "../src/admin/phoenix-admin.js";
import {
  MockConfigError,
  MockUsageError,
  PhoenixAdminConfigError,
  PhoenixAdminError,
  PhoenixMockError,
  asPhoenixMockError,
  type AnyPhoenixMockError,
} from "../src/errors.js";

describe("the one error module", () => {
  it("holds every public error class, reachable from the modules that throw them and from the package entry", () => {
    expect([CoreMockConfigError, OldMockUsageError, AdminPhoenixAdminError]).toEqual([MockConfigError, MockUsageError, PhoenixAdminError]);
    expect([root.MockConfigError, root.MockUsageError, root.PhoenixAdminError, root.PhoenixAdminConfigError, root.PhoenixMockError]).toEqual([
      MockConfigError,
      MockUsageError,
      PhoenixAdminError,
      PhoenixAdminConfigError,
      PhoenixMockError,
    ]);
  });

  it("gives each class its own code, so a switch on code narrows to the class", () => {
    const errors: AnyPhoenixMockError[] = [
      new MockConfigError("PHOENIX_PORT", "bad port"),
      new MockUsageError("bad call"),
      new PhoenixAdminConfigError("baseUrl", "x", "bad url"),
      new PhoenixAdminError("login", 401, "Invalid token", "login failed"),
    ];
    const described = errors.map((error) => {
      switch (error.code) {
        case "ERR_PHOENIX_MOCK_CONFIG":
          return `mock config ${error.variable}`;
        case "ERR_PHOENIX_MOCK_USAGE":
          return `usage ${error.message}`;
        case "ERR_PHOENIX_ADMIN_CONFIG":
          return `admin config ${error.source}`;
        case "ERR_PHOENIX_ADMIN_REQUEST":
          return `admin ${error.operation} ${error.status}`;
      }
    });
    expect(described).toEqual(["mock config PHOENIX_PORT", "usage bad call", "admin config baseUrl", "admin login 401"]);
    expect(errors.map((e) => e.name)).toEqual(["MockConfigError", "MockUsageError", "PhoenixAdminConfigError", "PhoenixAdminError"]);
    expect(asPhoenixMockError(errors[1])).toBe(errors[1]);
    expect(asPhoenixMockError(new TypeError("x"))).toBeUndefined();
  });
});
