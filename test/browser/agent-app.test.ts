import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createOutboundSender } from '../../src/modules/email/outbound.ts';
import { createDispatcher } from '../../src/modules/outbox/dispatcher.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { registerSubscribers } from '../../src/server/subscribers.ts';
import { make, type Workspace } from '../factories.ts';
import { TEST_SECRET } from '../harness.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath, signIn } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// The standard SLA policy gives every ticket an acknowledgement clock of 15 business minutes
// (Mon–Fri 09:00–17:00 UTC), warning at 75 %. Created at 09:00, 09:20 and 09:30 and looked at
// 09:33, the tickets are breached, due soon (amber) and on track; a pending one is paused.
describe('agent app: inbox and ticket in Chromium', () => {
  let desk: BrowserDesk;
  let services: Services;
  let url: string;
  let ws: Workspace;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let page: Page;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  const tickets: Record<string, { id: string; number: number }> = {};
  const dialogs: string[] = [];
  const sink = startSmtpSink();
  /** What the running server does in the background: delivers events, then sends queued email. */
  let deliverEmail: () => Promise<void>;

  beforeAll(async () => {
    // The agent works in Berlin: due times show in their zone, not the server's.
    desk = await startBrowserDesk({ clock, viewport: { width: 1280, height: 860 }, timezoneId: 'Europe/Berlin' });
    ({ url, ws } = desk);
    const { database } = desk;
    services = createServices(database.handle, { clock, secret: TEST_SECRET });
    agent = await make.user(services, ws, 'agent');
    await services.mailboxes.create(ws.admin, { address: 'help@desk.test', name: 'Help Desk' });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    const sender = createOutboundSender({ db: database.handle.db, clock, relayUrl: await sink.listen() });
    deliverEmail = async () => {
      await dispatcher.drain();
      await sender.drain();
    };
    const mine = { channel: 'phone' as const, assigneeId: agent.user.id };
    tickets.breached = await make.ticket(services, ws.admin, {
      ...mine,
      subject: 'Invoice shows the wrong VAT',
      requester: { email: 'ann@example.test', name: 'Ann Archer' },
    });
    clock.set('2026-03-02T09:20:00.000Z');
    tickets.warning = await make.ticket(services, ws.admin, {
      ...mine,
      subject: 'Cannot export reports',
      message: {
        text: 'Hello',
        html: '<p>The export <b>fails</b> with an error.<img src=x onerror=alert(1)></p><script>alert(2)</script>',
      },
    });
    clock.set('2026-03-02T09:30:00.000Z');
    tickets.onTrack = await make.ticket(services, ws.admin, {
      ...mine,
      channel: 'email',
      subject: 'Password reset link expired',
      requester: { email: 'bo@example.test', name: 'Bo Berg' },
    });
    tickets.waiting = await make.ticket(services, ws.admin, { ...mine, subject: 'Waiting for the customer', status: 'pending' });
    tickets.unassigned = await make.ticket(services, ws.admin, { channel: 'phone', subject: 'Nobody owns this yet' });
    clock.set('2026-03-02T09:33:00.000Z');

    page = await desk.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, url, agent);
  });

  afterEach(screenshotOnFailure(() => page));

  afterAll(async () => {
    await desk?.close();
    await sink.close();
  });

  const row = (number: number) => page.locator(`tr[data-ticket-number="${number}"]`);
  const slaOf = (number: number) => row(number).locator('[data-sla]').getAttribute('data-sla');
  const navCount = (name: string) => page.getByRole('navigation').getByRole('link', { name }).locator('[data-count]').textContent();

  it('lists my open tickets by SLA due with green, amber, red and paused countdowns, and counts every view', async () => {
    await row(tickets.breached.number).waitFor();
    const numbers = await page
      .locator('main tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket-number'))));
    expect(numbers).toEqual([tickets.breached.number, tickets.warning.number, tickets.onTrack.number]);
    expect(await slaOf(tickets.breached.number)).toBe('breached');
    expect(await slaOf(tickets.warning.number)).toBe('warning');
    expect(await slaOf(tickets.onTrack.number)).toBe('ok');
    expect(await row(tickets.breached.number).locator('[data-sla]').textContent()).toBe('18m overdue');
    expect(await row(tickets.onTrack.number).locator('[data-sla]').textContent()).toBe('due in 12m');
    expect(await row(tickets.breached.number).textContent()).toContain('Ann Archer');

    await expect.poll(() => navCount('My open')).toBe('3');
    await expect.poll(() => navCount('Unassigned')).toBe('1');
    await expect.poll(() => navCount('Breaching soon')).toBe('4');
    await expect.poll(() => navCount('Pending')).toBe('1');
    await expect.poll(() => navCount('All')).toBe('5');
    await page.screenshot({ path: screenshotPath('inbox-my-open') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /^Pending/ }).click();
    await row(tickets.waiting.number).waitFor();
    expect(await slaOf(tickets.waiting.number)).toBe('paused');
  });

  it('moves with j/k, opens with Enter, and shows the shortcuts on ?', async () => {
    await page.getByRole('link', { name: /^My open/ }).click();
    await row(tickets.breached.number).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.screenshot({ path: screenshotPath('inbox-shortcuts') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await row(tickets.warning.number).getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${tickets.warning.id}$`));
    await page.getByRole('heading', { name: /Cannot export reports/ }).waitFor();
    // The email HTML is rendered, sanitised: markup kept, scripts and handlers gone.
    const body = page.locator('[data-message-kind="customer"] .message-html');
    expect(await body.locator('b').textContent()).toBe('fails');
    expect(await body.locator('img, script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForURL(/\/inbox\/mine$/);
  });

  it('replies, adds a note, and pauses the SLA by setting the ticket to pending', async () => {
    await page.goto(`${url}/tickets/${tickets.onTrack.id}`);
    await page.getByRole('heading', { name: /Password reset link expired/ }).waitFor();
    const sla = page.getByRole('region', { name: 'Service level' });
    await sla.getByText('Standard (email, portal, phone, API)').waitFor();
    // 09:45 UTC is 10:45 in Berlin.
    expect(await sla.locator('[data-clock="acknowledgement"]').textContent()).toContain('10:45');

    await page.getByRole('textbox', { name: 'Reply to the customer' }).fill('We have sent you a new link.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('form', { name: 'Reply or add a note' }).getByRole('status').filter({ hasText: /^Reply sent\.$/ }).waitFor();
    await page.locator('[data-message-kind="reply"]').getByText('We have sent you a new link.').waitFor();
    // The reply leaves as an email to the customer through the SMTP relay, and says so on screen.
    await deliverEmail();
    const email = sink.received.find((received) => received.parsed.text?.includes('We have sent you a new link.'));
    expect(email?.parsed.to).toEqual([{ address: 'bo@example.test', name: 'Bo Berg' }]);
    expect(email?.parsed.from).toEqual({ address: 'help@desk.test', name: 'Help Desk' });
    expect(email?.parsed.subject).toBe(`Re: Password reset link expired [#${tickets.onTrack.number}]`);
    await page.reload();
    await page.locator('[data-message-kind="reply"]').getByText('Sent', { exact: true }).waitFor();

    await page.keyboard.press('n');
    await page.getByRole('textbox', { name: /Note for your team/ }).fill('Customer called twice about this.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('[data-message-kind="note"]');
    await note.getByText('Customer called twice about this.').waitFor();
    expect(await note.textContent()).toContain('Internal note');

    const fields = page.getByRole('region', { name: 'Ticket' });
    await fields.getByLabel('Status').selectOption('pending');
    await fields.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => fields.getByRole('status').textContent()).toBe('Saved.');
    await expect.poll(() => page.getByTestId('ticket-sla').locator('[data-sla]').getAttribute('data-sla')).toBe('paused');
    await expect.poll(() => sla.locator('[data-clock="resolution"]').getAttribute('data-tone')).toBe('paused');
    const stored = await services.tickets.get(ws.admin, tickets.onTrack.id);
    expect(stored.status).toBe('pending');
    const messages = await services.messages.list(ws.admin, tickets.onTrack.id);
    expect(messages.map((m) => [m.internal, m.text])).toEqual([
      [false, 'Something is broken.'],
      [false, 'We have sent you a new link.'],
      [true, 'Customer called twice about this.'],
    ]);
    await page.screenshot({ path: screenshotPath('ticket-after-reply-note-pending') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('assigns a ticket', async () => {
    await page.goto(`${url}/tickets/${tickets.unassigned.id}`);
    const fields = page.getByRole('region', { name: 'Ticket' });
    await fields.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(async () => (await services.tickets.get(ws.admin, tickets.unassigned.id)).assigneeId).toBe(agent.user.id);
    await expect.poll(() => fields.getByLabel('Assignee').inputValue()).toBe(agent.user.id);
    await page.getByRole('link', { name: /^My open/ }).click();
    await row(tickets.unassigned.number).waitFor();
  });

  it('refuses a stale save with a reload action', async () => {
    await page.goto(`${url}/tickets/${tickets.breached.id}`);
    const fields = page.getByRole('region', { name: 'Ticket' });
    await fields.getByLabel('Priority').waitFor();
    await fields.getByLabel('Tags').fill('billing, vat');
    // Meanwhile a colleague changes the ticket.
    await services.tickets.update(ws.admin, tickets.breached.id, { type: 'incident' });
    await fields.getByRole('button', { name: 'Save changes' }).click();
    const stale = fields.getByRole('alert');
    await expect.poll(() => stale.textContent()).toContain('Someone else changed this ticket');
    await page.screenshot({ path: screenshotPath('ticket-stale-save') });
    await stale.getByRole('button', { name: 'Reload' }).click();
    await stale.waitFor({ state: 'hidden' });
    await expect.poll(() => fields.getByLabel('Type').inputValue()).toBe('incident');
    expect(await fields.getByLabel('Tags').inputValue()).toBe('');
    expect((await services.tickets.get(ws.admin, tickets.breached.id)).tags).toEqual([]);
  });

  it('finds tickets as you type', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('export');
    const option = page.getByRole('option', { name: /Cannot export reports/ });
    await option.waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${tickets.warning.id}$`));
  });
});
