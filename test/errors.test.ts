import { describe, expect, it } from "vitest";
import * as root from "../src/index.js";
import * as testing from "../src/testing.js";
import { MockConfigError as CoreMockConfigError } from "../src/mock/core/config.js";
import { MockUsageError as OldMockUsageError } from "../src/mock/usage-error.js";
import { PhoenixAdminError as AdminPhoenixAdminError } from "../src/admin/phoenix-admin.js";
import {
  MockConfigError,
  MockUsageError,
  PhoenixAdminError,
  PhoenixConfigError,
  PhoenixOtelAuthError,
  asPhoenixOtelAuthError,
  type AnyPhoenixOtelAuthError,
} from "../src/errors.js";
import { maskSecret } from "../src/secrets.js";

describe("errors", () => {
  it("PhoenixConfigError carries a code, the source and the value", () => {
    const err = new PhoenixConfigError("PHOENIX_COLLECTOR_ENDPOINT", "localhost:6006", "bad");
    expect(err).toBeInstanceOf(PhoenixOtelAuthError);
    expect(err.name).toBe("PhoenixConfigError");
    expect(err.code).toBe("ERR_PHOENIX_CONFIG");
    expect(err.source).toBe("PHOENIX_COLLECTOR_ENDPOINT");
    expect(err.value).toBe("localhost:6006");
  });
});

describe("the one error module", () => {
  it("holds every public error class, reachable from its old import paths too", () => {
    expect([CoreMockConfigError, OldMockUsageError, AdminPhoenixAdminError]).toEqual([MockConfigError, MockUsageError, PhoenixAdminError]);
    expect([testing.MockConfigError, testing.MockUsageError, testing.PhoenixAdminError]).toEqual([MockConfigError, MockUsageError, PhoenixAdminError]);
    expect([root.PhoenixOtelAuthError, root.PhoenixConfigError, root.MockUsageError]).toEqual([PhoenixOtelAuthError, PhoenixConfigError, MockUsageError]);
  });

  it("gives each class its own code, so a switch on code narrows to the class", () => {
    const errors: AnyPhoenixOtelAuthError[] = [
      new PhoenixConfigError("url", "x", "bad url"),
      new MockConfigError("PHOENIX_PORT", "bad port"),
      new MockUsageError("bad call"),
      new PhoenixAdminError("login", 401, "Invalid token", "login failed"),
    ];
    const described = errors.map((error) => {
      switch (error.code) {
        case "ERR_PHOENIX_CONFIG":
          return `config ${error.source}`;
        case "ERR_PHOENIX_MOCK_CONFIG":
          return `mock config ${error.variable}`;
        case "ERR_PHOENIX_MOCK_USAGE":
          return `usage ${error.message}`;
        case "ERR_PHOENIX_ADMIN_REQUEST":
          return `admin ${error.operation} ${error.status}`;
      }
    });
    expect(described).toEqual(["config url", "mock config PHOENIX_PORT", "usage bad call", "admin login 401"]);
    expect(errors.map((e) => e.name)).toEqual(["PhoenixConfigError", "MockConfigError", "MockUsageError", "PhoenixAdminError"]);
    expect(asPhoenixOtelAuthError(errors[2])).toBe(errors[2]);
    expect(asPhoenixOtelAuthError(new TypeError("x"))).toBeUndefined();
  });
});

describe("maskSecret", () => {
  it("shows at most a 4-character prefix of long values and nothing of short ones", () => {
    expect(maskSecret("abcdefghijklmnopqrstuvwxyz")).toBe("abcd…(26 chars)");
    expect(maskSecret("short")).toBe("****");
    expect(maskSecret("")).toBe("<empty>");
    expect(maskSecret(undefined)).toBe("<empty>");
  });
});
