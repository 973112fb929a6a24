import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium, started the way this closed network needs (no background connections).
 * Playwright gives every launch a fresh, temporary profile directory.
 */
export const launchBrowser = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** Screenshots of key screens are kept as test artifacts under test/artifacts/ (git-ignored): look at them. */
export function screenshotPath(name: string) {
  const dir = join(import.meta.dirname, '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** Signs a staff user in through the sign-in screen and waits for their inbox. */
export async function signIn(page: Page, url: string, user: { email: string; password: string }) {
  await page.goto(url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inbox\/mine$/);
}

/** An afterEach hook that keeps a screenshot of the page a test failed on. */
export const screenshotOnFailure =
  (page: () => Page | undefined, prefix = '') =>
  async (test: { task: { name: string; result?: { state?: string } } }) => {
    if (test.task.result?.state === 'fail')
      await page()?.screenshot({ path: screenshotPath(`failed-${prefix}${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`) });
  };
