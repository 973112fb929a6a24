import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { make } from '../factories.ts';
import { TEST_SECRET } from '../harness.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

describe('changing and resetting passwords in the agent app in Chromium', () => {
  let desk: BrowserDesk;
  let services: Services;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    services = createServices(desk.database.handle, { clock, secret: TEST_SECRET });
  });
  afterAll(() => desk?.close());

  it('lets an agent change their own password, naming a wrong current one beside its field', async () => {
    const agent = await make.user(services, desk.ws, 'agent');
    const page = await desk.newPage({ user: agent });
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel('Current password').fill('not my password');
    await dialog.getByLabel('New password', { exact: true }).fill('a new long password');
    await dialog.getByLabel('New password again').fill('a new long password');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.getByText('is not right').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('password-change-wrong-current') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await dialog.getByLabel('New password again').fill('a different password');
    await dialog.getByLabel('Current password').fill(agent.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.getByText('The two new passwords differ.').count()).toBe(1);

    await dialog.getByLabel('New password again').fill('a new long password');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/Your password was changed\..*API tokens keep working/);
    await page.screenshot({ path: screenshotPath('password-changed') });
    await dialog.getByRole('button', { name: 'Done' }).click();
    // Still signed in here; the new password works for the next sign-in.
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    const login = await desk.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: agent.email, password: 'a new long password' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('lets an admin reset another user’s password and says they were signed out', async () => {
    const agent = await make.user(services, desk.ws, 'agent');
    const elsewhere = await desk.newPage({ user: agent });
    const page = await desk.newPage({ user: desk.ws.admin });
    await page.goto(`${desk.url}/admin/people`);
    await page.getByRole('button', { name: `Reset password for ${agent.user.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Reset the password of ${agent.user.name}` });
    await dialog.getByLabel('New password', { exact: true }).fill('handed over in person');
    await dialog.getByLabel('New password again').fill('handed over in person');
    await dialog.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/signed out everywhere \(1 session\)/);
    await page.screenshot({ path: screenshotPath('password-reset-by-admin') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The agent's open app finds its session gone at the next request.
    await elsewhere.reload();
    await elsewhere.waitForURL(/\/login/);
  });
});
