import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createDispatcher } from '../../src/modules/outbox/dispatcher.ts';
import { registerSubscribers } from '../../src/server/subscribers.ts';
import { make, type Workspace } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// The seeded "Business hours" calendar is Mon–Fri 09:00–17:00 UTC and the standard policy
// acknowledges within 15 business minutes. A phone ticket opened Monday 09:00 is due 09:15; once
// Monday is a holiday and Tuesday opens at 10:00, it is due Tuesday 10:15. The server recomputes
// open tickets from the `sla.config_changed` outbox event, run by the dispatcher as in `rapport serve`.
describe('agent app: admin settings in Chromium', () => {
  let desk: BrowserDesk;
  let app: BrowserDesk['app'];
  let url: string;
  let ws: Workspace;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let ticket: { id: string; number: number };
  let page: Page;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock, dispatcher: (db) => createDispatcher({ db, clock, pollMs: 50 }) });
    ({ app, url, ws } = desk);
    const dispatcher = desk.dispatcher!;
    registerSubscribers(dispatcher, app.services, { db: desk.database.handle.db, clock });
    admin = await make.user(app.services, ws, 'admin');
    agent = await make.user(app.services, ws, 'agent');
    supervisor = await make.user(app.services, ws, 'supervisor');
    await app.services.teams.create(ws.admin, { name: 'Billing', description: 'Invoices and refunds', memberIds: [agent.user.id] });
    ticket = await make.ticket(app.services, ws.admin, { channel: 'phone', subject: 'Printer offline', assigneeId: admin.user.id });
    await dispatcher.drain();
    dispatcher.start();
    clock.set('2026-03-02T09:05:00.000Z');

    page = await desk.newPage({ user: admin });
  });

  afterEach(screenshotOnFailure(() => page, 'admin-'));

  afterAll(() => desk?.close());

  const slaPanel = () => page.getByRole('region', { name: 'Service level' });
  const acknowledgementDue = () => slaPanel().locator('[data-clock="acknowledgement"] time').getAttribute('datetime');
  const storedDue = async () =>
    (await app.services.tickets.get(ws.admin, ticket.id)).sla.clocks.find((c) => c.clock === 'acknowledgement')?.dueAt;

  it('edits the business-hours calendar and the ticket’s SLA due time moves', async () => {
    await page.goto(`${url}/tickets/${ticket.id}`);
    await slaPanel().getByText('Standard (email, portal, phone, API)').waitFor();
    expect(await acknowledgementDue()).toBe('2026-03-02T09:15:00.000Z');
    expect(await page.getByTestId('ticket-sla').locator('[data-sla]').textContent()).toBe('due in 10m');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Business hours' }).click();
    await page.waitForURL(/\/admin\/calendars$/);
    await page.getByRole('link', { name: /^Business hours/ }).last().click();
    const form = page.getByRole('form', { name: 'Edit “Business hours”' });
    await form.getByLabel('Time zone').waitFor();
    expect(await form.getByLabel('Time zone').inputValue()).toBe('UTC');
    expect(await form.getByLabel('Monday, interval 1: opens').inputValue()).toBe('09:00');

    // A wrong interval is refused by the API, and its explanation is shown beside the form.
    await form.getByLabel('Tuesday, interval 1: opens').fill('18:00');
    await form.getByRole('button', { name: 'Save' }).click();
    const problem = form.getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain('Interval ["18:00","17:00"] on tue must end after it starts.');
    await page.screenshot({ path: screenshotPath('admin-calendar-invalid') });

    await form.getByLabel('Tuesday, interval 1: opens').fill('10:00');
    await form.getByLabel('Holiday date').fill('2026-03-02');
    await form.getByRole('button', { name: 'Add holiday' }).click();
    await form.locator('[data-holiday="2026-03-02"]').waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').last().textContent()).toBe('Saved. Open tickets are being recalculated.');
    expect(await problem.count()).toBe(0);
    await page.screenshot({ path: screenshotPath('admin-calendar-saved') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const [calendar] = (await app.services.sla.listCalendars(ws.admin)).filter((c) => c.name === 'Business hours');
    expect(calendar.definition).toMatchObject({ timezone: 'UTC', holidays: ['2026-03-02'], hours: { tue: [['10:00', '17:00']] } });

    // The dispatcher recomputes the open ticket; its screen then shows the new due time.
    await expect.poll(storedDue).toBe('2026-03-03T10:15:00.000Z');
    await page.goto(`${url}/tickets/${ticket.id}`);
    await slaPanel().getByText('Standard (email, portal, phone, API)').waitFor();
    await expect.poll(acknowledgementDue).toBe('2026-03-03T10:15:00.000Z');
    expect(await slaPanel().locator('[data-clock="acknowledgement"]').textContent()).toContain('10:15');
    expect(await page.getByTestId('ticket-sla').locator('[data-sla]').textContent()).toBe('due in 1d 1h');
    await page.screenshot({ path: screenshotPath('admin-ticket-after-calendar-change') });
  });

  it('adds a calendar with a time zone from the list and hours on Saturday', async () => {
    await page.goto(`${url}/admin/calendars/new`);
    const form = page.getByRole('form', { name: 'New calendar' });
    await form.getByLabel('Name').fill('Weekend desk');
    await form.getByLabel('Time zone').selectOption('Europe/Berlin');
    await form.getByRole('button', { name: 'Add hours on Saturday' }).click();
    await form.getByLabel('Saturday, interval 1: closes').fill('13:00');
    await form.getByRole('button', { name: 'Remove Monday interval 1' }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/calendars\/(?!new)[^/]+$/);
    const created = (await app.services.sla.listCalendars(ws.admin)).find((c) => c.name === 'Weekend desk');
    expect(created?.definition).toMatchObject({ timezone: 'Europe/Berlin', hours: { sat: [['09:00', '13:00']], tue: [['09:00', '17:00']] } });
    expect(created?.definition.hours?.mon).toBeUndefined();
    await page.getByRole('form', { name: 'Edit “Weekend desk”' }).waitFor();
  });

  it('lists SLA policies in order and edits a policy’s targets', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SLA policies' }).click();
    const table = page.getByRole('table');
    // The screen loads when first opened: wait for its rows, not just the click.
    await expect
      .poll(() => table.locator('tbody tr[data-policy] th').allTextContents())
      .toEqual(['P1 — critical', 'Formal complaints', 'Chat', 'Social and messaging', 'Standard (email, portal, phone, API)']);
    const chat = table.locator('tr[data-policy="Chat"]');
    expect(await chat.textContent()).toContain('Channel: Chat');
    expect(await chat.textContent()).toContain('Business hours');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-sla-policies') });

    await chat.getByRole('button', { name: 'Edit Chat' }).click();
    const form = page.getByRole('form', { name: 'Edit policy “Chat”' });
    await form.getByLabel('First response').fill('5');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await expect.poll(() => chat.locator('[data-target="firstResponse"]').textContent()).toBe('5');
    const policy = (await app.services.sla.listPolicies(ws.admin)).find((p) => p.name === 'Chat');
    expect(policy?.targets).toMatchObject({ acknowledgement: 1, firstResponse: 5 });
  });

  it('refuses to close a calendar that policies use, and warns of one that is closed anyway', async () => {
    const [calendar] = (await app.services.sla.listCalendars(ws.admin)).filter((c) => c.name === 'Business hours');
    await page.goto(`${url}/admin/calendars/${calendar.id}`);
    const form = page.getByRole('form', { name: 'Edit “Business hours”' });
    await form.getByLabel('Time zone').waitFor();
    for (const day of ['Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Monday']) {
      await form.getByRole('button', { name: `Remove ${day} interval 1` }).click();
    }
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('has no open hours, but 4 SLA policies use it');
    await page.screenshot({ path: screenshotPath('admin-calendar-never-opens-refused') });

    // An older version or a restore can still leave such a calendar in the database.
    const closed = JSON.stringify({ timezone: 'UTC', hours: {} });
    await desk.database.handle.db.updateTable('business_calendar').set({ definition: closed }).where('id', '=', calendar.id).execute();
    const warning = 'The calendar "Business hours" has no open hours, so its SLA clocks have no due time.';
    await page.goto(`${url}/admin/calendars/${calendar.id}`);
    await expect.poll(() => page.getByTestId('calendar-problem').textContent()).toBe(warning);
    expect(await page.locator(`a[href$="/admin/calendars/${calendar.id}"]`).textContent()).toContain('Configuration warning');
    await page.screenshot({ path: screenshotPath('admin-calendar-warning') });

    await page.goto(`${url}/admin/sla-policies`);
    const standard = page.locator('tr[data-policy="Standard (email, portal, phone, API)"]');
    await expect.poll(() => standard.getByTestId('config-problem').textContent()).toContain(warning);
    expect(await page.locator('tr[data-policy="P1 — critical"]').getByTestId('config-problem').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-sla-policies-warning') });

    await page.goto(`${url}/tickets/${ticket.id}`);
    await expect.poll(() => slaPanel().getByTestId('sla-problem').textContent()).toContain(warning);
    expect(await slaPanel().locator('[data-clock="acknowledgement"]').textContent()).toContain('No due time');
    await page.screenshot({ path: screenshotPath('ticket-sla-configuration-warning') });

    await desk.database.handle.db.updateTable('business_calendar').set({ definition: JSON.stringify(calendar.definition) }).where('id', '=', calendar.id).execute();
  });

  it('lists users and teams and changes a user’s role', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users and teams' }).click();
    const row = page.locator(`tr[data-user="${agent.email}"]`);
    // Users and teams arrive separately: wait until the row shows the agent's team.
    await expect.poll(() => row.textContent()).toContain('Billing');
    const teams = page.getByRole('region', { name: 'Teams' });
    expect(await teams.getByRole('row', { name: /Billing/ }).textContent()).toContain(agent.user.name);
    await row.getByRole('combobox', { name: `Role of ${agent.user.name}` }).selectOption('supervisor');
    await row.getByRole('button', { name: 'Change role' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toBe(`${agent.user.name} is now Supervisor.`);
    expect((await app.services.users.get(ws.admin, agent.user.id)).role).toBe('supervisor');
    // Seniority counts in the schedule's two-seniors check.
    await row.getByRole('checkbox', { name: `${agent.user.name} is a senior agent` }).check();
    await expect.poll(async () => (await app.services.users.get(ws.admin, agent.user.id)).isSenior).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-people') });
  });

  it('shows the settings read-only to a supervisor, as the API only lets admins change them', async () => {
    const view = await desk.newPage({ user: supervisor });
    try {
      await view.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Business hours' }).click();
      await view.getByText('Only administrators can change these settings.').waitFor();
      expect(await view.getByRole('link', { name: 'New calendar' }).count()).toBe(0);
      await view.getByRole('link', { name: /^Around the clock/ }).click();
      const form = view.getByRole('form', { name: 'Edit “Around the clock”' });
      expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      expect(await form.getByLabel('Name').isDisabled()).toBe(true);
      await view.goto(`${url}/admin/sla-policies`);
      await view.getByRole('table').waitFor();
      expect(await view.getByRole('button', { name: /^Edit / }).count()).toBe(0);
      await view.screenshot({ path: screenshotPath('admin-read-only-supervisor') });
    } finally {
      await view.context().close();
    }
  });
});
