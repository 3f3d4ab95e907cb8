/**
 * The REST side of Phoenix 20.26.1's emailed password reset, with SMTP on: the answers of /auth/password-reset-email
 * and /auth/password-reset through one user's story (unknown email, two requests, the first token revoked by the
 * second, checks in Phoenix's order, the reset logging the user out, the token used up). Recorded from a real
 * Phoenix started with PHOENIX_SMTP_* aimed at PHOENIX_CONFORMANCE_SMTP_PORT (PHOENIX_CONFORMANCE_UPDATE_EXPECTED=1
 * writes password-reset-rest.expected.json); the mock's server, with SMTP aimed at a catcher, must answer the same.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { opensslAvailable, SMTP_CATCHER_SKIP_REASON, startSmtpCatcher, type SmtpCatcher } from "../../../../test/helpers/smtp-catcher.js";
import { createUser, realConfigured, requestResetLink, startServer, type Server } from "./browser-servers.js";
import { selectedTargets } from "./targets.js";

const EXPECTED = new URL("./password-reset-rest.expected.json", import.meta.url);
const realSmtpPort = Number(process.env.PHOENIX_CONFORMANCE_SMTP_PORT) || undefined;
const openssl = opensslAvailable();
if (!openssl) console.log(SMTP_CATCHER_SKIP_REASON);
const targets = selectedTargets().filter((name) => name === "real" || name === "mock-server");
const update = process.env.PHOENIX_CONFORMANCE_UPDATE_EXPECTED === "1";

type Step = [string, number, string];

async function post(server: Server, path: string, body: unknown, cookie?: string): Promise<{ status: number; text: string; cookies: string[] }> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", referer: `${server.url}/login`, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text(), cookies: response.headers.getSetCookie() };
}

for (const name of targets) {
  const runnable = openssl && (name !== "real" || (realConfigured && !!realSmtpPort));
  describe.skipIf(!runnable || (update && name !== "real"))(`password reset over REST with SMTP: ${name}`, () => {
    let server: Server;
    let catcher: SmtpCatcher;
    beforeAll(async () => {
      catcher = await startSmtpCatcher(name === "real" ? realSmtpPort : 0);
      server = await startServer(name, { smtp: { hostname: "127.0.0.1", port: catcher.port, username: "catcher", password: "catcher-pass", validateCerts: false } });
    });
    afterAll(async () => {
      await server?.stop();
      await catcher?.close();
    });

    it("request, revoke by a later request, checks, reset, logout, reuse", async () => {
      const steps: Step[] = [];
      const record = (label: string, answer: { status: number; text: string }) => steps.push([label, answer.status, answer.text]);
      const email = `rest${Date.now()}@example.com`;
      const first = generatePassword("first-");
      await createUser(server, email, first, "MEMBER");
      const login = await post(server, "/auth/login", { email, password: first });
      record("login", login);
      const session = login.cookies.map((c) => c.split(";")[0]).join("; ");

      record("email: none", await post(server, "/auth/password-reset-email", {}));
      record("email: a number", await post(server, "/auth/password-reset-email", { email: 5 }));
      record("email: blank", await post(server, "/auth/password-reset-email", { email: "   " }));
      record("email: unknown user", await post(server, "/auth/password-reset-email", { email: `nobody${Date.now()}@example.com` }));
      const token = (link: string) => new URL(link).searchParams.get("token")!;
      const older = token(await requestResetLink(server, catcher, email));
      // Sanitized as at login: the address in capitals with spaces around reaches the same user.
      const newer = token(await requestResetLink(server, catcher, ` ${email.toUpperCase()} `, email));
      expect(catcher.emails.length).toBe(2);
      expect(newer).not.toBe(older);

      const password = generatePassword("Reset-");
      record("reset: no password", await post(server, "/auth/password-reset", { token: newer }));
      record("reset: no token", await post(server, "/auth/password-reset", { password }));
      record("reset: token a number", await post(server, "/auth/password-reset", { token: 5, password }));
      record("reset: garbage token", await post(server, "/auth/password-reset", { token: "not-a-token", password }));
      record("reset: revoked token", await post(server, "/auth/password-reset", { token: older, password }));
      record("reset: short password", await post(server, "/auth/password-reset", { token: newer, password: "ab" }));
      record("reset: new password", await post(server, "/auth/password-reset", { token: newer, password }));
      record("reset: token again", await post(server, "/auth/password-reset", { token: newer, password }));
      record("old session refresh", await post(server, "/auth/refresh", {}, session));
      record("login: old password", await post(server, "/auth/login", { email, password: first }));
      record("login: new password", await post(server, "/auth/login", { email, password }));

      if (update) writeFileSync(EXPECTED, `${JSON.stringify(steps, null, 2)}\n`);
      else expect(steps).toEqual(JSON.parse(readFileSync(EXPECTED, "utf8")));
    }, 120_000);
  });
}
