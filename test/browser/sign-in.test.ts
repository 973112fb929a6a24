import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { make, type Workspace } from '../factories.ts';
import { TEST_SECRET } from '../harness.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

describe('signing in and out of the agent app in Chromium', () => {
  let desk: BrowserDesk;
  let app: BrowserDesk['app'];
  let url: string;
  let ws: Workspace;
  let services: Services;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  let browser: BrowserDesk['browser'];

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    ({ app, url, ws, browser } = desk);
    services = createServices(desk.database.handle, { clock, secret: TEST_SECRET });
    for (const subject of ['Printer on fire', 'Invoice missing', '<img src=x onerror=alert(1)> hostile subject']) {
      clock.advance(60_000);
      await make.ticket(services, ws.admin, { subject });
    }
  });

  afterAll(() => desk?.close());

  async function signIn(page: Awaited<ReturnType<typeof browser.newPage>>, email: string, password: string) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('serves the app with a strict CSP, and keeps unknown API paths as JSON 404s', async () => {
    const page = await app.inject({ method: 'GET', url: '/tickets/123' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await app.inject({ method: 'GET', url: script as string, headers: { 'accept-encoding': 'gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ method: 'GET', url: '/missing-file.js' })).statusCode).toBe(404);
  });

  it('says so when the password is wrong, and when the account is locked after repeated failures', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await signIn(page, ws.admin.email, 'wrong password');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await page.screenshot({ path: screenshotPath('sign-in-wrong-password') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const locked = await make.user(services, ws, 'agent');
    for (let attempt = 0; attempt < 5; attempt++) {
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: locked.email, password: 'nope' } });
    }
    await signIn(page, locked.email, locked.password);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Too many failed sign-ins. Wait 15 minutes, then try again.');
    await page.screenshot({ path: screenshotPath('sign-in-locked') });
    await page.close();
  });

  it('signs in, shows hostile subjects as text, keeps the session on reload, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // A deep link before signing in comes back after it.
    await page.goto(`${url}/inbox/all`);
    await signIn(page, ws.admin.email, ws.admin.password);
    await page.waitForURL(/\/inbox\/all$/);
    await page.locator('main tbody tr').first().waitFor();
    // Columns: selection, number, subject, …
    const subjects = await page.locator('main tbody tr td:nth-child(3)').allTextContents();
    expect(subjects).toEqual(['<img src=x onerror=alert(1)> hostile subject', 'Invoice missing', 'Printer on fire']);
    expect(dialogs).toEqual([]);

    await page.reload();
    await page.locator('main tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('You are signed out.');
    await page.goto(`${url}/inbox/all`);
    await page.getByLabel('Password').waitFor();
    await context.close();
  });

  it('returns to sign-in when the session expires, then back to where the agent was', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/inbox/all`);
    await signIn(page, ws.admin.email, ws.admin.password);
    await page.locator('main tbody tr').first().waitFor();
    clock.advance(8 * 24 * 3600_000); // sessions last 7 days
    try {
      await page.getByRole('link', { name: 'Pending' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Your session has ended. Sign in again to continue.');
      await page.screenshot({ path: screenshotPath('sign-in-session-expired') });
      await signIn(page, ws.admin.email, ws.admin.password);
      await page.waitForURL(/\/inbox\/pending$/);
    } finally {
      clock.advance(-8 * 24 * 3600_000);
    }
    await context.close();
  });
});
