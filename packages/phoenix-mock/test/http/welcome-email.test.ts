/**
 * Welcome emails: Phoenix sends one after creating a user with `send_welcome_email` (REST, default true) or
 * `sendWelcomeEmail` (GraphQL, default false) when SMTP is configured, for LOCAL, OAUTH2 and LDAP users alike; a
 * failed send leaves the user created. Real Phoenix's answers for these users: contract case rest-users-oauth2-ldap.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type MockPhoenix } from "../../src/index.js";
import { opensslAvailable, SMTP_CATCHER_SKIP_REASON, startSmtpCatcher, type SmtpCatcher, type SmtpCatcherAuth } from "../../../../test/helpers/smtp-catcher.js";
import { authMock, bearer, jsonInit } from "../helpers.js";

const SMTP = { hostname: "127.0.0.1", username: "catcher", password: "smtp-secret-value", validateCerts: false, mailFrom: "phoenix@example.com" };
let open: { mock?: MockPhoenix; catcher?: SmtpCatcher } = {};
afterEach(async () => {
  await open.mock?.close();
  await open.catcher?.close();
  open = {};
});

async function mockWithCatcher(options: { rootUrl?: string } = {}, auth: SmtpCatcherAuth = {}) {
  const catcher = await startSmtpCatcher(0, auth);
  const mock = authMock({ smtp: { ...SMTP, port: catcher.port }, port: 6123, ...options });
  open = { mock, catcher };
  const admin = bearer(mock.adminSecret!);
  const rest = (user: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    mock.request("/v1/users", jsonInit("POST", { user: { role: "MEMBER", ...user }, ...extra }, admin));
  const gql = (input: Record<string, unknown>) =>
    mock.request("/graphql", jsonInit("POST", { query: "mutation($input:CreateUserInput!){createUser(input:$input){user{id}}}", variables: { input } }, admin));
  return { mock, catcher, rest, gql };
}

const smtp = opensslAvailable();
if (!smtp) console.log(SMTP_CATCHER_SKIP_REASON);

describe.skipIf(!smtp)("welcome emails", () => {
  it("POST /v1/users sends one by default to a LOCAL, OAUTH2 and LDAP user: Phoenix's subject, a link to the root URL", async () => {
    const { catcher, rest } = await mockWithCatcher();
    for (const auth_method of ["LOCAL", "OAUTH2", "LDAP"]) {
      const name = auth_method.toLowerCase();
      const response = await rest({ auth_method, email: ` ${name.toUpperCase()}@Example.com`, username: name });
      expect(response.status).toBe(201);
      const caught = await catcher.next(10_000);
      expect({ from: caught.from, to: caught.to, subject: caught.subject, tls: caught.tls, user: caught.user }).toEqual({
        from: "phoenix@example.com", to: [`${name}@example.com`], subject: "[Phoenix] Welcome to Arize Phoenix", tls: true, user: "catcher",
      });
      expect(caught.body).toContain(`Hi ${name},`);
      expect(caught.body).toMatch(/<a id="welcome-url" href="http:\/\/127\.0\.0\.1:6123">/);
    }
    expect(catcher.emails).toHaveLength(3);
  });

  it("links to PHOENIX_ROOT_URL when set, and escapes the username", async () => {
    const { catcher, rest } = await mockWithCatcher({ rootUrl: "https://phoenix.example/base" });
    expect((await rest({ auth_method: "OAUTH2", email: "a@example.com", username: "<b>&" }, { send_welcome_email: "yes" })).status).toBe(201);
    const caught = await catcher.next(10_000);
    expect(caught.body).toContain('href="https://phoenix.example/base"');
    expect(caught.body).toContain("Hi &lt;b&gt;&amp;,");
  });

  it("sends none with send_welcome_email false (or a false word), nor for a refused creation", async () => {
    const { catcher, rest } = await mockWithCatcher();
    expect((await rest({ auth_method: "LOCAL", email: "l@example.com", username: "l" }, { send_welcome_email: false })).status).toBe(201);
    expect((await rest({ auth_method: "LDAP", email: "d@example.com", username: "d" }, { send_welcome_email: "off" })).status).toBe(201);
    expect((await rest({ auth_method: "OAUTH2", email: "l@example.com", username: "o" })).status).toBe(409);
    expect((await rest({ auth_method: "OAUTH2", email: "x@example.com", username: "x" }, { send_welcome_email: "maybe" })).status).toBe(422);
    expect(catcher.emails).toEqual([]);
  });

  it("GraphQL createUser sends one only with sendWelcomeEmail: true; not to an address its sender cannot read", async () => {
    const { catcher, gql } = await mockWithCatcher();
    const ok = async (input: Record<string, unknown>) => expect((await (await gql({ role: "VIEWER", ...input })).json() as { errors?: unknown }).errors).toBeUndefined();
    await ok({ email: "plain@example.com", username: "plain", authMethod: "OAUTH2" });
    await ok({ email: "no-address", username: "noaddress", authMethod: "OAUTH2", sendWelcomeEmail: true });
    await ok({ email: "ldap@example.com", username: "ldap", authMethod: "LDAP", sendWelcomeEmail: true });
    expect(catcher.emails.map((email) => [email.to, email.subject])).toEqual([[["ldap@example.com"], "[Phoenix] Welcome to Arize Phoenix"]]);
  });

  it("logs in as Python's smtplib: CRAM-MD5 first, then PLAIN after a refusal; a user created even when all are refused", async () => {
    const cram = await mockWithCatcher({}, { offer: "LOGIN CRAM-MD5", password: SMTP.password, refuse: ["LOGIN"] });
    expect((await cram.rest({ auth_method: "LDAP", email: "c@example.com", username: "c" })).status).toBe(201);
    expect(cram.catcher.emails.map((email) => email.user)).toEqual(["catcher"]);
    await open.mock?.close();
    await open.catcher?.close();
    const fallback = await mockWithCatcher({}, { offer: "CRAM-MD5 PLAIN", password: "not-the-password" });
    expect((await fallback.rest({ auth_method: "LDAP", email: "p@example.com", username: "p" })).status).toBe(201);
    expect(fallback.catcher.emails.map((email) => email.user)).toEqual(["catcher"]);
    await open.mock?.close();
    await open.catcher?.close();
    const refused = await mockWithCatcher({}, { offer: "CRAM-MD5 PLAIN", password: "not-the-password", refuse: ["PLAIN"] });
    expect((await refused.rest({ auth_method: "LDAP", email: "r@example.com", username: "r" })).status).toBe(201);
    expect(refused.catcher.emails).toEqual([]);
  });

  it("a failed send (nothing listening) is only logged: the user is created", async () => {
    const { mock, catcher, rest } = await mockWithCatcher();
    await catcher.close();
    open.catcher = undefined;
    const response = await rest({ auth_method: "LDAP", email: "late@example.com", username: "late" });
    expect(response.status).toBe(201);
    const listed = await mock.request("/v1/users?limit=1", { headers: bearer(mock.adminSecret!) });
    expect(((await listed.json()) as { data: unknown[] }).data[0]).toMatchObject({ email: "late@example.com", auth_method: "LDAP" });
  });
});
