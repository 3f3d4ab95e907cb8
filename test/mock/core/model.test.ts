import { describe, expect, it } from "vitest";
import {
  LOCKOUT_MS,
  MockRejection,
  TOKEN_SWEEP_DELAY_MS,
  isAdmin,
  isViewer,
  type AuthModel,
  type Principal,
} from "../../../src/mock/core/index.js";
import { authModel } from "./helpers.js";

async function rejection(promise: Promise<unknown>): Promise<MockRejection> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MockRejection);
    return error as MockRejection;
  }
  throw new Error("expected a MockRejection");
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function member(model: AuthModel, role: "ADMIN" | "MEMBER" | "VIEWER" = "MEMBER", email = `${role.toLowerCase()}@example.com`) {
  const user = await model.createUser({ email, username: email.split("@")[0]!, password: "pass1234", role });
  return user;
}

describe("bootstrap", () => {
  it("seeds user 1 system and user 2 admin with the reset flag", async () => {
    const { model } = authModel({ defaultAdminInitialPassword: "initial-pass" });
    const [system, admin] = model.users();
    expect(system).toMatchObject({ id: 1, username: "system", email: "system@localhost", role: "SYSTEM", passwordNeedsReset: false });
    expect(admin).toMatchObject({ id: 2, username: "admin", email: "admin@localhost", role: "ADMIN", passwordNeedsReset: true });
    expect(model.isDefaultAdmin(admin!)).toBe(true);
    expect(await model.checkPassword(admin!, "initial-pass")).toBe(true);
    expect(await model.checkPassword(admin!, "admin")).toBe(false);
    await expect(model.login("system@localhost", "anything")).rejects.toThrow("Invalid email and/or password");
  });

  it("reset() returns to that state and restarts the ids", async () => {
    const { model } = authModel();
    await member(model);
    await model.login("admin@localhost", "admin");
    model.reset();
    expect(model.users().map((u) => u.id)).toEqual([1, 2]);
    const again = await member(model);
    expect(again.id).toBe(3);
  });
});

describe("login", () => {
  it("accepts any email case, issues a session, and does not enforce the reset flag", async () => {
    const { model } = authModel();
    const { user, accessToken, refreshToken } = await model.login("  ADMIN@Localhost ", "admin");
    expect(user.id).toBe(2);
    const principal = await model.authenticate(bearer(accessToken));
    expect(principal).toMatchObject({ kind: "user", via: "access-token", status: "VALID" });
    expect(isAdmin(principal)).toBe(true);
    expect(await model.authenticate(bearer(refreshToken))).toBeUndefined();
  });

  it("needs both fields, without counting that as a failure", async () => {
    const { model } = authModel();
    for (let i = 0; i < 10; i++) expect((await rejection(model.login("admin@localhost", ""))).message).toBe("Email and password required");
    await model.login("admin@localhost", "admin");
  });

  it("locks an email out after 5 failures (case 62), 429 even with the right password (case 64)", async () => {
    const { model, clock } = authModel();
    for (let i = 0; i < 5; i++) {
      const error = await rejection(model.login("admin@localhost", "wrong"));
      expect([error.kind, error.message]).toEqual(["unauthorized", "Invalid email and/or password"]);
    }
    const locked = await rejection(model.login("admin@localhost", "admin"));
    expect([locked.kind, locked.message]).toEqual(["too_many_requests", "Too many failed login attempts. Please try again later."]);
    clock.advance(LOCKOUT_MS - 1);
    expect((await rejection(model.login("admin@localhost", "admin"))).kind).toBe("too_many_requests");
    clock.advance(1);
    await model.login("admin@localhost", "admin");
  });

  it("clears the count on success (case 63) and counts unknown emails too", async () => {
    const { model } = authModel();
    for (let i = 0; i < 4; i++) await rejection(model.login("admin@localhost", "wrong"));
    await model.login("admin@localhost", "admin");
    for (let i = 0; i < 4; i++) expect((await rejection(model.login("admin@localhost", "wrong"))).kind).toBe("unauthorized");
    for (let i = 0; i < 5; i++) await rejection(model.login("nobody@example.com", "x"));
    expect((await rejection(model.login("nobody@example.com", "x"))).kind).toBe("too_many_requests");
  });

  it("honours the max-attempts setting and the off switch", async () => {
    const strict = authModel({ bruteForceLoginProtectionMaxAttempts: 2 }).model;
    for (let i = 0; i < 2; i++) await rejection(strict.login("admin@localhost", "wrong"));
    expect((await rejection(strict.login("admin@localhost", "admin"))).kind).toBe("too_many_requests");
    const off = authModel({ disableBruteForceLoginProtection: true }).model;
    for (let i = 0; i < 8; i++) await rejection(off.login("admin@localhost", "wrong"));
    await off.login("admin@localhost", "admin");
  });
});

describe("per-IP rate limit", () => {
  it("allows a burst of 12, then one request per 5 s", () => {
    const { model, clock } = authModel();
    for (let i = 0; i < 12; i++) model.checkRateLimit("10.0.0.1");
    expect(() => model.checkRateLimit("10.0.0.1")).toThrow("Too Many Requests");
    model.checkRateLimit("10.0.0.2");
    clock.advance(5_000);
    model.checkRateLimit("10.0.0.1");
    expect(() => model.checkRateLimit("10.0.0.1")).toThrow("Too Many Requests");
  });

  it("is off with PHOENIX_DISABLE_RATE_LIMIT", () => {
    const { model } = authModel({ disableRateLimit: true });
    for (let i = 0; i < 100; i++) model.checkRateLimit("10.0.0.1");
  });
});

describe("sessions", () => {
  it("logOut kills every session of the user, keys survive (case 26)", async () => {
    const { model } = authModel();
    const a = await model.login("admin@localhost", "admin");
    const b = await model.login("admin@localhost", "admin");
    const { key } = await model.createApiKey({ user: a.user, name: "k" });
    model.logOut(a.user.id);
    expect(await model.authenticate(bearer(a.accessToken))).toBeUndefined();
    expect(await model.authenticate(bearer(b.accessToken))).toBeUndefined();
    expect(await model.authenticate(bearer(key))).toMatchObject({ via: "api-key" });
  });

  it("refresh is single use and revokes the old access token (case 31)", async () => {
    const { model } = authModel();
    const first = await model.login("admin@localhost", "admin");
    const second = await model.refresh(first.refreshToken, first.accessToken);
    expect(await model.authenticate(bearer(first.accessToken))).toBeUndefined();
    expect(await model.authenticate(bearer(second.accessToken))).toMatchObject({ status: "VALID" });
    expect((await rejection(model.refresh(first.refreshToken, undefined))).message).toBe("Invalid refresh token");
    expect((await rejection(model.refresh(second.accessToken, undefined))).message).toBe("Invalid refresh token");
  });

  it("never repeats a jti across logins and users (case 29)", async () => {
    const { model } = authModel();
    await member(model);
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      for (const email of ["admin@localhost", "member@example.com"]) {
        const pass = email.startsWith("admin") ? "admin" : "pass1234";
        const session = await model.login(email, pass);
        tokens.add(session.accessToken).add(session.refreshToken);
        model.logOut(session.user.id);
      }
    }
    expect(tokens.size).toBe(12);
  });

  it("expires access tokens by the clock: Expired token, then Invalid token after the sweep", async () => {
    const { model, clock } = authModel({ accessTokenExpiryMinutes: 1 });
    const { accessToken } = await model.login("admin@localhost", "admin");
    clock.advance(60_000);
    const expired = await model.authenticate(bearer(accessToken));
    expect(expired).toMatchObject({ status: "EXPIRED" });
    expect(model.authenticationProblem(expired)).toBe("Expired token");
    expect(isAdmin(expired)).toBe(false);
    clock.advance(TOKEN_SWEEP_DELAY_MS);
    const gone = await model.authenticate(bearer(accessToken));
    expect(model.authenticationProblem(gone)).toBe("Invalid token");
  });

  it("says Expired refresh token for an expired refresh token", async () => {
    const { model, clock } = authModel({ refreshTokenExpiryMinutes: 1 });
    const { refreshToken } = await model.login("admin@localhost", "admin");
    clock.advance(60_000);
    expect((await rejection(model.refresh(refreshToken, undefined))).message).toBe("Expired refresh token");
  });
});

describe("authenticate", () => {
  it("uses the cookie only when there is no Authorization header (case: Basic suppresses the cookie)", async () => {
    const { model } = authModel();
    const { accessToken } = await model.login("admin@localhost", "admin");
    expect(await model.authenticate({ accessCookie: accessToken })).toMatchObject({ via: "access-token" });
    expect(await model.authenticate({ authorization: "Basic YTpi", accessCookie: accessToken })).toBeUndefined();
    expect(await model.authenticate({ authorization: "Bearer", accessCookie: accessToken })).toBeUndefined();
    expect(await model.authenticate({ authorization: "Bearer ", accessCookie: accessToken })).toBeUndefined();
    expect(await model.authenticate({ authorization: "", accessCookie: accessToken })).toMatchObject({ via: "access-token" });
    expect(await model.authenticate({ authorization: `bEaReR ${accessToken}` })).toMatchObject({ via: "access-token" });
  });

  it("treats the admin secret as the system principal with admin authority", async () => {
    const { model, adminSecret } = authModel();
    const principal = (await model.authenticate(bearer(adminSecret))) as Principal;
    expect(principal).toMatchObject({ kind: "admin-secret", user: { id: 1, role: "SYSTEM" } });
    expect(isAdmin(principal)).toBe(true);
    expect(model.authenticationProblem(principal)).toBeUndefined();
  });

  it("gives system keys neither admin nor viewer powers, and follows the owner's current role", async () => {
    const { model } = authModel();
    const systemKey = await model.createApiKey({ user: model.user(1)!, name: "ci" });
    const principal = await model.authenticate(bearer(systemKey.key));
    expect(isAdmin(principal)).toBe(false);
    expect(isViewer(principal)).toBe(false);
    expect(model.isSystemKey(systemKey.apiKey)).toBe(true);
    const viewer = await member(model, "VIEWER");
    const viewerKey = await model.createApiKey({ user: viewer, name: "v" });
    expect(isViewer(await model.authenticate(bearer(viewerKey.key)))).toBe(true);
    viewer.role = "ADMIN";
    expect(isAdmin(await model.authenticate(bearer(viewerKey.key)))).toBe(true);
  });
});

describe("API keys", () => {
  it("revokes at once on delete, and on user deletion", async () => {
    const { model } = authModel();
    const user = await member(model);
    const { apiKey, key } = await model.createApiKey({ user, name: "mine", description: "d" });
    expect(model.apiKeys({ userId: user.id })).toEqual([apiKey]);
    expect(model.deleteApiKey(apiKey.id)).toBe(true);
    expect(await model.authenticate(bearer(key))).toBeUndefined();
    expect(model.deleteApiKey(apiKey.id)).toBe(false);
    const second = await model.createApiKey({ user, name: "again" });
    expect(second.apiKey.id).toBe(apiKey.id + 1);
    model.deleteUser(user);
    expect(await model.authenticate(bearer(second.key))).toBeUndefined();
    expect(model.apiKeys()).toEqual([]);
  });

  it("accepts a past expiry: the key is born expired", async () => {
    const { model, clock } = authModel();
    const { key } = await model.createApiKey({ user: model.user(1)!, name: "old", expiresAt: new Date(clock.now() - 1000) });
    expect(model.authenticationProblem(await model.authenticate(bearer(key)))).toBe("Expired token");
  });

  it("separates system keys from user keys, newest first", async () => {
    const { model, clock } = authModel();
    const admin = model.user(2)!;
    const a = await model.createApiKey({ user: admin, name: "a" });
    clock.advance(1000);
    const b = await model.createApiKey({ user: admin, name: "b" });
    const s = await model.createApiKey({ user: model.user(1)!, name: "s" });
    expect(model.apiKeys({ system: false }).map((k) => k.name)).toEqual([b.apiKey.name, a.apiKey.name]);
    expect(model.apiKeys({ system: true })).toEqual([s.apiKey]);
  });
});

describe("users", () => {
  it("reports email conflicts before username conflicts (as Phoenix's database does), case-insensitively for email", async () => {
    const { model } = authModel();
    await member(model);
    expect((await rejection(model.createUser({ email: "Member@example.com", username: "member", password: "pass1234", role: "MEMBER" }))).message).toBe(
      "Email already exists",
    );
    expect((await rejection(model.createUser({ email: "MEMBER@example.com", username: "other", password: "pass1234", role: "MEMBER" }))).message).toBe(
      "Email already exists",
    );
    expect((await rejection(model.createUser({ email: "fresh@example.com", username: "member", password: "pass1234", role: "MEMBER" }))).message).toBe(
      "Username already exists",
    );
  });

  it("creates users needing a reset; setPassword replaces the hash", async () => {
    const { model } = authModel();
    const user = await member(model);
    expect(user.passwordNeedsReset).toBe(true);
    await model.setPassword(user, "new-pass", false);
    expect(user.passwordNeedsReset).toBe(false);
    expect(await model.checkPassword(user, "pass1234")).toBe(false);
    expect(await model.checkPassword(user, "new-pass")).toBe(true);
  });

  it("applies the strong policy only when enabled", () => {
    expect(authModel().model.passwordProblem("abcd")).toBeUndefined();
    expect(authModel({ enableStrongPasswordPolicy: true }).model.passwordProblem("abcd")).toMatch(/^Password must be at least 12/);
  });
});

describe("timestamps", () => {
  it("stores user creation in whole seconds, like the database default, and updates with sub-second precision", async () => {
    const { model, clock } = authModel();
    clock.advance(1_234);
    const user = await member(model);
    expect(user.createdAt.getTime() % 1000).toBe(0);
    expect(user.updatedAt).toEqual(user.createdAt);
    clock.advance(10);
    await model.setPassword(user, "other-pass", false);
    expect(user.updatedAt.getTime() % 1000).not.toBe(0);
  });
});
