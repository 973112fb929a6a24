import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { buildApp, type RapportApp } from '../../src/server/app.ts';
import { make, type Workspace } from '../factories.ts';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from '../harness.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { launchBrowser, screenshotOnFailure, screenshotPath, signIn } from './browser.ts';

describe('agent app: customer context and contact search in Chromium', () => {
  let database: TestDatabase;
  let app: RapportApp;
  let url: string;
  let ws: Workspace;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let manager: Awaited<ReturnType<typeof make.user>>;
  let contact: { id: string };
  let emailTicket: { id: string; number: number };
  let phoneTicket: { id: string; number: number };
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  /** Public messages on the contact's tickets (internal notes are not part of the timeline). */
  let publicMessages = 0;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await buildApp({ database: database.handle, clock, secret: TEST_SECRET });
    const { services } = app;
    ws = await make.workspace(services);
    admin = await make.user(services, ws, 'admin');
    manager = await make.user(services, ws, 'supervisor');
    const organisation = await services.organisations.create(ws.admin, {
      name: 'Globex',
      tier: 'enterprise',
      domains: ['globex.test'],
      accountManagerId: manager.user.id,
    });
    contact = await make.contact(services, ws.admin, {
      name: 'Hank Scorpio',
      emails: ['hank@globex.test'],
      organisationId: organisation.id,
    });
    await make.contact(services, ws.admin, { name: 'Homer Simpson', emails: ['homer@example.test'] });
    const minute = () => clock.advance(60_000);

    await make.ticket(services, ws.admin, {
      subject: 'Old invoice question',
      requester: undefined,
      requesterId: contact.id,
      status: 'solved',
      message: { text: 'Where is the invoice for January?' },
    });
    publicMessages++;
    minute();
    emailTicket = await make.ticket(services, ws.admin, {
      subject: 'Hammock delivery is late',
      channel: 'email',
      requester: undefined,
      requesterId: contact.id,
      message: { text: 'My hammock order has not arrived yet.' },
    });
    publicMessages++;
    for (let i = 1; i <= 24; i++) {
      minute();
      await services.messages.add(
        ws.admin,
        emailTicket.id,
        i % 2 ? { text: `Reply number ${i} from us.` } : { text: `Follow-up ${i} from Hank.`, author: 'requester' },
      );
      publicMessages++;
    }
    minute();
    await services.messages.add(ws.admin, emailTicket.id, { text: 'Internal: check the warehouse.', internal: true });
    minute();
    phoneTicket = await make.ticket(services, ws.admin, {
      subject: 'Called about the doomsday device',
      channel: 'phone',
      requester: undefined,
      requesterId: contact.id,
      message: { text: 'Hank phoned: the device makes a humming noise.' },
    });
    publicMessages++;
    minute();
    await services.messages.add(ws.admin, phoneTicket.id, { text: 'We called back and booked an engineer for Tuesday.' });
    publicMessages++;
    minute();

    url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    await context.clock.setFixedTime(clock.now());
    page = await context.newPage();
    await signIn(page, url, admin);
  });

  afterEach(screenshotOnFailure(() => page, 'customer-context-'));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('shows the account manager, the open tickets and the latest interactions across channels beside a ticket', async () => {
    await page.goto(`${url}/tickets/${phoneTicket.id}`);
    const panel = page.getByRole('region', { name: 'Customer' });
    await panel.getByRole('list', { name: 'Interactions with Hank Scorpio, newest first' }).waitFor();
    await panel.locator('[data-field="account-manager"]', { hasText: manager.user.name }).waitFor();
    const open = panel.getByRole('link', { name: '2 open' });
    await open.waitFor();
    const timeline = panel.getByRole('list', { name: 'Interactions with Hank Scorpio, newest first' });
    const entries = timeline.getByRole('listitem');
    expect(await entries.count()).toBe(8);
    expect(await entries.nth(0).getAttribute('data-channel')).toBe('phone');
    expect(await entries.nth(0).textContent()).toContain('We called back and booked an engineer');
    expect(await entries.nth(1).textContent()).toContain('Hank phoned');
    expect(await entries.nth(2).getAttribute('data-channel')).toBe('email');
    expect(await entries.nth(2).textContent()).toContain('Hammock delivery is late');
    expect(await timeline.textContent()).not.toContain('Internal: check the warehouse');
    expect(await panel.textContent()).toContain('Enterprise');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await panel.screenshot({ path: screenshotPath('customer-context-panel') });
    await page.screenshot({ path: screenshotPath('customer-context-ticket') });

    await entries
      .nth(2)
      .getByRole('link', { name: /Hammock delivery is late/ })
      .click();
    await page.waitForURL(new RegExp(`/tickets/${emailTicket.id}$`));
    await page.goBack();
    await open.click();
    await page.waitForURL(new RegExp(`/contacts/${contact.id}$`));
  });

  it('lists the whole timeline on the contact page, a page at a time', async () => {
    await page.goto(`${url}/tickets/${phoneTicket.id}`);
    await page.getByRole('link', { name: 'Show all interactions with Hank Scorpio' }).click();
    await page.waitForURL(new RegExp(`/contacts/${contact.id}#timeline$`));
    const section = page.getByRole('region', { name: 'Timeline' });
    const entries = section.getByRole('listitem');
    await entries.nth(24).waitFor();
    expect(await entries.count()).toBe(25);
    await page.getByRole('heading', { name: 'Hank Scorpio', level: 1 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('customer-context-contact-top') });
    await section.getByRole('button', { name: 'Load more' }).click();
    await entries.nth(publicMessages - 1).waitFor();
    expect(await entries.count()).toBe(publicMessages);
    expect(await section.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(await entries.last().textContent()).toContain('Where is the invoice for January?');
    expect(await section.textContent()).not.toContain('Internal: check the warehouse');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('customer-context-contact'), fullPage: true });
  });

  it('finds a contact by name in the search box and opens the contact page with the keyboard', async () => {
    await page.goto(`${url}/inbox/mine`);
    const search = page.getByRole('combobox', { name: 'Search tickets and contacts' });
    await search.fill('scorp');
    const listbox = page.getByRole('listbox', { name: 'Search tickets and contacts' });
    const contacts = listbox.getByRole('group', { name: 'Contacts' });
    await contacts.getByRole('option', { name: /Hank Scorpio/ }).waitFor();
    expect(await contacts.getByRole('option').count()).toBe(1);
    const tickets = listbox.getByRole('group', { name: 'Tickets' });
    const ticketCount = await tickets.getByRole('option').count();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('customer-context-search') });

    for (let i = 0; i < ticketCount; i++) await search.press('ArrowDown');
    const activeId = await search.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${activeId}"]`).textContent()).toContain('Hank Scorpio');
    await search.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${contact.id}$`));
    await page.getByRole('heading', { name: 'Hank Scorpio', level: 1 }).waitFor();

    // A contact matched by an email prefix, in any case.
    await search.fill('HOMER@');
    await page
      .getByRole('listbox')
      .getByRole('group', { name: 'Contacts' })
      .getByRole('option', { name: /Homer Simpson/ })
      .waitFor();
  });
});
