import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createMetricsProjector } from '../../src/modules/metrics/service.ts';
import { make } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// A supervisor watches the live operations dashboard, opens the tickets behind its numbers, reads
// a monthly report with its charts, times, contact reasons and complaints, and schedules it.
describe('agent app: operations dashboard and service report in Chromium', () => {
  let desk: BrowserDesk;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let page: Page | undefined;
  const clock = fixedClock('2026-03-30T09:00:00.000Z'); // a Monday
  const drain = () => createMetricsProjector({ db: desk.database.handle.db, clock }).drain();

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    const { app, ws } = desk;
    supervisor = await make.user(app.services, ws, 'supervisor');
    agent = await make.user(app.services, ws, 'agent');
    await app.services.routing.updateAgentState(agent.actor, agent.user.id, { availability: 'online' });
    // The four Mondays before: a growing email intake, a chat or two, spread over the morning; all solved within the hour.
    for (const [week, emails] of [[4, 3], [3, 5], [2, 4], [1, 6]] as const) {
      for (let i = 0; i < emails + 2; i += 1) {
        clock.set(new Date(Date.parse('2026-03-30T07:00:00Z') - week * 7 * 86_400_000 + i * 47 * 60_000).toISOString());
        const ticket = await make.ticket(app.services, agent.actor, {
          subject: `Week ${week} question ${i}`,
          channel: i < emails ? 'email' : 'chat',
          tags: i % 3 === 0 ? ['billing'] : i % 3 === 1 ? ['login', 'billing'] : ['shipping'],
        });
        clock.advance((5 + i * 7) * 60_000);
        await app.services.messages.add(agent.actor, ticket.id, { text: 'Sorted.', status: 'solved' });
      }
    }
    // A complaint last week, its root cause found.
    clock.set('2026-03-25T10:00:00Z');
    const complaint = await make.ticket(app.services, agent.actor, { subject: 'Courier never came', type: 'complaint', channel: 'email', tags: ['shipping'] });
    await app.services.complaints.update(supervisor.actor, complaint.id, { rootCause: 'The courier booking failed silently after the carrier changed its API', rootCauseCategory: 'technology' });
    // This morning: the desk is busy.
    for (const [minutes, channel, subject] of [
      [0, 'email', 'Invoice total looks wrong'],
      [10, 'email', 'Cannot log in since Friday'],
      [25, 'phone', 'Call back about the refund'],
      [40, 'email', 'Where is my parcel?'],
      [59, 'chat', 'Checkout button does nothing'],
    ] as const) {
      clock.set(new Date(Date.parse('2026-03-30T08:00:00Z') + minutes * 60_000).toISOString());
      await make.ticket(app.services, agent.actor, { subject, channel, assigneeId: channel === 'email' ? agent.user.id : undefined });
    }
    clock.set('2026-03-30T09:00:00Z');
    await drain();
    app.realtime.start();
  });

  afterEach(screenshotOnFailure(() => page, 'dashboard-'));
  afterAll(() => desk?.close());

  const figure = (name: string) => page!.locator(`[data-figure="${name}"]`);

  it('shows what is open now and today’s intake, each number opening its tickets', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
    await figure('Open tickets').getByText('6').waitFor(); // five this morning and the open complaint
    expect(await figure('Agents online').textContent()).toContain('1');
    await page.getByTestId('dashboard-open-chart').locator('svg').waitFor();
    await page.getByTestId('dashboard-volume-chart').locator('svg').waitFor();
    const email = page.getByTestId('dashboard-volume').getByRole('row', { name: /^email/ });
    expect(await email.textContent()).toContain('3'); // today
    expect(await email.textContent()).toContain('4.5'); // the four Mondays' average
    await page.screenshot({ path: screenshotPath('dashboard-overview'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const breached = Number(await figure('SLA breached now').getByRole('link').textContent());
    expect(breached).toBeGreaterThanOrEqual(1);
    await figure('SLA breached now').getByRole('link').click();
    await page.waitForURL(/\/dashboard\/tickets\?/);
    const rows = page.getByTestId('report-tickets').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(breached);
    await page.screenshot({ path: screenshotPath('dashboard-drill-down') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();

    // Today's email intake opens the report's drill-down of those very tickets.
    await page.getByTestId('dashboard-volume').getByRole('row', { name: /^email/ }).getByRole('link').first().click();
    await page.getByTestId('report-tickets').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('report-tickets').locator('tbody tr').count()).toBe(3);
  });

  it('reads a monthly report with trend charts, medians and p90s, contact reasons and root causes', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/reports`);
    await page.getByRole('button', { name: 'Last month' }).waitFor();
    // "Last month" as the browser sees today (the desk's clock is in 2026-03; the page's is now).
    await page.goto(`${desk.url}/reports?from=2026-03-01&to=2026-03-31`);
    await figure('New tickets').getByText('32').waitFor(); // 26 on the Mondays, the complaint, five today
    await page.getByTestId('report-trend-volume').locator('svg').waitFor();
    await page.getByTestId('report-trend-quality').locator('svg').waitFor();
    const times = page.getByTestId('report-times');
    expect(await times.getByRole('row', { name: /^First reply · business hours/ }).textContent()).toMatch(/\d+m/);
    const reasons = page.getByTestId('report-contact-reasons');
    expect(await reasons.getByRole('row', { name: /^billing/ }).textContent()).toContain('19');
    const complaints = page.getByTestId('report-complaints');
    expect(await complaints.textContent()).toContain('technology');
    expect(await page.getByRole('list', { name: 'Latest root causes found' }).textContent()).toContain('carrier changed its API');
    await page.getByTestId('report-trends').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reports-charts') });
    await page.getByTestId('report-contact-reasons').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reports-reasons-complaints') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const pdf = page.getByRole('link', { name: 'Download PDF' });
    expect(await pdf.getAttribute('href')).toBe('/api/v1/reports/service-report.pdf?from=2026-03-01&to=2026-03-31');
    const [download] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
    expect(download.suggestedFilename()).toBe('service-report-2026-03-01-2026-03-31.pdf');

    await reasons.getByRole('row', { name: /^login/ }).getByRole('link').click();
    await page.getByTestId('report-tickets').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('report-tickets').locator('tbody tr').count()).toBe(9);
  });

  it('schedules the report by e-mail and refuses a schedule without recipients beside its field', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/reports`);
    await page.getByRole('link', { name: 'Scheduled e-mails' }).click();
    await page.getByText('No report is scheduled yet.').waitFor();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name').fill('Monday digest');
    await form.getByRole('button', { name: 'Schedule it' }).click();
    await form.getByText('no recipient').first().waitFor();
    await form.getByLabel(supervisor.user.name).check();
    await form.getByLabel('Other addresses (one a line)').fill('board@example.test');
    await form.getByLabel('Report').selectOption('monthly');
    await form.getByRole('button', { name: 'Schedule it' }).click();
    await page.getByText('Scheduled.').waitFor();
    const row = page.getByTestId('report-schedules').getByRole('row', { name: /Monday digest/ });
    expect(await row.textContent()).toContain('Monthly');
    expect(await row.textContent()).toContain('board@example.test');
    await page.screenshot({ path: screenshotPath('reports-schedules') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('paused').waitFor();
  });

  it('follows the desk live: a ticket that arrives while the dashboard is open shows without a reload', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/dashboard`);
    await figure('Open tickets').getByText('6').waitFor();
    await make.ticket(desk.app.services, agent.actor, { subject: 'Arrived while watching', channel: 'portal' });
    await figure('Open tickets').getByText('7').waitFor({ timeout: 15_000 });
  });

  it('gives an agent their own dashboard', async () => {
    page = await desk.newPage({ user: agent });
    await page.goto(`${desk.url}/dashboard`);
    await page.getByText('Your tickets and your teams’ people: agents see their own figures.').waitFor();
    await figure('Open tickets').getByText('3').waitFor(); // the three emails assigned to them
    await page.screenshot({ path: screenshotPath('dashboard-agent') });
  });
});
