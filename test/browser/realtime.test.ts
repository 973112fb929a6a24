import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import type { Workspace } from '../factories.ts';
import { TEST_SECRET } from '../harness.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// Two agents in two browsers on one server with its realtime feed running: what one does shows up
// on the other's screen without a reload, and each sees the other on the ticket they share.
describe('agent app: live updates and collision notices in Chromium', () => {
  let desk: BrowserDesk;
  let app: BrowserDesk['app'];
  let services: Services;
  let url: string;
  let ws: Workspace;
  let adminToken: string;
  let pageA: Page;
  let pageB: Page;
  let ticket: { id: string; number: number };
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  const ana = { email: 'ana@desk.test', password: 'correct horse battery', name: 'Ana Lima' };
  const bo = { email: 'bo@desk.test', password: 'correct horse battery', name: 'Bo Berg' };
  let anaId: string;

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock, viewport: { width: 1280, height: 800 }, timezoneId: null });
    ({ app, url, ws } = desk);
    services = createServices(desk.database.handle, { clock, secret: TEST_SECRET });
    anaId = (await services.users.create(ws.system, { ...ana, role: 'agent' })).id;
    await services.users.create(ws.system, { ...bo, role: 'agent' });
    adminToken = (await services.auth.createToken(ws.system, 'test', ws.admin.userId)).token;
    app.realtime.start();
    pageA = await desk.newPage({ user: ana });
    pageB = await desk.newPage({ user: bo });
  });

  const keepA = screenshotOnFailure(() => pageA, 'realtime-A-');
  const keepB = screenshotOnFailure(() => pageB, 'realtime-B-');
  afterEach(async (test) => {
    await keepA(test);
    await keepB(test);
  });

  afterAll(() => desk?.close());

  it('shows a ticket created through the API in the open inbox without a reload', async () => {
    await pageA.getByText('No tickets here').or(pageA.locator('main tbody tr')).first().waitFor();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: {
        subject: 'The printer is on fire',
        channel: 'phone',
        assigneeId: anaId,
        requester: { email: 'casey@example.test', name: 'Casey Customer' },
        message: { text: 'Smoke everywhere.' },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    ticket = response.json();
    // The inbox polls only once a minute by itself: within seconds, this is the WebSocket.
    await pageA.locator(`tr[data-ticket-number="${ticket.number}"]`).waitFor({ timeout: 10_000 });
    await expect
      .poll(() =>
        pageA
          .getByRole('navigation')
          .getByRole('link', { name: /^My open/ })
          .locator('[data-count]')
          .textContent(),
      )
      .toBe('1');
  });

  it('tells each agent who else has the ticket open, and who is writing a reply', async () => {
    await pageA.locator(`tr[data-ticket-number="${ticket.number}"]`).getByRole('link').first().click();
    await pageA.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
    await pageB.goto(`${url}/tickets/${ticket.id}`);
    await pageA.getByText('Bo Berg is viewing').waitFor({ timeout: 10_000 });
    await pageB.getByText('Ana Lima is viewing').waitFor({ timeout: 10_000 });
    await pageB.locator('main').screenshot({ path: screenshotPath('realtime-viewing') });

    await pageB.getByLabel('Reply to the customer').pressSequentially('I am on my way with an extinguisher');
    await pageA.getByText('Bo Berg is replying').waitFor({ timeout: 10_000 });
    await pageA.screenshot({ path: screenshotPath('realtime-collision') });
    await pageA.locator('main').screenshot({ path: screenshotPath('realtime-collision-main') });
    expect(await seriousAccessibilityViolations(pageA)).toEqual([]);
  });

  it("shows the other agent's reply in the conversation without a reload", async () => {
    await pageB.getByRole('button', { name: 'Send reply' }).click();
    await pageB.getByText('Reply sent.').waitFor();
    await pageA.locator('[data-message-kind="reply"]').getByText('I am on my way with an extinguisher').waitFor({ timeout: 10_000 });
    // Sent: the draft is gone, so Bo is back to viewing.
    await pageA.getByText('Bo Berg is viewing').waitFor({ timeout: 10_000 });
    // Bo leaves: Ana no longer sees him.
    await pageB.goto(`${url}/inbox/mine`);
    await pageA.getByText('Bo Berg is viewing').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await pageA.getByText('Live updates paused').count()).toBe(0);
  });

  it('says so, discreetly, while live updates are down', async () => {
    expect(await pageA.getByText('Live updates paused').count()).toBe(0);
    // The feed stops (as when the server shuts down): sockets close, and reconnecting does not get through.
    await app.realtime.stop();
    await pageA.getByText('Live updates paused · reconnecting…').waitFor({ timeout: 10_000 });
    await pageA.screenshot({ path: screenshotPath('realtime-paused'), clip: { x: 0, y: 0, width: 1280, height: 120 } });
  });
});
