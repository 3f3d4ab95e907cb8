import { describe, expect, it } from "vitest";
import { MockConfigError, resolveMockConfig } from "../../src/core/index.js";
import { randomSecret } from "./helpers.js";

function configError(run: () => unknown): MockConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MockConfigError);
    return error as MockConfigError;
  }
  throw new Error("expected a MockConfigError");
}

describe("resolveMockConfig defaults", () => {
  it("matches phoenix serve's defaults, except the loopback host", () => {
    const config = resolveMockConfig();
    expect(config).toEqual({
      enableAuth: false,
      secret: undefined,
      adminSecret: undefined,
      defaultAdminInitialPassword: "admin",
      host: "127.0.0.1",
      port: 6006,
      grpcPort: 4317,
      accessTokenExpiryMinutes: 10,
      refreshTokenExpiryMinutes: 10080,
      passwordResetTokenExpiryMinutes: 15,
      smtp: undefined,
      disableRateLimit: false,
      disableBruteForceLoginProtection: false,
      bruteForceLoginProtectionMaxAttempts: 5,
      enableStrongPasswordPolicy: false,
      csrfTrustedOrigins: [],
      useSecureCookies: false,
      cookiesPath: "/",
      rootUrl: undefined,
      maskInternalServerErrors: true,
      maxSpansQueueSize: 20000,
      enableOauth2AuthorizationServer: false,
    });
  });
});

describe("resolveMockConfig from the environment", () => {
  it("trims values and parses booleans case-insensitively", () => {
    const secret = randomSecret();
    const config = resolveMockConfig({}, { PHOENIX_ENABLE_AUTH: " TRUE ", PHOENIX_SECRET: ` ${secret}\n`, PHOENIX_PORT: "7007" });
    expect(config.enableAuth).toBe(true);
    expect(config.secret).toBe(secret);
    expect(config.port).toBe(7007);
  });

  it("lets options beat variables", () => {
    const config = resolveMockConfig({ enableAuth: false, port: 1234 }, { PHOENIX_ENABLE_AUTH: "true", PHOENIX_PORT: "7007" });
    expect(config.enableAuth).toBe(false);
    expect(config.port).toBe(1234);
  });

  it("falls back to admin for an empty initial admin password", () => {
    expect(resolveMockConfig({}, { PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD: "" }).defaultAdminInitialPassword).toBe("admin");
  });

  it("de-duplicates and sorts CSRF origins, skipping empty items", () => {
    const config = resolveMockConfig({}, { PHOENIX_CSRF_TRUSTED_ORIGINS: ",http://localhost,http://127.0.0.1,http://localhost," });
    expect(config.csrfTrustedOrigins).toEqual(["http://127.0.0.1", "http://localhost"]);
  });

  it("serves the OAuth2 authorization server by default with auth on, never with auth off", () => {
    const secret = randomSecret();
    const auth = { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: secret };
    expect(resolveMockConfig({}, auth).enableOauth2AuthorizationServer).toBe(true);
    expect(resolveMockConfig({}, { ...auth, PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER: " False " }).enableOauth2AuthorizationServer).toBe(false);
    expect(resolveMockConfig({ enableOauth2AuthorizationServer: true }, { ...auth, PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER: "false" }).enableOauth2AuthorizationServer).toBe(true);
    expect(resolveMockConfig({ enableOauth2AuthorizationServer: true }).enableOauth2AuthorizationServer).toBe(false);
  });

  it("reads PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER only with auth on, as Phoenix (an invalid value starts with auth off)", () => {
    expect(resolveMockConfig({}, { PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER: "bogus" }).enableOauth2AuthorizationServer).toBe(false);
    const error = configError(() =>
      resolveMockConfig({}, { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: randomSecret(), PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER: "bogus" }),
    );
    expect(error.message).toBe("PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER must be set to TRUE or FALSE (case-insensitive). Got: bogus");
    expect(error.variable).toBe("PHOENIX_ENABLE_OAUTH2_AUTHORIZATION_SERVER");
  });

  it("ignores the admin secret while auth is off (Phoenix's middleware that reads it does not exist then)", () => {
    const secret = randomSecret();
    const adminSecret = randomSecret();
    expect(resolveMockConfig({}, { PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: adminSecret }).adminSecret).toBeUndefined();
    expect(
      resolveMockConfig({}, { PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: adminSecret }).adminSecret,
    ).toBe(adminSecret);
  });
});

describe("Phoenix's startup errors", () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ["a non-boolean switch", { PHOENIX_ENABLE_AUTH: "yes" }, "PHOENIX_ENABLE_AUTH", "PHOENIX_ENABLE_AUTH must be set to TRUE or FALSE (case-insensitive). Got: yes"],
    ["1 as a boolean", { PHOENIX_DISABLE_RATE_LIMIT: "1" }, "PHOENIX_DISABLE_RATE_LIMIT", "PHOENIX_DISABLE_RATE_LIMIT must be set to TRUE or FALSE (case-insensitive). Got: 1"],
    ["auth without a secret", { PHOENIX_ENABLE_AUTH: "true" }, "PHOENIX_SECRET", "`PHOENIX_SECRET` must be set when auth is enabled with `PHOENIX_ENABLE_AUTH`"],
    ["an empty secret", { PHOENIX_SECRET: "" }, "PHOENIX_SECRET", "Phoenix secret must be non-empty"],
    ["a secret with whitespace", { PHOENIX_SECRET: "abc def" }, "PHOENIX_SECRET", "Phoenix secret must not contain whitespace characters"],
    ["a non-ASCII secret", { PHOENIX_SECRET: "é".repeat(40) }, "PHOENIX_SECRET", "Phoenix secret must contain only ASCII characters"],
    ["a short secret without a digit", { PHOENIX_SECRET: "abc" }, "PHOENIX_SECRET", "Phoenix secret must be at least 32 characters long, and at least one digit"],
    ["a long secret with neither digit nor lowercase", { PHOENIX_SECRET: "A".repeat(32) }, "PHOENIX_SECRET", "Phoenix secret at least one digit, and at least one lowercase letter"],
    ["a short secret only", { PHOENIX_SECRET: "a1" }, "PHOENIX_SECRET", "Phoenix secret must be at least 32 characters long"],
    ["a non-integer port", { PHOENIX_PORT: "60x" }, "PHOENIX_PORT", "Invalid value for environment variable PHOENIX_PORT: 60x. Value must be an integer."],
    ["a non-integer gRPC port", { PHOENIX_GRPC_PORT: "43x" }, "PHOENIX_GRPC_PORT", "Invalid value for environment variable PHOENIX_GRPC_PORT: 43x. Value must be an integer."],
    ["a non-integer max attempts", { PHOENIX_BRUTE_FORCE_LOGIN_PROTECTION_MAX_ATTEMPTS: "five" }, "PHOENIX_BRUTE_FORCE_LOGIN_PROTECTION_MAX_ATTEMPTS", "Invalid value for environment variable PHOENIX_BRUTE_FORCE_LOGIN_PROTECTION_MAX_ATTEMPTS: five. Value must be an integer."],
    ["a non-numeric expiry", { PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES: "ten" }, "PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES", "Invalid value for environment variable PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES: ten. Value must be a number."],
    ["a zero expiry", { PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES: "0" }, "PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES", "PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES must be greater than 0. Got: 0"],
    ["a CSRF origin without a hostname", { PHOENIX_CSRF_TRUSTED_ORIGINS: "localhost" }, "PHOENIX_CSRF_TRUSTED_ORIGINS", "The environment variable `PHOENIX_CSRF_TRUSTED_ORIGINS` contains a url with missing hostname. Please ensure that each url has a valid hostname."],
    ["a root URL without a scheme", { PHOENIX_ROOT_URL: "phoenix.example.com" }, "PHOENIX_ROOT_URL", "The environment variable `PHOENIX_ROOT_URL` must be a valid URL."],
  ];
  it.each(cases)("%s", (_name, env, variable, message) => {
    const error = configError(() => resolveMockConfig({}, env));
    expect(error.message).toBe(message);
    expect(error.variable).toBe(variable);
    expect(error.code).toBe("ERR_PHOENIX_MOCK_CONFIG");
  });

  it("names the Kubernetes tcp:// port form", () => {
    expect(configError(() => resolveMockConfig({}, { PHOENIX_PORT: "tcp://10.0.0.1:6006" })).message).toMatch(/Kubernetes/);
  });

  it("refuses an admin secret without a secret, a weak one, and one equal to the secret", () => {
    const secret = randomSecret();
    expect(configError(() => resolveMockConfig({}, { PHOENIX_ADMIN_SECRET: secret })).message).toBe(
      "`PHOENIX_ADMIN_SECRET` must be not be set without setting `PHOENIX_SECRET`.",
    );
    expect(configError(() => resolveMockConfig({}, { PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: "short" })).message).toBe(
      "Phoenix secret must be at least 32 characters long, and at least one digit",
    );
    expect(configError(() => resolveMockConfig({}, { PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: secret })).message).toBe(
      "`PHOENIX_ADMIN_SECRET` must be different from `PHOENIX_SECRET`",
    );
  });

  it("validates the secret even with auth off, and never echoes a valid-length secret back", () => {
    const weak = "B".repeat(40);
    const error = configError(() => resolveMockConfig({}, { PHOENIX_SECRET: weak }));
    expect(error.message).not.toContain(weak);
  });
});
