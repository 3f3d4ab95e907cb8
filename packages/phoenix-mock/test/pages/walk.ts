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

/** The projects page as a user of a role sees it: whether "New Project" is offered, once the page has loaded. */
export async function seesNewProjectButton(page: Page, base: string): Promise<boolean> {
  await page.goto(`${base}/projects`);
  await page.getByRole("searchbox", { name: "Search projects by name" }).waitFor({ timeout: UI_TIMEOUT });
  await page.getByRole("heading", { name: "default", exact: true }).waitFor({ timeout: UI_TIMEOUT });
  return (await page.getByRole("button", { name: "New Project" }).count()) > 0;
}

/** Types into "Search projects by name" key by key: only the projects whose name contains the text stay listed. */
export async function searchProjects(page: Page, base: string, text: string, kept: string, dropped: string, snap: Snap): Promise<void> {
  await page.goto(`${base}/projects`);
  const search = page.getByRole("searchbox", { name: "Search projects by name" });
  expect(await search.getAttribute("placeholder")).toBe("Search projects by name");
  for (const name of [kept, dropped]) await page.getByRole("heading", { name, exact: true }).waitFor({ timeout: UI_TIMEOUT });
  await search.pressSequentially(text, { delay: 20 });
  await page.getByRole("heading", { name: dropped, exact: true }).waitFor({ state: "detached", timeout: UI_TIMEOUT });
  await page.getByRole("heading", { name: kept, exact: true }).waitFor({ timeout: UI_TIMEOUT });
  expect(await page.getByRole("heading", { name: "default", exact: true }).count()).toBe(0);
  await snap(page, "projects-searched");
  await search.fill("");
  await page.getByRole("heading", { name: dropped, exact: true }).waitFor({ timeout: UI_TIMEOUT });
}

/** Wrong passwords on the login page: "Invalid login" while the server answers 401, Phoenix's text once it answers 429. */
export async function loginUntilLockedOut(page: Page, base: string, email: string, wrongPassword: string, snap: Snap): Promise<number[]> {
  await page.goto(`${base}/login`);
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/auth/login", { timeout: UI_TIMEOUT });
    await logIn(page, email, wrongPassword);
    statuses.push((await answered).status());
    const text = statuses.at(-1) === 429 ? "Too many requests. Please try again later." : "Invalid login";
    await page.getByText(text, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole("button", { name: "Log In" }).waitFor({ timeout: UI_TIMEOUT });
  }
  await snap(page, "locked-out");
  return statuses;
}

/** "New Project" → the "New project" dialog → Create: Phoenix's toast, then the new project's page. */
export async function createProjectInDialog(page: Page, base: string, project: string, snap: Snap): Promise<void> {
  await page.goto(`${base}/projects`);
  await page.getByRole("button", { name: "New Project" }).click({ timeout: UI_TIMEOUT });
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Name").fill(project);
  await snap(page, "new-project");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByText(`Project "${project}" has been successfully created.`).waitFor({ timeout: UI_TIMEOUT });
  await page.waitForURL((url) => /^\/projects\/[^/]+/.test(url.pathname), { timeout: UI_TIMEOUT });
  await dialog.waitFor({ state: "detached" });
  await page.goto(`${base}/projects`);
  await page.getByRole("heading", { name: project, exact: true }).waitFor({ timeout: UI_TIMEOUT });
}
