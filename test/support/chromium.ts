import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's `chromium` package; `.ci/run` installs it. playwright-core downloads no browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet headless run in a container: no sandbox, no GPU, nothing fetched from outside. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * `describe` when Chromium is there, else `describe.skip` with a line saying why: a skipped
 * browser suite must say so, never pass silently.
 */
export function describeWithChromium(what: string): jest.Describe {
  if (existsSync(CHROMIUM)) return describe;
  console.warn(`${what} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return describe.skip;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Where a suite's screenshots go: `test-output/<suite>/` (git ignores it). */
export function screenshotter(suite: string): (page: Page, name: string) => Promise<void> {
  const directory = join(__dirname, '..', '..', 'test-output', suite);
  mkdirSync(directory, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: join(directory, `${name}.png`) });
  };
}
