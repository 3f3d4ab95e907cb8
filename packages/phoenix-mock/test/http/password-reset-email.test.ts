/**
 * The emailed password reset beyond what test/conformance/password-reset-rest.test.ts records from a real Phoenix:
 * the token's expiry (PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES, on the mock's clock), the SMTP settings'
 * startup checks, the SMTP password kept out of logs, the email itself, and a failed send.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createManualClock, createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { opensslAvailable, SMTP_CATCHER_SKIP_REASON, startSmtpCatcher, type SmtpCatcher, type SmtpCatcherAuth } from "../../../../test/helpers/smtp-catcher.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { authMock, bearer, jsonInit } from "../helpers.js";

const SMTP = { hostname: "127.0.0.1", username: "catcher", password: "smtp-secret-value", validateCerts: false };
let open: { mock?: MockPhoenix; catcher?: SmtpCatcher } = {};
afterEach(async () => {
  await open.mock?.close();
  await open.catcher?.close();
  open = {};
});

async function userWithCatcher(options: { passwordResetTokenExpiryMinutes?: number } = {}, catcherOptions: SmtpCatcherAuth = {}) {
  const catcher = await startSmtpCatcher(0, catcherOptions);
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const mock = authMock({ clock, smtp: { ...SMTP, port: catcher.port, mailFrom: "phoenix@example.com" }, ...options });
  open = { mock, catcher };
  const email = "reset@example.com";
  const created = await mock.request("/graphql", jsonInit("POST", {
    query: "mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } } }",
    variables: { input: { email, username: "reset", password: generatePassword("first-"), role: "MEMBER" } },
  }, bearer(mock.adminSecret!)));
  expect(created.status).toBe(200);
  const requestLink = async () => {
    const response = await mock.request("/auth/password-reset-email", jsonInit("POST", { email }, { referer: "http://phoenix.example:8080/forgot-password" }));
    expect(response.status).toBe(204);
    const caught = await catcher.next(10_000);
    return { caught, token: new URL(/href="([^"]+)"/.exec(caught.body)![1]!.replace(/&amp;/g, "&")).searchParams.get("token")! };
  };
  const reset = (token: string) => mock.request("/auth/password-reset", jsonInit("POST", { token, password: generatePassword("Pw-") }));
  return { mock, clock, catcher, email, requestLink, reset };
}

const smtp = opensslAvailable();
if (!smtp) console.log(SMTP_CATCHER_SKIP_REASON);

describe.skipIf(!smtp)("password reset by email", () => {
  it("sends Phoenix's subject over STARTTLS with a login, from PHOENIX_SMTP_MAIL_FROM, linking to the referring origin", async () => {
    const { requestLink, email } = await userWithCatcher();
    const { caught } = await requestLink();
    expect({ from: caught.from, to: caught.to, subject: caught.subject, tls: caught.tls, user: caught.user }).toEqual({
      from: "phoenix@example.com", to: [email], subject: "[Phoenix] Password Reset Request", tls: true, user: "catcher",
    });
    expect(caught.body).toMatch(/href="http:\/\/phoenix\.example:8080\/reset-password-with-token\?token=[\w.-]+"/);
  });

  it("a token works until PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES have passed (default 15), then answers Invalid token", async () => {
    const { clock, requestLink, reset } = await userWithCatcher();
    const { token } = await requestLink();
    clock.advance(15 * 60_000);
    const late = await reset(token);
    expect([late.status, await late.text()]).toEqual([401, "Invalid token"]);
    const { token: fresh } = await requestLink();
    clock.advance(15 * 60_000 - 1);
    expect((await reset(fresh)).status).toBe(204);
  });

  it("honours a shorter PHOENIX_PASSWORD_RESET_TOKEN_EXPIRY_MINUTES", async () => {
    const { clock, requestLink, reset } = await userWithCatcher({ passwordResetTokenExpiryMinutes: 1 });
    const { token } = await requestLink();
    clock.advance(60_000);
    expect((await reset(token)).status).toBe(401);
  });

  it("logs in with LOGIN, the username on the AUTH line, where that is all the server offers", async () => {
    const { requestLink } = await userWithCatcher({}, { offer: "LOGIN" });
    expect((await requestLink()).caught.user).toBe("catcher");
  });

  it("wrong SMTP credentials are a bare 500, as Phoenix's unhandled exception", async () => {
    // The server offers only CRAM-MD5, whose answer it checks against another password: 535, nothing else to try.
    const { mock, email } = await userWithCatcher({}, { offer: "CRAM-MD5", password: "another-password" });
    const response = await mock.request("/auth/password-reset-email", jsonInit("POST", { email }));
    expect([response.status, await response.text()]).toEqual([500, "Internal Server Error"]);
  });

  it("a send that fails (nothing listening) is a bare 500, as Phoenix's unhandled exception", async () => {
    const { mock, catcher, email } = await userWithCatcher();
    await catcher.close();
    open.catcher = undefined;
    const response = await mock.request("/auth/password-reset-email", jsonInit("POST", { email }));
    expect([response.status, await response.text()]).toEqual([500, "Internal Server Error"]);
  });
});

describe("SMTP settings", () => {
  it("PHOENIX_SMTP_HOSTNAME needs a username and a password; the port is 1–65535; certificates are checked by default", () => {
    const base = { PHOENIX_ENABLE_AUTH: "false", PHOENIX_SMTP_HOSTNAME: "smtp.example" };
    expect(() => createMockPhoenix({ env: base })).toThrow(/PHOENIX_SMTP_USERNAME/);
    expect(() => createMockPhoenix({ env: { ...base, PHOENIX_SMTP_USERNAME: "u" } })).toThrow(/PHOENIX_SMTP_PASSWORD/);
    const full = { ...base, PHOENIX_SMTP_USERNAME: "u", PHOENIX_SMTP_PASSWORD: "p" };
    expect(() => createMockPhoenix({ env: { ...full, PHOENIX_SMTP_PORT: "70000" } })).toThrow(/PHOENIX_SMTP_PORT/);
    expect(() => createMockPhoenix({ env: { ...full, PHOENIX_SMTP_VALIDATE_CERTS: "maybe" } })).toThrow(/PHOENIX_SMTP_VALIDATE_CERTS/);
    const mock = createMockPhoenix({ env: full });
    expect(mock.config.smtp).toEqual({ hostname: "smtp.example", port: 587, username: "u", mailFrom: "noreply@arize.com", validateCerts: true });
    expect(mock.config.smtp?.password).toBe("p");
    expect(createMockPhoenix({ env: { PHOENIX_SMTP_HOSTNAME: "" } }).config.smtp).toBeUndefined();
  });

  it("the SMTP password stays out of the configuration's JSON and its printed form", async () => {
    const mock = createMockPhoenix({ smtp: { ...SMTP, port: 2525 } });
    const { inspect } = await import("node:util");
    expect(JSON.stringify(mock.config)).not.toContain(SMTP.password);
    expect(inspect(mock.config, { depth: 5 })).not.toContain(SMTP.password);
  });
});
