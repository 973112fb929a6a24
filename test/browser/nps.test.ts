import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { createOutboundSender } from '../../src/modules/email/outbound.ts';
import { createDispatcher } from '../../src/modules/outbox/dispatcher.ts';
import { registerSubscribers } from '../../src/server/subscribers.ts';
import { make } from '../factories.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// NPS in Chromium, as people use it: an admin turns NPS on in Admin → Survey settings; the round
// goes out through the real outbound queue to an SMTP server; the customer opens the link from that
// email in a browser of their own and answers 3; the detractor's follow-up appears for the account
// manager, who closes it with a note that lands on the customer's timeline.
describe('agent app and customer page: NPS in Chromium', () => {
  let desk: BrowserDesk;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let manager: Awaited<ReturnType<typeof make.user>>;
  let contactId: string;
  let link: string;
  let page: Page | undefined;
  const sink = startSmtpSink();
  const clock = fixedClock('2026-03-10T09:00:00.000Z');
  let sender: ReturnType<typeof createOutboundSender>;

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock, dispatcher: (db) => createDispatcher({ db, clock }) });
    const { app, ws } = desk;
    registerSubscribers(desk.dispatcher!, app.services, { db: desk.database.handle.db, clock });
    sender = createOutboundSender({ db: desk.database.handle.db, clock, relayUrl: await sink.listen() });
    admin = await make.user(app.services, ws, 'admin');
    manager = await make.user(app.services, ws, 'supervisor');
    await app.services.mailboxes.create(ws.admin, { address: 'help@desk.test', name: 'Help Desk' });
    const organisation = await app.services.organisations.create(ws.admin, { name: 'Northwind', accountManagerId: manager.user.id });
    const contact = await make.contact(app.services, ws.admin, { name: 'Nadia Northwind', emails: ['nadia@northwind.test'], organisationId: organisation.id });
    contactId = contact.id;
    const ticket = await make.ticket(app.services, admin.actor, { subject: 'Invoice export fails', requesterId: contact.id, requester: undefined });
    await app.services.tickets.update(admin.actor, ticket.id, { status: 'solved' });
    await desk.dispatcher!.drain();
    await sender.drain();
    sink.received.length = 0;
  });

  afterEach(screenshotOnFailure(() => page, 'nps-'));
  afterAll(async () => {
    await desk?.close();
    await sink.close();
  });

  it('an admin turns NPS on in Admin → Survey settings', async () => {
    page = await desk.newPage({ user: admin });
    await page.getByRole('navigation').getByRole('link', { name: 'Survey settings' }).click();
    await page.waitForURL(/\/admin\/surveys$/);
    await page.getByLabel('Send NPS surveys on a schedule').check();
    expect(await page.getByLabel('How often').inputValue()).toBe('3');
    expect(await page.getByLabel('Do not ask a contact NPS again within (days)').inputValue()).toBe('90');
    await page.getByLabel('Where survey links point').fill(desk.url);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: screenshotPath('nps-survey-settings'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await desk.app.services.surveys.getSettings(admin.actor)).toMatchObject({ npsEnabled: true, npsIntervalMonths: 3, linkBaseUrl: desk.url });
  });

  it('the customer answers from the link in the email, in a browser of their own', async () => {
    clock.set('2026-04-01T00:05:00.000Z');
    const { nps } = desk.app.services;
    while ((await nps.scheduleDue()) > 0);
    expect(await nps.sendDue()).toBe(1);
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail.parsed.to[0].address).toBe('nadia@northwind.test');
    expect(mail.parsed.subject).toMatch(/^How likely are you to recommend Desk \w+\?$/);
    expect(mail.headers).toMatch(/Auto-Submitted: auto-generated/i);
    link = mail.parsed.text?.match(/https?:\/\/\S+\/survey\/nps\/\S+/)?.[0] ?? '';
    expect(link.startsWith(desk.url)).toBe(true);

    clock.set('2026-04-14T10:00:00.000Z'); // a Tuesday
    const customer = await desk.newPage();
    page = customer;
    await customer.goto(link);
    await customer.getByRole('group', { name: 'How likely are you to recommend us to a friend or colleague?' }).waitFor();
    expect(await seriousAccessibilityViolations(customer)).toEqual([]);
    await customer.getByLabel('3', { exact: true }).check();
    await customer.getByLabel('Why? (optional)').fill('The invoice export broke twice this quarter.');
    await customer.screenshot({ path: screenshotPath('nps-customer-form'), fullPage: true });
    await customer.getByRole('button', { name: 'Send my answer' }).click();
    await customer.getByText('Thank you for your answer.').waitFor();
    expect(await customer.getByLabel('3', { exact: true }).isChecked()).toBe(true);
    await customer.screenshot({ path: screenshotPath('nps-customer-thanks'), fullPage: true });
    expect(await seriousAccessibilityViolations(customer)).toEqual([]);
  });

  it('the detractor’s follow-up appears for the account manager, who closes it with a note on the customer’s timeline', async () => {
    await desk.dispatcher!.drain();
    page = await desk.newPage({ user: manager });
    // Staff opening the customer's link see it read-only.
    await page.goto(link);
    await page.getByText('you see this survey read-only').waitFor();
    expect(await page.getByLabel('3', { exact: true }).isDisabled()).toBe(true);

    await page.goto(`${desk.url}/follow-ups`);
    const row = page.getByTestId('follow-ups').getByRole('row', { name: /Nadia Northwind/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('NPS 3 of 10');
    expect(await row.textContent()).toContain('The invoice export broke twice this quarter.');
    expect(await row.textContent()).toContain('Recommendation (NPS)');
    await page.screenshot({ path: screenshotPath('nps-follow-ups'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Close…' }).click();
    await page.getByLabel('What we changed').fill('We fixed the export and added a check that runs every night.');
    await page.getByLabel('Also send this note to the customer by email').check();
    await page.getByRole('button', { name: 'Close follow-up' }).click();
    await page.getByText('No open follow-ups.').waitFor();
    await sender.drain();
    expect(sink.received.at(-1)?.parsed).toMatchObject({ subject: 'What we changed after your feedback' });
    expect(sink.received.at(-1)?.parsed.text).toContain('We fixed the export');

    await page.goto(`${desk.url}/contacts/${contactId}`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('We fixed the export and added a check that runs every night.').waitFor();
    expect(await timeline.locator('[data-kind="follow-up"]').textContent()).toContain('sent to the customer');
    expect(await page.getByTestId('contact-nps').textContent()).toContain('3 of 10');
    await page.screenshot({ path: screenshotPath('nps-contact-timeline'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('Feedback lists the NPS answer with its comment, and the report’s NPS figure links to it', async () => {
    page = await desk.newPage({ user: admin });
    await page.goto(`${desk.url}/reports?from=2026-04-01&to=2026-04-30`);
    const figure = page.locator('[data-figure="Net Promoter Score"]');
    await figure.waitFor();
    expect(await figure.textContent()).toContain('-100');
    expect(await figure.textContent()).toContain('Target ≥ 30');
    await figure.screenshot({ path: screenshotPath('nps-report-figure') });
    await figure.getByRole('link').click();
    await page.waitForURL(/\/feedback\?/);
    const answers = page.getByTestId('nps-feedback');
    await answers.getByText('The invoice export broke twice this quarter.').waitFor();
    expect(await answers.textContent()).toContain('Nadia Northwind');
    expect(await page.getByText('Answers from 2026-04-01 to 2026-04-30').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('nps-feedback'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
