import { describe, expect, it } from "vitest";
import { PhoenixAdmin } from "../../src/admin/index.js";
import { PhoenixAdminConfigError } from "../../src/errors.js";
import { generatePassword, generateSecret } from "../../../../test/helpers/secrets.js";

// Bad arguments are a PhoenixAdminConfigError naming the argument, thrown before any request: never a TypeError from deep
// inside, never a request with `undefined` in it. The fetch below fails the test if a call gets that far.
const noRequest: typeof fetch = () => {
  throw new Error("a request was sent for a call with invalid arguments");
};
const admin = () => new PhoenixAdmin({ baseUrl: "http://127.0.0.1:6006", token: generateSecret(), fetch: noRequest });

async function rejection(call: () => Promise<unknown>): Promise<PhoenixAdminConfigError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhoenixAdminConfigError);
  return error as PhoenixAdminConfigError;
}

describe("PhoenixAdmin argument validation", () => {
  it.each([
    ["login() without arguments", () => admin().login(undefined as never, undefined as never), "email", /PhoenixAdmin\.login: `email` must be a non-empty string, got undefined/],
    ["login() without a password", () => admin().login("admin@localhost", undefined as never), "password", /`password` must be a non-empty string, got undefined/],
    ["login() with an empty email", () => admin().login(" ", "admin"), "email", /got " "/],
    ["static login() without a password", () => PhoenixAdmin.login("http://127.0.0.1:6006", "admin@localhost", undefined as never, { fetch: noRequest }), "password", /`password`/],
    ["changePassword() without input", () => admin().changePassword(undefined as never), "input", /`input` must be an object/],
    ["changePassword() without newPassword", () => admin().changePassword({ currentPassword: "admin" } as never), "newPassword", /`newPassword` must be a non-empty string/],
    ["createSystemApiKey() without input", () => admin().createSystemApiKey(undefined as never), "input", /createSystemApiKey: `input` must be an object/],
    ["createSystemApiKey() without a name", () => admin().createSystemApiKey({} as never), "name", /`name` must be a non-empty string, got undefined/],
    ["createSystemApiKey() with a numeric description", () => admin().createSystemApiKey({ name: "ci", description: 5 as never }), "description", /`description` must be a string when given, got number 5/],
    ["createSystemApiKey() with a bad expiresAt", () => admin().createSystemApiKey({ name: "ci", expiresAt: "next week" }), "expiresAt", /`expiresAt` must be a Date or an ISO 8601 string, got "next week"/],
    ["createSystemApiKey() with an invalid Date", () => admin().createSystemApiKey({ name: "ci", expiresAt: new Date(Number.NaN) }), "expiresAt", /got an invalid Date/],
    ["createUserApiKey() without a name", () => admin().createUserApiKey({ name: "" }), "name", /createUserApiKey: `name`/],
    ["deleteSystemApiKey() without an id", () => admin().deleteSystemApiKey(undefined as never), "id", /`id` must be a non-empty string/],
    ["createUser() without a password", () => admin().createUser({ email: "a@b.c", username: "a", role: "MEMBER" } as never), "password", /createUser: `password`/],
    ["createUser() with an unknown role", () => admin().createUser({ email: "a@b.c", username: "a", password: generatePassword(), role: "OWNER" as never }), "role", /`role` must be one of ADMIN, MEMBER, VIEWER, got "OWNER"/],
    ["listSpans() without options", () => admin().listSpans(undefined as never), "options", /listSpans: `options` must be an object/],
    ["listSpans() without a project", () => admin().listSpans({} as never), "project", /`project` must be a non-empty string/],
    ["listSpans() with limit 0", () => admin().listSpans({ project: "default", limit: 0 }), "limit", /`limit` must be an integer from 1 to 1000, got number 0/],
    ["listSpans() with a numeric cursor", () => admin().listSpans({ project: "default", cursor: 7 as never }), "cursor", /`cursor` must be a string when given/],
  ])("%s: a PhoenixAdminConfigError naming `%s`", async (_, call, source, message) => {
    const error = await rejection(call as () => Promise<unknown>);
    expect(error.source).toBe(source);
    expect(error.message).toMatch(message);
    expect(error.code).toBe("ERR_PHOENIX_ADMIN_CONFIG");
  });

  it.each([
    ["no options", undefined, "options"],
    ["a numeric baseUrl", { baseUrl: 6006 }, "baseUrl"],
    ["no baseUrl", {}, "baseUrl"],
    ["a numeric token", { baseUrl: "http://localhost:6006", token: 42 }, "token"],
    ["a fetch that is not a function", { baseUrl: "http://localhost:6006", fetch: "fetch" }, "fetch"],
  ])("new PhoenixAdmin() with %s: a PhoenixAdminConfigError naming `%s`", (_, options, source) => {
    let error: unknown;
    try {
      new PhoenixAdmin(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhoenixAdminConfigError);
    expect((error as PhoenixAdminConfigError).source).toBe(source);
  });

  it("a password of the wrong type is not printed", async () => {
    const secret = generateSecret();
    const error = await rejection(() => admin().changePassword({ currentPassword: secret, newPassword: 12345678 as never }));
    expect(error.message).not.toContain("12345678");
    expect(error.message).not.toContain(secret);
  });
});
