import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium package (CI installs it); playwright's own browser download does not work here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Debian Chromium driven by playwright-core. The flags keep it off the network it cannot reach
 * anyway (background updates, sync, QUIC), so every request it makes is one the page made to loopback.
 * Playwright gives each launch a fresh, empty profile directory.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false, // CI runs as root, where Chromium's sandbox refuses to start
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs `body`; when it throws, saves a full-page screenshot of `page` to a new temp dir, prints the
 * path, and rethrows (so a failed browser test shows what the user would have seen).
 */
export async function withScreenshotOnFailure<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const path = join(mkdtempSync(join(tmpdir(), `memegraph-${name}-`)), 'failure.png');
    await page.screenshot({ path, fullPage: true }).then(
      () => console.error(`${name}: screenshot of the failing page at ${path}`),
      (screenshotError: unknown) => console.error(`${name}: no screenshot (${String(screenshotError)})`),
    );
    throw error;
  }
}
