/**
 * The docs' setup steps as a user walks them in the browser, written only against accessible names that Phoenix
 * 20.26.1's UI and the mock's pages share, so the same walk runs on both (test/conformance/browser.test.ts runs it
 * on a real Phoenix).
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";

export type Snap = (page: Page, step: string) => Promise<void>;

const UI_TIMEOUT = 15_000;

/** Fills the login form and submits it. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log In" }).click();
}

/** Visits `/`, expects the login screen, logs in; when the password must be reset, resets it and logs in again. */
export async function loginThroughReset(page: Page, base: string, user: { email: string; password: string; newPassword: string }, snap: Snap): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login\?returnUrl=%2Fprojects$/, { timeout: UI_TIMEOUT });
  await page.getByRole("button", { name: "Log In" }).waitFor();
  await snap(page, "login");
  await logIn(page, user.email, user.password);
  await page.waitForURL(/\/reset-password$/, { timeout: UI_TIMEOUT });
  await page.getByLabel("Old Password").waitFor();
  await snap(page, "reset-password");
  await page.getByLabel("Old Password").fill(user.password);
  await page.getByLabel("New Password").fill(user.newPassword);
  await page.getByLabel("Confirm Password").fill(user.newPassword);
  await page.getByRole("button", { name: "Reset Password" }).click();
  await page.waitForURL(/\/login\?message=password_reset$/, { timeout: UI_TIMEOUT });
  await page.getByText("Password has been reset.").waitFor();
  await logIn(page, user.email, user.newPassword);
  await page.waitForURL(/\/projects/, { timeout: UI_TIMEOUT });
}

/** Settings → API Keys → "System Key" → create → the one-time key, copied with "Copy to clipboard". */
export async function createSystemKey(page: Page, base: string, name: string, snap: Snap): Promise<string> {
  await page.goto(`${base}/settings/api-keys`);
  await page.getByRole("tab", { name: "API Keys" }).waitFor({ timeout: UI_TIMEOUT });
  await page.getByRole("button", { name: "System Key" }).click();
  const create = page.getByRole("dialog", { name: "Create an API Key" });
  await create.getByLabel("Name").fill(name);
  await snap(page, "create-system-key");
  await create.getByRole("button", { name: "Create Key" }).click();
  const shown = page.getByRole("dialog", { name: "New API Key Created" });
  const key = await shown.getByRole("textbox", { name: "API Key" }).inputValue({ timeout: UI_TIMEOUT });
  await shown.getByRole("button", { name: "Copy to clipboard" }).first().click();
  const copied = String(await page.evaluate("navigator.clipboard.readText()"));
  expect(copied).toBe(key);
  await snap(page, "key-created");
  await shown.getByRole("button", { name: "dismiss", exact: true }).click();
  await shown.waitFor({ state: "detached" });
  // The key was shown once: it is in neither the page nor its URL any more.
  expect(await page.content()).not.toContain(key);
  expect(page.url()).not.toContain(key);
  await page.getByRole("cell", { name, exact: true }).first().waitFor();
  return copied;
}

/** /projects → the project's card → its page shows the span by name. */
export async function seeSpanOnProjectPage(page: Page, base: string, project: string, spanName: string, snap: Snap, timeout = UI_TIMEOUT): Promise<void> {
  await page.goto(`${base}/projects`);
  await page.getByRole("heading", { name: project, exact: true }).click({ timeout });
  await page.getByText(spanName, { exact: true }).first().waitFor({ timeout });
  await snap(page, "span-on-project-page");
}
