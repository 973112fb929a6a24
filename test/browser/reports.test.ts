import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createMetricsProjector } from '../../src/modules/metrics/service.ts';
import { surveyToken } from '../../src/modules/surveys/token.ts';
import { make } from '../factories.ts';
import { TEST_SECRET } from '../harness.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// A supervisor reads the service report of the last 30 days and opens the tickets behind a figure;
// an agent sees only their own figures.
describe('agent app: service report in Chromium', () => {
  let desk: BrowserDesk;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  const subjects = { oneTouch: 'Password reset link expired', twoReplies: 'Invoice shows the wrong VAT', open: 'Export to CSV fails' };
  let page: Page | undefined;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    const { app, ws } = desk;
    supervisor = await make.user(app.services, ws, 'supervisor');
    agent = await make.user(app.services, ws, 'agent');
    const oneTouch = await make.ticket(app.services, agent.actor, { subject: subjects.oneTouch, channel: 'email', assigneeId: agent.user.id });
    const twoReplies = await make.ticket(app.services, agent.actor, { subject: subjects.twoReplies, channel: 'phone' });
    await make.ticket(app.services, agent.actor, { subject: subjects.open, channel: 'chat' });
    clock.advance(20 * 60_000);
    await app.services.messages.add(agent.actor, oneTouch.id, { text: 'Here is a new link.', status: 'solved' });
    await app.services.messages.add(agent.actor, twoReplies.id, { text: 'Checking with billing.' });
    clock.advance(100 * 60_000);
    await app.services.messages.add(agent.actor, twoReplies.id, { text: 'Corrected invoice attached.', status: 'solved' });
    await createMetricsProjector({ db: desk.database.handle.db, clock }).drain();
    app.realtime.start();
  });

  afterEach(screenshotOnFailure(() => page, 'reports-'));
  afterAll(() => desk?.close());

  const figure = (name: string) => page!.locator(`[data-figure="${name}"]`);

  it('shows the period’s figures, and each opens exactly the tickets it counts', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/reports$/);
    await figure('New tickets').getByText('3').waitFor();
    expect(await figure('Solved').locator('a').textContent()).toBe('2');
    expect(await figure('First contact resolution').textContent()).toContain('50.0 %');
    expect(await figure('First contact resolution').textContent()).toContain('1 of 2 solved in one touch');
    expect(await figure('First reply').locator('a').textContent()).toBe('20m');
    expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('report-backlog').getByRole('row', { name: /^new/ }).waitFor();
    expect(await page.getByTestId('report-backlog').getByRole('row', { name: /^new/ }).textContent()).toBe('new100001'); // the unanswered chat: under a day old
    await page.getByTestId('report-volume-hours').waitFor();
    expect(await page.getByTestId('report-volume-hours').textContent()).toContain('9:00–9:59: 3 new');
    expect(await page.getByTestId('report-volume-weekdays').getByRole('row', { name: /Mon/ }).textContent()).toContain('3 (0.6 a day)'); // five Mondays from Feb 1 to Mar 2
    await page.screenshot({ path: screenshotPath('reports-overview') });
    await page.getByTestId('report-volume-weekdays').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reports-volume') });
    // One email ($1.15), one phone call ($7.50), one chat ($1.75): $3.47 a contact.
    expect(await page.getByRole('heading', { name: /Cost per contact:/ }).textContent()).toContain('$3.47');
    expect(await page.getByTestId('report-cost-trend').locator('tbody tr').count()).toBe(12);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await figure('First contact resolution').getByRole('link').click();
    await page.waitForURL(/\/reports\/tickets\?/);
    await page.getByRole('heading', { name: /First contact resolution/ }).waitFor();
    const rows = page.getByTestId('report-tickets').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(subjects.oneTouch);
    await page.screenshot({ path: screenshotPath('reports-drill-down') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Back to the report' }).click();
    // Nobody answered the chat within its 60 seconds: the one missed first response opens that ticket.
    expect(await figure('First response').textContent()).toContain('2 of 3 met');
    await figure('First response').getByRole('link', { name: '1 missed' }).click();
    await page.getByTestId('report-tickets').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('report-tickets').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('report-tickets').textContent()).toContain(subjects.open);
    await page.getByRole('link', { name: 'Back to the report' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV: By channel' }).click()]);
    expect(download.suggestedFilename()).toBe('report-by-channel-2026-02-01-2026-03-02.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('Channel,New,Solved,FCR,First reply (business) (min),Resolution (business) (min),Handle time (min)');
    expect(csv).toContain('\r\nemail,1,1,100,20,20,\r\n');
    await page.getByTestId('report-By channel').getByRole('row', { name: /phone/ }).getByRole('link').first().click();
    await page.getByTestId('report-tickets').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('report-tickets').textContent()).toContain(subjects.twoReplies);
    expect(await page.getByTestId('report-tickets').locator('tbody tr').count()).toBe(1);
  });

  it('follows the desk without a reload: a new ticket shows in the figures', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/reports`);
    await figure('New tickets').getByText('3').waitFor();
    await make.ticket(desk.app.services, agent.actor, { subject: 'Arrived while the report was open', channel: 'email' });
    await createMetricsProjector({ db: desk.database.handle.db, clock }).drain();
    await figure('New tickets').getByText('4').waitFor({ timeout: 15_000 });
  });

  it('lets an admin set the cost per contact and the targets, refusing a bad value beside its field', async () => {
    const admin = await make.user(desk.app.services, desk.ws, 'admin');
    page = await desk.newPage({ user: admin });
    await page.goto(`${desk.url}/admin/reports`);
    const form = page.getByRole('form', { name: 'Reports: costs and targets' });
    await form.getByLabel('phone').waitFor();
    expect(await form.getByLabel('phone').inputValue()).toBe('7.5');
    await form.getByLabel('Currency').fill('e1');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('report-settings-error').waitFor();
    expect(await form.getByLabel('Currency').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Currency').fill('EUR');
    await form.getByLabel('phone').fill('6');
    await form.getByLabel('FCR from (%)').fill('75');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. The reports use the new costs and targets.').waitFor();
    await page.screenshot({ path: screenshotPath('reports-admin-settings') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
    await figure('First contact resolution').getByText('Target 75–80 %').waitFor();
    // Two emails at 1.15, the call now at 6, the chat at 1.75: 10.05 over 4 contacts.
    expect(await page.getByRole('heading', { name: /Cost per contact:/ }).textContent()).toContain('€2.51');
  });

  it('records the time an agent spent with the reply they send', async () => {
    const ticket = await make.ticket(desk.app.services, agent.actor, { subject: 'Timed work', channel: 'phone', assigneeId: agent.user.id });
    page = await desk.newPage({ user: agent });
    await page.goto(`${desk.url}/tickets/${ticket.id}`);
    await page.getByRole('textbox', { name: 'Reply to the customer' }).fill('Called and fixed it.');
    const minutes = page.getByRole('spinbutton', { name: 'Time spent' });
    expect(await minutes.inputValue()).toBe('0');
    await minutes.fill('7');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent.').waitFor();
    const sent = (await desk.app.services.messages.list(agent.actor, ticket.id)).find((message) => message.text.includes('Called and fixed'));
    expect(sent?.timeSpentSeconds).toBe(420);
    // The count starts again for the next message.
    expect(await minutes.inputValue()).toBe('0');
  });

  it('narrows the report to the agent’s own tickets for an agent', async () => {
    page = await desk.newPage({ user: agent });
    await page.goto(`${desk.url}/reports`);
    await page.getByText('Your tickets: agents see their own figures.').waitFor();
    await figure('New tickets').getByText('1').waitFor(); // their own (the later ticket is not assigned to them)
    expect(await figure('First contact resolution').textContent()).toContain('100.0 %');
    await page.screenshot({ path: screenshotPath('reports-agent') });
  });

  it('shows the customer’s survey answer on the ticket', async () => {
    const { services } = desk.app;
    await services.mailboxes.create(desk.ws.admin, { address: 'help@reports.test', name: 'Help Desk' });
    const ticket = await make.ticket(services, agent.actor, { subject: 'Refund took weeks', channel: 'email', assigneeId: agent.user.id });
    await services.messages.add(agent.actor, ticket.id, { text: 'Refunded.', status: 'solved' });
    await services.surveys.ticketChanged(desk.ws.id, ticket.id); // what the ticket.updated subscriber does
    clock.advance(25 * 3_600_000);
    await services.surveys.sendDue();
    const survey = await desk.database.handle.db.selectFrom('survey').select('id').where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    await services.surveys.answer(surveyToken(TEST_SECRET, survey.id), 'customer', { score: 2, reason: 'Took too long', comment: 'Three weeks <b>is</b> too long.' }, 'json');
    page = await desk.newPage({ user: agent });
    await page.goto(`${desk.url}/tickets/${ticket.id}`);
    const panel = page.getByTestId('survey-panel');
    await panel.getByText('2 of 5').waitFor();
    expect(await panel.textContent()).toContain('Took too long');
    expect(await panel.locator('blockquote').textContent()).toBe('Three weeks <b>is</b> too long.');
    await panel.screenshot({ path: screenshotPath('reports-ticket-survey') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feedback' }).click();
    const rows = page.getByTestId('feedback').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('2 of 5');
    expect(await rows.first().textContent()).toContain('Three weeks <b>is</b> too long.');
    await page.screenshot({ path: screenshotPath('reports-feedback') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Scores').selectOption('high');
    await page.getByText('No answers yet.').waitFor();
  });
});
