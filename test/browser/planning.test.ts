import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createMetricsProjector } from '../../src/modules/metrics/service.ts';
import { make } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// A supervisor plans the desk: the staffing view over the desk's own forecast, the Erlang C
// calculator, and the week's schedule with its two-seniors warnings; an agent sees their own shifts.
// Today is Tuesday 2026-06-02, 10:00 UTC.
const DAY_MS = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse('2026-06-02T00:00:00Z') - days * DAY_MS).toISOString().slice(0, 10);

describe('agent app: planning in Chromium', () => {
  let desk: BrowserDesk;
  let page: Page | undefined;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  const people: Record<string, Awaited<ReturnType<typeof make.user>>> = {};
  const clock = fixedClock('2026-06-02T10:00:00.000Z');
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    const { app, ws, database } = desk;
    supervisor = await make.user(app.services, ws, 'supervisor');
    for (const name of ['Ana', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay', 'Gus', 'Hal']) {
      const user = await make.user(app.services, ws, 'agent');
      await app.services.users.update(ws.admin, user.user.id, { name: `${name} Agent`, isSenior: ['Ana', 'Ben', 'Gus', 'Hal'].includes(name) });
      people[name] = user;
    }
    // Eight weeks of history: calls peak mid-morning, email arrives all day, chat in the afternoon.
    const rows = [];
    for (let days = 1; days <= 56; days++) {
      const day = daysBefore(days);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      for (let hour = 8; hour < 20; hour++) {
        rows.push({ workspace_id: ws.id, day, hour, channel: 'phone', created: Math.round(30 + 25 * Math.exp(-((hour - 10.5) ** 2) / 4)) });
        rows.push({ workspace_id: ws.id, day, hour, channel: 'email', created: 6 });
        if (hour >= 12) rows.push({ workspace_id: ws.id, day, hour, channel: 'chat', created: 14 });
      }
    }
    await database.handle.db.insertInto('metric_volume').values(rows).execute();
    // Real handle time: calls solved last week, five minutes each.
    clock.set(`${daysBefore(6)}T02:00:00Z`);
    for (let index = 0; index < 3; index++) {
      const ticket = await make.ticket(app.services, people.Cat.actor, { channel: 'phone' });
      await app.services.messages.add(people.Cat.actor, ticket.id, { text: 'Sorted on the call.', status: 'solved', timeSpentSeconds: 300 });
    }
    clock.set('2026-06-02T10:00:00.000Z');
    await createMetricsProjector({ db: database.handle.db, clock }).drain();

    // The week's shifts: the early one has a single senior; Ben is away on Thursday from the late one.
    const planner = { userId: supervisor.user.id, workspaceId: ws.id, role: 'supervisor' as const, via: 'token' as const };
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
    const early = await app.services.schedules.createShift(planner, { name: 'Early', days: [...weekdays], start: '08:00', end: '16:00', channels: ['phone', 'chat'] });
    const late = await app.services.schedules.createShift(planner, { name: 'Late', days: [...weekdays], start: '12:00', end: '20:00', channels: ['phone', 'email', 'chat'] });
    await app.services.schedules.assignAgents(planner, early.id, '2026-06-01', { userIds: [people.Ana, people.Cat, people.Dan, people.Eve].map((p) => p.user.id) });
    await app.services.schedules.assignAgents(planner, late.id, '2026-06-01', { userIds: [people.Ben, people.Gus, people.Fay].map((p) => p.user.id) });
    await app.services.schedules.createAbsence(planner, { userId: people.Ben.user.id, fromDay: '2026-06-04', toDay: '2026-06-04', reason: 'training' });
  });

  afterEach(screenshotOnFailure(() => page, 'planning-'));
  afterAll(() => desk?.close());

  const open = async (user: { email: string; password: string }, link: string) => {
    page = await desk.newPage({ user, viewport: { width: 1440, height: 1000 } });
    page.on('console', (message) => {
      // Refused requests (the bad values tried below) are logged too; scripts and CSP are what count.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
    return page;
  };

  it('shows forecast, required, scheduled and the gap per hour, per channel, with the settings', async () => {
    const page = await open(supervisor, 'Staffing');
    await page.waitForURL(/\/planning\/staffing$/);
    await page.getByTestId('staffing-chart').locator('svg').first().waitFor();
    const summary = page.getByTestId('staffing-summary');
    expect(await summary.textContent()).toMatch(/\d+ hours? under-staffed beyond −15 %/);
    const channels = page.getByTestId('staffing-channels');
    expect(await channels.getByRole('row', { name: /phone/ }).textContent()).toContain('Erlang C (service level)');
    expect(await channels.getByRole('row', { name: /phone/ }).textContent()).toContain('300 s measured on 3 solved tickets');
    expect(await channels.getByRole('row', { name: /email/ }).textContent()).toContain('Backlog (first response)');
    expect(await channels.getByRole('row', { name: /email/ }).textContent()).toContain('4 business hours');
    expect(await page.getByTestId('staffing-chart').getAttribute('aria-label')).toContain('Staffing per hour');
    await page.screenshot({ path: screenshotPath('planning-staffing') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('form', { name: 'Staffing filters' }).getByLabel('Channel').selectOption('phone');
    await page.waitForURL(/channel=phone/);
    await page.getByTestId('staffing-channels').getByRole('row', { name: /email/ }).waitFor({ state: 'detached' });
    await page.locator('summary', { hasText: 'Figures per hour' }).click();
    const ten = page.getByTestId('staffing-table').getByRole('row', { name: /^Tue, Jun 2, 10:00/ });
    // 10:00: 53 calls forecast need 7 agents on the line by Erlang C at 80/20, 10 to schedule at 30 % shrinkage;
    // Ana, Cat, Dan and Eve are on the early shift, all on the phones (no chat before noon).
    expect(await ten.textContent()).toBe('Tue, Jun 2, 10:0053104-6under-staffed');
    await page.screenshot({ path: screenshotPath('planning-staffing-phone'), fullPage: true });

    const settings = page.getByRole('form', { name: 'Staffing settings' });
    await settings.getByLabel('Shrinkage (%)').fill('20');
    await settings.getByLabel('Occupancy for email (%)').fill('0');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('alert').waitFor();
    expect(await settings.getByLabel('Occupancy for email (%)').getAttribute('aria-invalid')).toBe('true');
    await settings.getByLabel('Occupancy for email (%)').fill('70');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').getByText('Saved.').waitFor();
    expect((await desk.app.services.staffing.settings({ userId: supervisor.user.id, workspaceId: desk.ws.id, role: 'supervisor', via: 'token' })).shrinkage).toBe(0.2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('sizes one interval with the Erlang C calculator, naming a bad value beside its field', async () => {
    const page = await open(supervisor, 'Erlang C calculator');
    const result = page.getByTestId('erlang-result');
    await result.waitFor();
    // The textbook example: 10 Erlangs at 80 % in 20 s need 14 agents, 20 to schedule at 30 % shrinkage.
    expect(await result.locator('[data-figure="Agents on the line"]').textContent()).toBe('14');
    expect(await result.locator('[data-figure="Agents to schedule"]').textContent()).toBe('20');
    expect(await result.locator('[data-figure="Service level"]').textContent()).toBe('88.8 %');
    const form = page.getByRole('form', { name: 'Erlang C calculator' });
    await form.getByLabel('Contacts per hour').fill('100');
    await form.getByLabel('Handle time (s)').fill('240');
    await form.getByLabel('Shrinkage (%)').fill('');
    await form.getByRole('button', { name: 'Calculate' }).click();
    await result.locator('[data-figure="Agents on the line"]').getByText('10', { exact: true }).waitFor();
    expect(await result.locator('[data-figure="Service level"]').textContent()).toBe('86.8 %');
    expect(await result.locator('[data-figure="Average speed of answer"]').textContent()).toBe('12.6 s');
    await page.screenshot({ path: screenshotPath('planning-erlang-c') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await form.getByLabel('Service level (%)').fill('100');
    await form.getByRole('button', { name: 'Calculate' }).click();
    await page.getByRole('alert').waitFor();
    expect(await form.getByLabel('Service level (%)').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the week’s schedule with senior warnings and coverage, and fixes one by adding a senior', async () => {
    const page = await open(supervisor, 'Schedule');
    await page.waitForURL(/\/planning\/schedule$/);
    const grid = page.getByTestId('schedule-grid');
    await grid.waitFor();
    expect(await page.getByTestId('schedule-week').textContent()).toBe('Week of Mon, Jun 1');
    expect(await page.getByTestId('schedule-warnings').textContent()).toContain('2 shifts with fewer than two seniors');
    const earlyRow = grid.locator('[data-shift="Early"]');
    expect(await earlyRow.textContent()).toContain('Fewer than two seniors');
    expect(await earlyRow.textContent()).toContain('1 senior of 4');
    const lateRow = grid.locator('[data-shift="Late"]');
    expect(await lateRow.locator('td').nth(3).textContent()).toContain('1 senior of 2'); // Thursday: Ben away
    expect(await lateRow.locator('td').nth(3).locator('.line-through').textContent()).toContain('Ben Agent');
    await page.getByTestId('schedule-coverage').waitFor();
    expect(await page.getByTestId('schedule-coverage').getByRole('row', { name: /Tue/ }).textContent()).toMatch(/required/);
    await page.screenshot({ path: screenshotPath('planning-schedule'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await earlyRow.getByRole('button', { name: 'Agents on Early' }).click();
    const dialog = page.getByRole('dialog', { name: 'Agents on Early this week' });
    expect(await dialog.getByRole('status').textContent()).toBe('1 senior chosen: a shift needs two');
    await dialog.getByLabel(/Hal Agent/).check();
    expect(await dialog.getByRole('status').textContent()).toBe('2 seniors chosen');
    await page.screenshot({ path: screenshotPath('planning-schedule-assign') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save agents' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('schedule-warnings').getByText('1 shift with fewer than two seniors').waitFor();
    expect(await earlyRow.textContent()).toContain('2 seniors of 5');

    const absence = page.getByRole('form', { name: 'Add absence' });
    await absence.getByLabel('Agent').selectOption({ label: 'Hal Agent' });
    await absence.getByLabel('From').fill('2026-06-05');
    await absence.getByLabel('To').fill('2026-06-05');
    await absence.getByRole('button', { name: 'Add absence' }).click();
    await page.getByTestId('absences').getByText(/Hal Agent: 2026-06-05 \(vacation\)/).waitFor();
    await earlyRow.locator('td').nth(4).getByText('1 senior of 4').waitFor();
  });

  it('shows an agent their own shifts and nothing to plan', async () => {
    const page = await open(people.Cat, 'My shifts');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Schedule' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Staffing' }).count()).toBe(0);
    const shifts = page.getByTestId('my-shifts');
    await shifts.waitFor();
    expect(await shifts.locator('tbody tr').count()).toBe(5);
    expect(await shifts.locator('tbody tr').first().textContent()).toContain('Monday, June 108:00–16:00Earlyphone, chat');
    expect(await shifts.locator('tbody tr').first().textContent()).toContain('Ana Agent (senior)');
    await page.screenshot({ path: screenshotPath('planning-my-shifts') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
