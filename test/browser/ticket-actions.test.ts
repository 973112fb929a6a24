import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { make, type Workspace } from '../factories.ts';
import { TEST_SECRET } from '../harness.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// The ticket view's actions: history, escalation, links, merge, custom fields and statuses.
describe('agent app: ticket actions in Chromium', () => {
  let desk: BrowserDesk;
  let services: Services;
  let url: string;
  let ws: Workspace;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let page: Page;
  const clock = fixedClock('2026-03-02T10:00:00.000Z');
  const tickets: Record<string, { id: string; number: number }> = {};

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock, viewport: { width: 1280, height: 1000 } });
    ({ url, ws } = desk);
    services = createServices(desk.database.handle, { clock, secret: TEST_SECRET });
    agent = await make.user(services, ws, 'agent');
    await services.customFields.create(ws.admin, { key: 'product', label: 'Product', type: 'select', options: ['Billing', 'Reports'] });
    await services.customFields.create(ws.admin, { key: 'contract', label: 'Contract number', type: 'text' });
    await services.ticketStatuses.create(ws.admin, { key: 'waiting-vendor', label: 'Waiting for vendor', category: 'on-hold' });
    const mine = { channel: 'phone' as const, assigneeId: agent.user.id };
    tickets.main = await make.ticket(services, ws.admin, { ...mine, subject: 'Checkout fails for every card' });
    tickets.other = await make.ticket(services, ws.admin, { ...mine, subject: 'Payments are down' });
    tickets.dupe = await make.ticket(services, ws.admin, { ...mine, subject: 'Card payments broken again' });
    clock.set('2026-03-02T10:05:00.000Z');

    page = await desk.newPage({ user: agent });
  });

  afterEach(screenshotOnFailure(() => page));

  afterAll(() => desk?.close());

  const openTicket = async (id: string, subject: RegExp) => {
    await page.goto(`${url}/tickets/${id}`);
    await page.getByRole('heading', { name: subject }).waitFor();
  };

  it('escalates with a required reason and shows it in the history', async () => {
    await openTicket(tickets.main.id, /Checkout fails/);
    const panel = page.getByRole('region', { name: 'Escalation' });
    await expect.poll(() => panel.getByTestId('escalation-tier').textContent()).toBe('Tier 1');
    await panel.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate this ticket' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.getByText('Give a reason for the escalation.').waitFor();
    await dialog.getByLabel('Reason').fill('Every customer is affected; needs a specialist.');
    await page.screenshot({ path: screenshotPath('ticket-escalate-dialog') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => panel.getByTestId('escalation-tier').textContent()).toBe('Tier 2 · Specialist');
    await panel.getByText('Every customer is affected; needs a specialist.').waitFor();
    expect((await services.tickets.get(ws.admin, tickets.main.id)).escalationTier).toBe(2);

    const history = page.getByRole('region', { name: 'History' });
    await history.getByRole('button', { name: 'Show history' }).click();
    const entry = history.locator('[data-field="escalationTier"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Escalation tier: 1 → 2');
    expect(await entry.textContent()).toContain('Every customer is affected; needs a specialist.');
    expect(await entry.textContent()).toContain(agent.user.name);
  });

  it('links two tickets by number and removes a link', async () => {
    const links = page.getByRole('region', { name: 'Links' });
    await links.getByLabel('Relation').selectOption('duplicate-of');
    await links.getByLabel('Ticket number or id').fill(`#${tickets.other.number}`);
    await links.getByRole('button', { name: 'Add link' }).click();
    const item = links.locator('[data-relation="duplicate-of"]');
    await item.waitFor();
    expect(await item.textContent()).toContain(`Duplicate of #${tickets.other.number} Payments are down`);
    const stored = await services.ticketLinks.list(ws.admin, tickets.other.id);
    expect(stored.map((l) => [l.relation, l.ticket.id])).toEqual([['duplicated-by', tickets.main.id]]);

    // A number that names no ticket is refused.
    await links.getByLabel('Ticket number or id').fill('#99999');
    await links.getByRole('button', { name: 'Add link' }).click();
    await links.getByRole('alert').waitFor();

    await links.getByLabel('Relation').selectOption('related');
    await links.getByLabel('Ticket number or id').fill(String(tickets.dupe.number));
    await links.getByRole('button', { name: 'Add link' }).click();
    await links.locator('[data-relation="related"]').waitFor();
    await links.getByRole('button', { name: `Remove link to #${tickets.dupe.number}` }).click();
    await links.locator('[data-relation="related"]').waitFor({ state: 'hidden' });
    expect(await services.ticketLinks.list(ws.admin, tickets.dupe.id)).toEqual([]);
  });

  it('sets a custom field and a custom status, and suggests the matrix priority', async () => {
    const fields = page.getByRole('region', { name: 'Ticket', exact: true });
    await fields.getByLabel('Product').selectOption('Billing');
    await fields.getByLabel('Contract number').fill('C-1042');
    await fields.getByLabel('Custom status').selectOption('waiting-vendor');
    expect(await fields.getByLabel('Status', { exact: true }).inputValue()).toBe('on-hold');
    await fields.getByLabel('Impact').selectOption('critical');
    await fields.getByLabel('Urgency').selectOption('critical');
    await expect.poll(() => fields.getByTestId('priority-suggestion').textContent()).toBe('Impact and urgency suggest P1 · Urgent.');
    await fields.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => fields.getByRole('status').textContent()).toBe('Saved.');
    const stored = await services.tickets.get(ws.admin, tickets.main.id);
    expect(stored.customFields).toEqual({ product: 'Billing', contract: 'C-1042' });
    expect([stored.status, stored.customStatus, stored.impact, stored.urgency]).toEqual([
      'on-hold',
      'waiting-vendor',
      'critical',
      'critical',
    ]);
    expect(await fields.getByLabel('Product').inputValue()).toBe('Billing');

    // Everything open at once: fields, escalation, links and history pass axe.
    await page.getByRole('region', { name: 'History' }).locator('[data-field="customStatus"]').first().waitFor();
    expect(await page.getByRole('region', { name: 'History' }).locator('[data-field="customFields"]').first().textContent()).toContain(
      'Product: none → Billing; Contract number: none → C-1042',
    );
    await page.screenshot({ path: screenshotPath('ticket-actions-panels') });
    // The side column scrolls on its own: keep each panel as its own picture too.
    await fields.screenshot({ path: screenshotPath('ticket-actions-fields') });
    await page.getByRole('region', { name: 'Links' }).screenshot({ path: screenshotPath('ticket-actions-links') });
    await page.getByRole('region', { name: 'History' }).screenshot({ path: screenshotPath('ticket-actions-history') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('merges a ticket into another after confirming, and lands on the survivor', async () => {
    await openTicket(tickets.dupe.id, /Card payments broken again/);
    const links = page.getByRole('region', { name: 'Links' });
    await links.getByRole('button', { name: 'Merge into another ticket…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge this ticket' });
    await dialog.getByLabel('Merge into ticket (number or id)').fill(`#${tickets.other.number}`);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText(`Merge #${tickets.dupe.number} into #${tickets.other.number} “Payments are down”?`, { exact: false }).waitFor();
    await page.screenshot({ path: screenshotPath('ticket-merge-confirm') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.waitForURL(new RegExp(`/tickets/${tickets.other.id}$`));
    await page.getByRole('heading', { name: /Payments are down/ }).waitFor();
    expect((await services.tickets.get(ws.admin, tickets.dupe.id)).mergedIntoId).toBe(tickets.other.id);
    // The merged ticket's message now sits on the survivor.
    await expect.poll(() => page.locator('[data-message-kind="customer"]').count()).toBe(2);
  });

  it('splits a message into a new ticket', async () => {
    const before = await services.messages.list(ws.admin, tickets.other.id);
    const moved = before[1];
    await page
      .getByRole('button', { name: /^Split into a new ticket: the message from/ })
      .nth(1)
      .click();
    const dialog = page.getByRole('dialog', { name: 'Split into a new ticket' });
    await dialog.getByLabel('Subject of the new ticket').fill('Card payments: second report');
    await dialog.getByRole('button', { name: 'Split' }).click();
    await page.getByRole('heading', { name: /Card payments: second report/ }).waitFor();
    const after = await services.messages.list(ws.admin, tickets.other.id);
    expect(after.map((m) => m.id)).not.toContain(moved.id);
    const created = await services.tickets.get(ws.admin, page.url().split('/').pop() as string);
    expect((await services.messages.list(ws.admin, created.id)).map((m) => m.id)).toEqual([moved.id]);
    const links = page.getByRole('region', { name: 'Links' });
    expect(await links.locator('[data-relation="related"]').textContent()).toContain(`#${tickets.other.number}`);
  });

  it('finds a ticket by number over the API', async () => {
    const status = (number: number) =>
      page.evaluate(async (n) => {
        const response = await fetch(`/api/v1/tickets/by-number/${n}`);
        return [response.status, response.status === 200 ? ((await response.json()) as { id: string }).id : null];
      }, number);
    expect(await status(tickets.main.number)).toEqual([200, tickets.main.id]);
    expect(await status(99999)).toEqual([404, null]);
  });
});
