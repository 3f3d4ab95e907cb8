/**
 * The emailed password reset of Phoenix 20.26.1 in the browser, on a real Phoenix (started with PHOENIX_SMTP_* aimed
 * at PHOENIX_CONFORMANCE_SMTP_PORT, where this file's SMTP catcher listens) and on the mock's server with SMTP: a reset
 * is requested, the link is taken from the caught email, its page focuses "New Password", checks the fields as
 * Phoenix does, resets, and the new password logs in; the used link is then refused. The reset is asked for on the
 * login page's "Forgot your password?" (shown when SMTP is configured).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_SKIP_REASON, findChromium, launchChromium, newContext } from "../../../../test/helpers/browser.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { opensslAvailable, SMTP_CATCHER_SKIP_REASON, startSmtpCatcher, type SmtpCatcher } from "../../../../test/helpers/smtp-catcher.js";
import { logIn } from "../pages/walk.js";
import { createUser, realConfigured, linkFromEmail, startServer, type Server } from "./browser-servers.js";
import { selectedTargets } from "./targets.js";

// Real Phoenix's UI loads slowly on a busy machine: generous waits (no time is asserted).
const UI_TIMEOUT = 30_000;
const realSmtpPort = Number(process.env.PHOENIX_CONFORMANCE_SMTP_PORT) || undefined;
const chromium = findChromium();
const openssl = opensslAvailable();
if (!openssl) console.log(SMTP_CATCHER_SKIP_REASON);
const targets = selectedTargets().filter((name) => name === "real" || name === "mock-server");
if (!chromium) console.log(`conformance browser password reset: ${BROWSER_SKIP_REASON}`);
else if (targets.includes("real") && realConfigured && !realSmtpPort) {
  console.log("conformance browser password reset: PHOENIX_CONFORMANCE_SMTP_PORT unset (the real server has no SMTP to catch): real skipped");
}

for (const name of targets) {
  const runnable = openssl && !!chromium && (name !== "real" || (realConfigured && !!realSmtpPort));
  describe.skipIf(!runnable)(`conformance browser password reset: ${name}`, () => {
    let browser: Browser;
    let server: Server;
    let catcher: SmtpCatcher;
    beforeAll(async () => {
      catcher = await startSmtpCatcher(name === "real" ? realSmtpPort : 0);
      const smtp = { hostname: "127.0.0.1", port: catcher.port, username: "catcher", password: "catcher-pass", validateCerts: false };
      [browser, server] = await Promise.all([launchChromium(), startServer(name, { smtp })]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await catcher?.close();
    });

    it("reset link from the email → \"New Password\" focused → Phoenix's field checks → reset → the new password logs in; the used link is refused", async () => {
      const email = `forgot${Date.now()}@example.com`;
      await createUser(server, email, generatePassword("first-"), "MEMBER");
      const page = await (await newContext(browser)).newPage();
      // Login → "Forgot your password?" → the email (typed in capitals: the page trims and lowercases it) → "Send".
      await page.goto(`${server.url}/login`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.waitForURL(/\/forgot-password$/, { timeout: UI_TIMEOUT });
      await page.getByRole("heading", { name: "Forgot Password" }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByLabel("Email").fill(` ${email.toUpperCase()}`);
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor({ timeout: UI_TIMEOUT });
      const link = await linkFromEmail(server, catcher, email);
      await page.goto(link);
      const newPassword = page.getByLabel("New Password");
      await newPassword.waitFor({ timeout: UI_TIMEOUT });
      await expect.poll(() => newPassword.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

      // Empty: the browser's own required check stops the form (no request, no message of the page's).
      await page.getByRole("button", { name: "Reset Password" }).click();
      expect(await newPassword.evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(true);
      expect(new URL(page.url()).pathname).toBe("/reset-password-with-token");
      // Too short, and a confirmation that differs: both fields marked invalid, with Phoenix's messages.
      await newPassword.fill("abc");
      await page.getByLabel("Confirm Password").fill("abcd");
      await page.getByRole("button", { name: "Reset Password" }).click();
      await page.getByText("Passwords do not match").waitFor({ timeout: UI_TIMEOUT });
      await expect.poll(() => newPassword.getAttribute("aria-invalid")).toBe("true");
      await page.getByText("Password must be at least 4 characters").first().waitFor({ timeout: UI_TIMEOUT });
      const password = generatePassword("Reset-");
      await newPassword.fill(password);
      await page.getByLabel("Confirm Password").fill(`${password}x`);
      await page.getByRole("button", { name: "Reset Password" }).click();
      await page.getByText("Passwords do not match").waitFor({ timeout: UI_TIMEOUT });
      await page.getByLabel("Confirm Password").fill(password);
      await page.getByRole("button", { name: "Reset Password" }).click();
      await page.waitForURL(/\/login\?message=password_reset$/, { timeout: UI_TIMEOUT });
      await page.getByText("Password has been reset.").waitFor({ timeout: UI_TIMEOUT });
      await logIn(page, email, password);
      await page.waitForURL(/\/projects/, { timeout: UI_TIMEOUT });
      expect(new URL(page.url()).pathname).toBe("/projects");

      // The link works once: its page now shows the server's refusal.
      await page.goto(link);
      await page.getByLabel("New Password").fill(password);
      await page.getByLabel("Confirm Password").fill(password);
      await page.getByRole("button", { name: "Reset Password" }).click();
      await page.getByText("Invalid token", { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    }, 150_000);
  });
}
