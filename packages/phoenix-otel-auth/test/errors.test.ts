import { describe, expect, it } from "vitest";
import * as root from "../src/index.js";
import { PhoenixConfigError, PhoenixOtelAuthError, asPhoenixOtelAuthError } from "../src/errors.js";
import { maskSecret } from "../../internal/src/secrets.js";

describe("errors", () => {
  it("PhoenixConfigError carries a code, the source and the value", () => {
    const err = new PhoenixConfigError("PHOENIX_COLLECTOR_ENDPOINT", "localhost:6006", "bad");
    expect(err).toBeInstanceOf(PhoenixOtelAuthError);
    expect(err.name).toBe("PhoenixConfigError");
    expect(err.code).toBe("ERR_PHOENIX_CONFIG");
    expect(err.source).toBe("PHOENIX_COLLECTOR_ENDPOINT");
    expect(err.value).toBe("localhost:6006");
  });

  it("the root entry exports the error module's classes, and asPhoenixOtelAuthError recognises only them", () => {
    expect([root.PhoenixOtelAuthError, root.PhoenixConfigError, root.asPhoenixOtelAuthError]).toEqual([PhoenixOtelAuthError, PhoenixConfigError, asPhoenixOtelAuthError]);
    const error = new PhoenixConfigError("url", "x", "bad url");
    expect(asPhoenixOtelAuthError(error)).toBe(error);
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
