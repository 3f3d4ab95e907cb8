import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";

/**
 * Headless Chromium for the page tests: Debian's `chromium` (installed by .ci/run), or the one named by
 * PHOENIX_OTEL_AUTH_CHROMIUM. No browser download: the registries here ship none.
 */
export function findChromium(): string | undefined {
  const candidates = [process.env.PHOENIX_OTEL_AUTH_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  // CI installs Chromium and sets this, so a missing browser fails there instead of skipping.
  if (!found && process.env.PHOENIX_OTEL_AUTH_REQUIRE_BROWSER === "1") throw new Error(`PHOENIX_OTEL_AUTH_REQUIRE_BROWSER=1 but ${BROWSER_SKIP_REASON}`);
  return found;
}

export const BROWSER_SKIP_REASON =
  "no Chromium found (install Debian's chromium, or set PHOENIX_OTEL_AUTH_CHROMIUM to a Chromium binary): browser tests skipped";

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: findChromium(),
    // As root in a sandbox with a closed network: no sandbox, no background connections.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return context;
}

/**
 * Screenshots of each step go to PHOENIX_OTEL_AUTH_SCREENSHOTS (CI keeps them as artefacts; docs/screenshots holds
 * the README's copies), or nowhere. Every text field inside a dialog is masked, so no key is ever in a picture.
 */
export function screenshotter(prefix: string): (page: Page, step: string) => Promise<void> {
  const dir = process.env.PHOENIX_OTEL_AUTH_SCREENSHOTS;
  let n = 0;
  return async (page, step) => {
    n += 1;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${prefix}-${String(n).padStart(2, "0")}-${step}.png`), mask: [page.locator("[role=dialog] input, [role=dialog] textarea")] });
  };
}
