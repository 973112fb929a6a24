import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createMetricsProjector } from '../../src/modules/metrics/service.ts';
import { make } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// After the retention job removed 2023's raw data, the report of a 2023 month still shows its figures
// and says they come from the summaries; a recent period says nothing of the kind.
describe('agent app: report of a period past data retention', () => {
  let desk: BrowserDesk;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let page: Page | undefined;
  const clock = fixedClock('2023-05-08T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    const { app, ws } = desk;
    supervisor = await make.user(app.services, ws, 'supervisor');
    const agent = await make.user(app.services, ws, 'agent');
    for (const subject of ['Parcel never arrived', 'Refund for order 4471', 'Change of address']) {
      const ticket = await make.ticket(app.services, agent.actor, { subject, channel: 'email' });
      clock.advance(30 * 60_000);
      await app.services.messages.add(agent.actor, ticket.id, { text: 'Sorted, thank you.', status: 'solved' });
    }
    const projector = createMetricsProjector({ db: desk.database.handle.db, clock });
    await projector.drain();
    clock.set('2026-03-02T09:00:00.000Z');
    await make.ticket(app.services, agent.actor, { subject: 'Login fails', channel: 'chat' });
    await projector.drain();
    const run = await app.services.retention.runNow(ws.id);
    expect(run.totals.ticketsAnonymised).toBe(3);
  });

  afterEach(screenshotOnFailure(() => page, 'reports-retention-'));
  afterAll(() => desk?.close());

  it('shows an old month’s figures from summaries and says so', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/reports?from=2023-05-01&to=2023-05-31`);
    const note = page.getByTestId('retention-note');
    await note.waitFor();
    expect(await note.textContent()).toContain('Figures for days before 2024-03-02 come from the summaries kept after their raw data was removed');
    await page.locator('[data-figure="New tickets"]').getByText('3').waitFor();
    expect(await page.locator('[data-figure="Solved"] a').textContent()).toBe('3');
    await page.screenshot({ path: screenshotPath('reports-retention-old-period') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto(`${desk.url}/reports?from=2026-02-01&to=2026-03-02`);
    await page.locator('[data-figure="New tickets"]').getByText('1').waitFor();
    expect(await page.getByTestId('retention-note').count()).toBe(0);
  });
});
