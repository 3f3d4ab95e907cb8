/**
 * The docs' browser walk (test/pages/walk.ts) on the conformance targets that are real servers: a real
 * Phoenix when configured (CI's conformance stage), and the mock's server, so the one walk, written against the
 * accessible names, is proven on both. The walk logs in as a fresh admin created with the admin secret, so the
 * default admin stays untouched for the other cases.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "phoenix-otel-auth";
import { BROWSER_SKIP_REASON, findChromium, launchChromium, newContext, screenshotter } from "../../../../test/helpers/browser.js";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { createProjectInDialog, createSystemKey, loginThroughReset, loginUntilLockedOut, searchProjects, seeSpanOnProjectPage, seesNewProjectButton } from "../pages/walk.js";
import { createUser, realConfigured, startServer, type Server } from "./browser-servers.js";
import { selectedTargets } from "./targets.js";

const chromium = findChromium();
const targets = selectedTargets().filter((name) => name === "real" || name === "mock-server");
if (!chromium) console.log(`conformance browser walk: ${BROWSER_SKIP_REASON}`);
else if (targets.includes("real") && !realConfigured) console.log("conformance browser walk: real target selected but PHOENIX_CONFORMANCE_URL / _ADMIN_SECRET unset: skipped");

for (const name of targets) {
  const runnable = !!chromium && (name !== "real" || realConfigured);
  describe.skipIf(!runnable)(`conformance browser walk: ${name}`, () => {
    let browser: Browser;
    let server: Server;
    beforeAll(async () => {
      [browser, server] = await Promise.all([launchChromium(), startServer(name)]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("login screen → first login → forced reset → system key created and copied → an exported span on the project page", async () => {
      const stamp = `${Date.now()}`;
      const email = `walker${stamp}@example.com`;
      const password = generatePassword("first-");
      await createUser(server, email, password);
      const page = await (await newContext(browser)).newPage();
      const snap = screenshotter(`conformance-${name}`);
      await loginThroughReset(page, server.url, { email, password, newPassword: generatePassword("Pw-") }, snap);
      const key = await createSystemKey(page, server.url, `walk key ${stamp}`, snap);

      const project = `walk-${stamp}`;
      const provider = register({ url: server.url, apiKey: key, projectName: project, batch: false, global: false, flushOnExit: false });
      provider.getTracer("walk").startSpan(`walk-span-${stamp}`).end();
      await provider.forceFlush();
      await provider.shutdown();
      expect(provider.phoenix.stats().exported).toBe(1);
      // Real Phoenix makes spans readable after its insertion delay: wait for the read-back before opening the page.
      await expect
        .poll(async () => (await fetch(`${server.url}/v1/projects/${project}/spans`, { headers: { authorization: `Bearer ${key}` } })).status, { timeout: 45_000, interval: 500 })
        .toBe(200);
      await expect
        .poll(async () => ((await (await fetch(`${server.url}/v1/projects/${project}/spans`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: unknown[] }).data.length, { timeout: 45_000, interval: 500 })
        .toBe(1);
      await seeSpanOnProjectPage(page, server.url, project, `walk-span-${stamp}`, snap, 45_000);
    }, 120_000);

    it("the projects page: \"New Project\" for admins and members, none for a viewer; \"Search projects by name\" filters as one types; a project made in the dialog", async () => {
      const stamp = `${Date.now()}`;
      const snap = screenshotter(`conformance-${name}-projects`);
      const offered: Record<string, boolean> = {};
      let adminPage: Page | undefined;
      for (const role of ["ADMIN", "MEMBER", "VIEWER"] as const) {
        const email = `${role.toLowerCase()}${stamp}@example.com`;
        const password = generatePassword("first-");
        await createUser(server, email, password, role);
        const page = await (await newContext(browser)).newPage();
        await loginThroughReset(page, server.url, { email, password, newPassword: generatePassword("Pw-") }, async () => undefined);
        offered[role] = await seesNewProjectButton(page, server.url);
        await snap(page, `projects-${role.toLowerCase()}`);
        if (role === "ADMIN") adminPage = page;
      }
      expect(offered).toEqual({ ADMIN: true, MEMBER: true, VIEWER: false });

      const [kept, dropped] = [`find-${stamp}-apple`, `find-${stamp}-pear`];
      for (const project of [kept, dropped]) {
        const created = await fetch(`${server.url}/v1/projects`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${server.adminSecret}` },
          body: JSON.stringify({ name: project }),
        });
        expect(created.status).toBe(200);
      }
      // Phoenix matches the name case-insensitively, anywhere in it.
      await searchProjects(adminPage!, server.url, `${stamp}-APP`, kept, dropped, snap);
      await createProjectInDialog(adminPage!, server.url, `made-${stamp}`, snap);
    }, 120_000);

    it("the login page says \"Invalid login\", then Phoenix's rate-limit text once the server answers 429", async () => {
      const email = `locked${Date.now()}@example.com`;
      await createUser(server, email, generatePassword("first-"), "MEMBER");
      const page = await (await newContext(browser)).newPage();
      const statuses = await loginUntilLockedOut(page, server.url, email, generatePassword("wrong-"), screenshotter(`conformance-${name}-lockout`));
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    }, 60_000);

    it("with auth off the app opens on the projects page, without a login", async () => {
      if (!server.noAuthUrl) return void console.log(`${name}: no auth-off server: auth-off walk skipped`);
      const page = await (await newContext(browser)).newPage();
      await page.goto(`${server.noAuthUrl}/`);
      await page.waitForURL(/\/projects/);
      await page.getByRole("heading", { name: "default", exact: true }).waitFor({ timeout: 30_000 });
      expect(page.url()).not.toContain("/login");
    }, 60_000);
  });
}
