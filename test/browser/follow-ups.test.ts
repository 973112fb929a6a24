import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { make } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// A supervisor opens Customers → Follow-ups, sees an overdue low-CSAT follow-up and closes it with a note.
describe('agent app: CSAT follow-ups in Chromium', () => {
  let desk: BrowserDesk;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let page: Page | undefined;
  const clock = fixedClock('2026-03-06T15:00:00.000Z');
  const subject = 'Refund never arrived';

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    const { app, ws } = desk;
    supervisor = await make.user(app.services, ws, 'supervisor');
    const ticket = await make.ticket(app.services, supervisor.actor, { subject });
    // The subscriber's input, as the dispatcher would deliver it after a customer's answer of 1.
    await app.services.followUps.surveyAnswered({
      id: 1,
      workspaceId: ws.id,
      aggregateId: ticket.id,
      type: 'survey.answered',
      payload: { ticketId: ticket.id, surveyId: 'survey-1', score: 1, ces: null, reason: null, hasComment: false, changed: false },
      createdAt: clock.now(),
      attempt: 1,
    });
    clock.advance(5 * 86_400_000); // past Tuesday 17:00: overdue
  });

  afterEach(screenshotOnFailure(() => page, 'follow-ups-'));
  afterAll(() => desk?.close());

  it('lists the open follow-up, overdue in red, and closes it with a "what we changed" note', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Follow-ups' }).click();
    await page.waitForURL(/\/follow-ups$/);
    const row = page.getByTestId('follow-ups').getByRole('row', { name: new RegExp(subject) });
    await row.waitFor();
    expect(await row.textContent()).toContain('1 of 5');
    expect(await row.textContent()).toContain('overdue');
    await page.screenshot({ path: screenshotPath('follow-ups-list') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Close…' }).click();
    await page.getByLabel('What we changed').fill('Refunds now go out the same day.');
    await page.getByRole('button', { name: 'Close follow-up' }).click();
    await page.getByText('No open follow-ups.').waitFor();
    const [stored] = await desk.database.handle.db.selectFrom('follow_up').selectAll().execute();
    expect(stored).toMatchObject({ status: 'done', change_note: 'Refunds now go out the same day.' });
  });
});
