// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work here).
import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // launchPersistentContext would take --user-data-dir; a plain launch gets a fresh temporary profile.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await fs.mkdir(ARTIFACTS, { recursive: true });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
