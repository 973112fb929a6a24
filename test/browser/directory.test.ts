import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { make, type Workspace } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

describe('agent app: contacts, organisations and bulk changes in Chromium', () => {
  let desk: BrowserDesk;
  let app: BrowserDesk['app'];
  let url: string;
  let ws: Workspace;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let contact: { id: string };
  let organisation: { id: string };
  let unassigned: Array<{ id: string; number: number }>;
  let page: Page;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    ({ app, url, ws } = desk);
    admin = await make.user(app.services, ws, 'admin');
    agent = await make.user(app.services, ws, 'agent');
    organisation = await app.services.organisations.create(ws.admin, {
      name: 'Acme Corp',
      tier: 'premium',
      domains: ['acme.test'],
      accountManagerId: admin.user.id,
    });
    contact = await make.contact(app.services, ws.admin, {
      name: 'Dana Doe',
      emails: ['dana@acme.test'],
      phones: ['+44 20 7946 0000'],
      organisationId: organisation.id,
      consent: { email: true, marketing: false },
    });
    await make.contact(app.services, ws.admin, { name: 'Eli Elsewhere', emails: ['eli@example.test'] });
    await make.ticket(app.services, ws.admin, {
      subject: 'Invoice missing',
      requester: undefined,
      requesterId: contact.id,
      assigneeId: admin.user.id,
    });
    await make.ticket(app.services, ws.admin, { subject: 'Cannot log in', requester: undefined, requesterId: contact.id });
    unassigned = [
      await make.ticket(app.services, ws.admin, { subject: 'Refund request', priority: 'P2' }),
      await make.ticket(app.services, ws.admin, { subject: 'Broken link on pricing page', priority: 'P3' }),
      await make.ticket(app.services, ws.admin, { subject: 'Stays unassigned', priority: 'P4' }),
    ];

    page = await desk.newPage({ user: admin });
  });

  afterEach(screenshotOnFailure(() => page, 'directory-'));

  afterAll(() => desk?.close());

  it('opens a contact from the contacts list, edits it (with the API’s objections beside the fields) and lists its tickets', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.waitForURL(/\/contacts$/);
    const row = page.locator('tr[data-contact="dana@acme.test"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Acme Corp');
    expect(await row.textContent()).toContain('Standard');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('directory-contacts') });

    // Finding a contact by the start of a name narrows the list to them.
    const others = page.locator('tr[data-contact="eli@example.test"]');
    await others.waitFor();
    await page.getByLabel('Find').fill('dan');
    await others.waitFor({ state: 'detached' });
    await row.waitFor();
    expect(await page.locator('main tbody tr').count()).toBe(1);
    await page.getByLabel('Find').fill('nobody-matches-this');
    await page.getByText('No contacts match.').waitFor();
    await page.getByLabel('Find').fill('');
    await others.waitFor();

    await row.getByRole('link', { name: 'Dana Doe' }).click();
    await page.waitForURL(new RegExp(`/contacts/${contact.id}$`));
    await page.getByRole('heading', { name: 'Dana Doe', level: 1 }).waitFor();
    const tickets = page.getByRole('table', { name: 'Tickets of Dana Doe' });
    await tickets.waitFor();
    expect(await tickets.locator('tbody tr').count()).toBe(2);
    expect(await tickets.textContent()).toContain('Invoice missing');
    expect(await tickets.textContent()).toContain('Cannot log in');
    const details = page.getByRole('region', { name: 'Details' });
    expect(await details.textContent()).toContain('Service email: yes');
    expect(await details.textContent()).toContain('Marketing: no');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit contact “Dana Doe”' });
    await form.getByLabel('Emails (one per line)').fill('dana@acme.test\nnot-an-email');
    await form.getByLabel('Phones (one per line)').fill('+44 20 7946 0000\n+1 555 0100');
    await form.getByRole('button', { name: 'Save' }).click();
    const emailsField = form.getByLabel('Emails (one per line)');
    await expect.poll(() => emailsField.getAttribute('aria-invalid')).toBe('true');
    const emailsError = page.locator(`#${await emailsField.getAttribute('aria-describedby')}`);
    expect(await emailsError.textContent()).toMatch(/^Line 2: must match format "email"/);
    expect(await form.getByRole('alert').textContent()).toContain('The changes were not saved');
    await page.screenshot({ path: screenshotPath('directory-contact-invalid') });
    expect((await app.services.contacts.get(ws.admin, contact.id)).emails).toEqual(['dana@acme.test']);

    await form.getByLabel('Name').fill('Dana Doe-Smith');
    await form.getByLabel('Emails (one per line)').fill('dana@acme.test\ndana.smith@acme.test');
    await form.getByLabel('Tier').selectOption('enterprise');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Contact saved.' }).count()).toBe(1);
    await page.getByRole('heading', { name: 'Dana Doe-Smith', level: 1 }).waitFor();
    expect(await details.textContent()).toContain('dana.smith@acme.test');
    expect(await details.textContent()).toContain('+1 555 0100');
    expect(await details.textContent()).toContain('Enterprise');
    await page.screenshot({ path: screenshotPath('directory-contact-saved') });
    const stored = await app.services.contacts.get(ws.admin, contact.id);
    expect(stored).toMatchObject({
      name: 'Dana Doe-Smith',
      tier: 'enterprise',
      emails: ['dana@acme.test', 'dana.smith@acme.test'],
      phones: ['+44 20 7946 0000', '+1 555 0100'],
    });

    // The organisation: tier, domains, account manager, its contacts and tickets.
    await details.getByRole('link', { name: 'Acme Corp' }).click();
    await page.waitForURL(new RegExp(`/organisations/${organisation.id}$`));
    const orgDetails = page.getByRole('region', { name: 'Details' });
    await orgDetails.getByText('acme.test').waitFor();
    expect(await orgDetails.textContent()).toContain(admin.user.name);
    await page.getByRole('region', { name: 'Contacts of Acme Corp' }).getByRole('link', { name: 'Dana Doe-Smith' }).waitFor();
    await page.getByRole('table', { name: 'Tickets of Acme Corp' }).getByText('Invoice missing').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('directory-organisation') });
  });

  it('narrows the inbox with a filter and bulk-assigns two tickets, which move to the assignee', async () => {
    await page.goto(`${url}/inbox/unassigned`);
    const rows = page.locator('tbody tr[data-ticket-number]');
    await page.locator(`tr[data-ticket-number="${unassigned[2].number}"]`).waitFor();
    const unassignedCount = await rows.count();
    expect(unassignedCount).toBe(4); // the three above and "Cannot log in"

    await page.getByRole('form', { name: 'Filters' }).getByLabel('Priority').selectOption('P2');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(unassignedCount);

    // One by mouse, one by keyboard (j/k move, x ticks).
    await page.getByRole('checkbox', { name: `Select #${unassigned[0].number} Refund request` }).check();
    await page.locator('body').click({ position: { x: 600, y: 880 } });
    const second = page.locator(`tr[data-ticket-number="${unassigned[1].number}"]`);
    for (let step = 0; step < unassignedCount && !(await second.getAttribute('data-selected')); step++) await page.keyboard.press('j');
    expect(await second.getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('x');
    expect(await second.getAttribute('data-checked')).toBe('true');
    const toolbar = page.getByRole('toolbar', { name: 'Change the selected tickets' });
    expect(await toolbar.getByTestId('bulk-count').textContent()).toBe('2 tickets selected');
    await page.screenshot({ path: screenshotPath('directory-inbox-bulk-selected') });

    await toolbar.getByLabel('Assign to').selectOption({ label: agent.user.name });
    await toolbar.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '2 tickets changed.' }).count()).toBe(1);
    await expect.poll(() => rows.count()).toBe(unassignedCount - 2);
    expect(await page.locator(`tr[data-ticket-number="${unassigned[2].number}"]`).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('directory-inbox-bulk-assigned') });
    for (const ticket of unassigned.slice(0, 2))
      expect((await app.services.tickets.get(ws.admin, ticket.id)).assigneeId).toBe(agent.user.id);

    // They now show in the All view with the agent as assignee.
    await page.goto(`${url}/inbox/all`);
    const moved = page.locator(`tr[data-ticket-number="${unassigned[0].number}"]`);
    await moved.waitFor();
    await expect.poll(() => moved.textContent()).toContain(agent.user.name);

    // The requester's name in the inbox opens the contact.
    await page
      .getByRole('row', { name: /Cannot log in/ })
      .getByRole('link', { name: 'Dana Doe-Smith' })
      .click();
    await page.waitForURL(new RegExp(`/contacts/${contact.id}$`));
    await page.getByRole('table', { name: 'Tickets of Dana Doe-Smith' }).getByText('Cannot log in').waitFor();
  });
});
