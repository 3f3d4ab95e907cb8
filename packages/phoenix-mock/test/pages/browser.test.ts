/**
 * The mock's pages in a real browser (Debian's Chromium through playwright-core): the docs' setup steps by hand on a
 * fresh `phoenix-mock` CLI server with auth on, then lockout, role limits, logout and auth off on in-process servers.
 * Skipped, with the reason printed, where no Chromium is installed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "phoenix-otel-auth";
import { createMockPhoenix, type MockPhoenix } from "../../src/index.js";
import { BROWSER_SKIP_REASON, findChromium, launchChromium, newContext, screenshotter } from "../../../../test/helpers/browser.js";
import { generatePassword, generateSecret } from "../../../../test/helpers/secrets.js";
import { MOCK_ROOT } from "../../../../test/helpers/paths.js";
import { createSystemKey, logIn, loginThroughReset, seeSpanOnProjectPage } from "./walk.js";

const chromium = findChromium();
if (!chromium) console.log(`test/pages: ${BROWSER_SKIP_REASON}`);

/** Every user's password after the forced reset. */
const NEW_PASSWORD = generatePassword();

/** Starts the real CLI (bundled from src/cli/main.ts once) and resolves with its URL from stdout. */
async function startCli(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; dir: string }> {
  mkdirSync(join(MOCK_ROOT, "node_modules", ".cache"), { recursive: true });
  const dir = mkdtempSync(join(MOCK_ROOT, "node_modules", ".cache", "phoenix-mock-pages-"));
  const cli = join(dir, "cli.mjs");
  await build({ entryPoints: [join(MOCK_ROOT, "src/cli/main.ts")], bundle: true, platform: "node", format: "esm", outfile: cli, packages: "external", logLevel: "silent" });
  const child = spawn(process.execPath, [cli], { env: { PATH: process.env.PATH ?? "", PHOENIX_PORT: "0", ...env }, stdio: ["pipe", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`phoenix-mock exited with ${code}`)));
  });
  return { url, child, dir };
}

/** A new user's first visit: login, the forced reset, login again with the new password. */
async function firstLogin(p: Page, url: string, path: string, email: string, password: string): Promise<void> {
  await p.goto(`${url}${path}`);
  await p.waitForURL(/\/login\?returnUrl=/);
  await logIn(p, email, password);
  await p.waitForURL(/\/reset-password$/);
  await p.getByLabel("Old Password").fill(password);
  await p.getByLabel("New Password").fill(NEW_PASSWORD);
  await p.getByLabel("Confirm Password").fill(NEW_PASSWORD);
  await p.getByRole("button", { name: "Reset Password" }).click();
  await p.waitForURL(/\/login\?message=password_reset$/);
  await logIn(p, email, NEW_PASSWORD);
}

describe.skipIf(!chromium)("the mock's pages in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function page(): Promise<Page> {
    return (await newContext(browser)).newPage();
  }

  it("walks the docs' setup steps on a fresh phoenix-mock: login screen, admin/admin, forced reset, system key, a span on the project page", async () => {
    const server = await startCli({ PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: generateSecret() });
    const snap = screenshotter("docs-walk");
    try {
      const p = await page();
      await loginThroughReset(p, server.url, { email: "admin@localhost", password: "admin", newPassword: NEW_PASSWORD }, snap);
      await snap(p, "projects");
      const key = await createSystemKey(p, server.url, "ci key", snap);

      // An app exports a span with the copied key, through the real OTel exporter to the server's socket.
      const provider = register({ url: server.url, apiKey: key, projectName: "by-hand", batch: false, global: false, flushOnExit: false });
      provider.getTracer("app").startSpan("checkout").end();
      await provider.forceFlush();
      await provider.shutdown();
      expect(provider.phoenix.stats().exported).toBe(1);

      await seeSpanOnProjectPage(p, server.url, "by-hand", "checkout", snap);
    } finally {
      server.child.kill();
      rmSync(server.dir, { recursive: true, force: true });
    }
  });

  describe("auth on, in process", () => {
    let mock: MockPhoenix;
    let url: string;
    beforeAll(async () => {
      // The per-IP limiter off (as Phoenix's own tests run), so the lockout below is the brute-force one.
      mock = createMockPhoenix({ enableAuth: true, secret: generateSecret(), disableRateLimit: true });
      url = await mock.listen();
    });
    afterAll(() => mock.close());

    /** What patchViewer answers to a wrong current password, asked directly (a session of the same user). */
    async function mockGraphqlRefusal(email: string, password: string): Promise<string> {
      const login = await mock.request("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
      const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
      const response = await mock.request("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ query: "mutation ($input: PatchViewerInput!) { patchViewer(input: $input) { user { id } } }", variables: { input: { currentPassword: generatePassword(), newPassword: generatePassword() } } }),
      });
      return ((await response.json()) as { errors: { message: string }[] }).errors[0]!.message;
    }


    it("says 'Invalid login' for a wrong password and Phoenix's 429 text once the account is locked out", async () => {
      const p = await page();
      const email = `locked-${Date.now()}@example.com`;
      await mock.createUser({ email, password: generatePassword(), role: "MEMBER" });
      const wrongPassword = generatePassword();
      await p.goto(`${url}/login`);
      await logIn(p, email, wrongPassword);
      await p.getByRole("alert").filter({ hasText: "Invalid login" }).waitFor();
      for (let i = 0; i < 5; i++) await logIn(p, email, wrongPassword);
      await p.getByRole("alert").filter({ hasText: "Too many requests. Please try again later." }).waitFor();
      await screenshotter("lockout")(p, "locked-out");
    });

    it("the reset form checks its fields with Phoenix's messages, and shows the server's refusal of a wrong current password", async () => {
      const p = await page();
      const email = `resetter-${Date.now()}@example.com`;
      const password = generatePassword();
      const [newPassword, otherPassword, wrongPassword] = [generatePassword(), generatePassword(), generatePassword()];
      await mock.createUser({ email, password, role: "MEMBER" });
      await p.goto(`${url}/login`);
      await logIn(p, email, password);
      await p.waitForURL(/\/reset-password$/);
      await p.getByRole("button", { name: "Reset Password" }).click();
      await p.getByText("the current is required").waitFor();
      await p.getByLabel("Old Password").fill(password);
      await p.getByLabel("New Password").fill(password);
      // "abc" is a literal on purpose: too short to ever be a password, it only triggers the form's length check.
      await p.getByLabel("Confirm Password").fill("abc");
      await p.getByText("New password must be different").waitFor();
      const confirmHelp = p.locator(`#${await p.getByLabel("Confirm Password").getAttribute("aria-describedby")}`);
      expect(await confirmHelp.textContent()).toBe("Password must be at least 4 characters");
      expect(await p.getByLabel("Confirm Password").getAttribute("aria-invalid")).toBe("true");
      await p.getByLabel("Confirm Password").fill(otherPassword);
      await p.getByLabel("New Password").fill(newPassword);
      await p.getByText("Passwords do not match").waitFor();
      await p.getByLabel("Old Password").fill(wrongPassword);
      await p.getByLabel("Confirm Password").fill(newPassword);
      await p.getByRole("button", { name: "Reset Password" }).click();
      const refusal = p.getByRole("alert");
      await refusal.waitFor();
      // The page shows the GraphQL error that the server gave, whatever its words.
      const expected = await mockGraphqlRefusal(email, password);
      expect(await refusal.textContent()).toBe(expected);
    });

    it("a member or viewer who opens the admin tabs lands on /settings/general, without the admin tabs", async () => {
      for (const role of ["MEMBER", "VIEWER"] as const) {
        const p = await page();
        const email = `${role.toLowerCase()}-${Date.now()}@example.com`;
        const password = generatePassword();
        await mock.createUser({ email, password, role });
        await firstLogin(p, url, "/settings/api-keys", email, password);
        await p.waitForURL(/\/projects$/);
        for (const tab of ["users", "api-keys"]) {
          await p.goto(`${url}/settings/${tab}`);
          await p.waitForURL(/\/settings\/general$/);
          await p.getByRole("tab", { name: "General" }).waitFor();
          expect(await p.getByRole("tab").allTextContents()).toEqual(["General"]);
        }
      }
    });

    it("admins manage users: add, change the role, delete", async () => {
      const p = await page();
      const admin = `admin-${Date.now()}@example.com`;
      const password = generatePassword();
      await mock.createUser({ email: admin, password, role: "ADMIN" });
      await firstLogin(p, url, "/projects", admin, password);
      await p.waitForURL(/\/projects$/);
      await p.goto(`${url}/settings/users`);
      await p.getByRole("button", { name: "Add User" }).click();
      const add = p.getByRole("dialog", { name: "Add User" });
      const newcomer = `new-${Date.now()}@example.com`;
      await add.getByLabel("Email").fill(newcomer);
      await add.getByLabel("Username").fill(`new${Date.now()}`);
      const newcomerPassword = generatePassword();
      await add.getByLabel("Password", { exact: false }).first().fill(newcomerPassword);
      await add.getByLabel("Confirm Password").fill(newcomerPassword);
      await add.getByRole("button", { name: "Add User" }).click();
      await add.waitFor({ state: "detached" });
      const row = p.getByRole("row").filter({ hasText: newcomer });
      await row.getByRole("combobox", { name: "User Role" }).selectOption("viewer");
      await p.getByRole("dialog", { name: "Confirm role change" }).getByRole("button", { name: "Change role" }).click();
      await p.getByRole("status").filter({ hasText: "Role Changed" }).waitFor();
      await p.reload();
      await expect.poll(() => row.getByRole("combobox", { name: "User Role" }).inputValue()).toBe("viewer");
      await screenshotter("users")(p, "users");
      await row.getByRole("button", { name: "User Actions" }).click();
      await row.getByRole("menuitem", { name: "Delete" }).click();
      await p.getByRole("dialog", { name: "Delete User" }).getByRole("button", { name: "Delete user" }).click();
      await row.waitFor({ state: "detached" });
    });

    it("Account → Log Out ends the session: the app sends the next visit to /login", async () => {
      const p = await page();
      const email = `leaver-${Date.now()}@example.com`;
      const password = generatePassword();
      await mock.createUser({ email, password, role: "MEMBER" });
      await firstLogin(p, url, "/projects", email, password);
      await p.getByRole("button", { name: "Account" }).click();
      await p.getByRole("menuitem", { name: "Log Out" }).click();
      await p.waitForURL(/\/login$/);
      await p.goto(`${url}/settings/general`);
      await p.waitForURL(/\/login\?returnUrl=%2Fsettings%2Fgeneral$/);
    });
  });

  it("with auth off: no login, the projects page at once, settings without the auth tabs", async () => {
    const mock = createMockPhoenix();
    const url = await mock.listen();
    try {
      const p = await page();
      await p.goto(`${url}/`);
      await p.waitForURL(/\/projects$/);
      await p.getByRole("heading", { name: "default", exact: true }).waitFor();
      expect(await p.getByRole("button", { name: "Account" }).count()).toBe(0);
      await p.goto(`${url}/settings/api-keys`);
      await p.waitForURL(/\/settings\/general$/);
      await p.getByRole("tab", { name: "General" }).waitFor();
      expect(await p.getByRole("tab").allTextContents()).toEqual(["General"]);
      await screenshotter("auth-off")(p, "settings");
    } finally {
      await mock.close();
    }
  });
});
