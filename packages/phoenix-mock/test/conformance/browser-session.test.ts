/**
 * The session flows of Phoenix 20.26.1's UI on the real servers (a real Phoenix when configured, and the mock's
 * server): an expired access token is refreshed in the background (POST /auth/refresh, then the request again);
 * a refresh that fails sends the page to /login with its returnUrl.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_SKIP_REASON, findChromium, launchChromium, newContext } from "../../../../test/helpers/browser.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { loginThroughReset } from "../pages/walk.js";
import { createUser, realConfigured, startServer, type Server } from "./browser-servers.js";
import { selectedTargets } from "./targets.js";

const ACCESS = "phoenix-access-token";
const REFRESH = "phoenix-refresh-token";
// Real Phoenix's UI loads slowly on a busy machine: generous waits (no time is asserted).
const UI_TIMEOUT = 30_000;
/** /login with the projects page as its returnUrl (Phoenix's page carries its time range: /projects?timeRangeKey=7d). */
const RETURN_TO_PROJECTS = /\/login\?returnUrl=%2Fprojects(%3F[^&]*)?$/;

const chromium = findChromium();
const targets = selectedTargets().filter((name) => name === "real" || name === "mock-server");
if (!chromium) console.log(`conformance browser session: ${BROWSER_SKIP_REASON}`);

async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name).sort();
}

/** The projects page has loaded (its search box and the default project). */
async function onProjectsPage(page: Page): Promise<void> {
  await page.getByRole("searchbox", { name: "Search projects by name" }).waitFor({ timeout: UI_TIMEOUT });
  await page.getByRole("heading", { name: "default", exact: true }).waitFor({ timeout: UI_TIMEOUT });
}

for (const name of targets) {
  const runnable = !!chromium && (name !== "real" || realConfigured);
  describe.skipIf(!runnable)(`conformance browser session: ${name}`, () => {
    let browser: Browser;
    let server: Server;
    beforeAll(async () => {
      [browser, server] = await Promise.all([launchChromium(), startServer(name)]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /** A fresh admin, logged in (through the forced reset) on the projects page. */
    async function loggedIn(): Promise<{ context: BrowserContext; page: Page }> {
      const email = `session${Date.now()}${Math.floor(Math.random() * 1e6)}@example.com`;
      const password = generatePassword("first-");
      await createUser(server, email, password);
      const context = await newContext(browser);
      const page = await context.newPage();
      await loginThroughReset(page, server.url, { email, password, newPassword: generatePassword("Pw-") }, async () => undefined);
      await onProjectsPage(page);
      return { context, page };
    }

    it("without its access-token cookie the app refreshes the session in the background and stays open", async () => {
      const { context, page } = await loggedIn();
      expect(await cookieNames(context)).toEqual([ACCESS, REFRESH]);
      const oldRefresh = (await context.cookies()).find((cookie) => cookie.name === REFRESH)!.value;
      await context.clearCookies({ name: ACCESS });
      expect(await cookieNames(context)).toEqual([REFRESH]);
      const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === "/auth/refresh");
      await page.reload();
      expect((await refreshed).status()).toBe(204);
      await onProjectsPage(page);
      expect(new URL(page.url()).pathname).toBe("/projects");
      expect(await cookieNames(context)).toEqual([ACCESS, REFRESH]);
      // The refresh token is single use: the refresh set a new one beside the new access token.
      expect((await context.cookies()).find((cookie) => cookie.name === REFRESH)!.value).not.toBe(oldRefresh);
    }, 150_000);

    it("without either session cookie the page lands on /login with its returnUrl", async () => {
      const { context, page } = await loggedIn();
      await context.clearCookies();
      await page.reload();
      await page.waitForURL(RETURN_TO_PROJECTS, { timeout: UI_TIMEOUT });
      await page.getByRole("button", { name: "Log In" }).waitFor({ timeout: UI_TIMEOUT });
    }, 150_000);

    it("when the refresh answer fails the page lands on /login with its returnUrl", async () => {
      const { context, page } = await loggedIn();
      await context.clearCookies({ name: ACCESS });
      let refreshes = 0;
      await page.route("**/auth/refresh", async (route) => {
        refreshes += 1;
        await route.fulfill({ status: 500, body: "Internal Server Error" });
      });
      await page.reload();
      await page.waitForURL(RETURN_TO_PROJECTS, { timeout: UI_TIMEOUT });
      await page.getByRole("button", { name: "Log In" }).waitFor({ timeout: UI_TIMEOUT });
      expect(refreshes).toBeGreaterThan(0);
    }, 150_000);

    it("when the refresh does not answer in time the page lands on /login (Phoenix's timeout, shortened by its test hook)", async () => {
      const { context, page } = await loggedIn();
      await context.clearCookies({ name: ACCESS });
      await page.addInitScript(() => Object.assign(globalThis, { __PHOENIX_AUTH_REFRESH_TIMEOUT_MS__: 1000 }));
      let refreshes = 0;
      await page.route("**/auth/refresh", () => void (refreshes += 1)); // held: never answered
      await page.reload();
      await page.waitForURL(RETURN_TO_PROJECTS, { timeout: UI_TIMEOUT });
      await page.getByRole("button", { name: "Log In" }).waitFor({ timeout: UI_TIMEOUT });
      expect(refreshes).toBeGreaterThan(0);
    }, 150_000);
  });
}
