import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import type { CustomField } from '../../src/modules/custom-fields/schema.ts';
import type { InboundEmailTable } from '../../src/db/types.ts';
import type { Mailbox } from '../../src/modules/email/schema.ts';
import type { EscalationSettings } from '../../src/modules/escalations/schema.ts';
import { make, type Workspace } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// The priority matrix, mailboxes and custom fields screens of the admin area, at 1024 px wide: an
// admin's valid change persists (checked after a reload and through the API), an invalid one shows
// the API's problem message beside the field and changes nothing; a supervisor only looks.
describe('agent app: priority matrix, mailboxes and custom fields in Chromium', () => {
  let desk: BrowserDesk;
  let url: string;
  let ws: Workspace;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let page: Page;
  let billing: { id: string };
  let support: Mailbox;
  let stuckMail: string;
  let unreadableMail: string;
  let retryingMail: string;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  const viewport = { width: 1024, height: 900 };

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock, viewport });
    ({ url, ws } = desk);
    const { app, database } = desk;
    admin = await make.user(app.services, ws, 'admin');
    supervisor = await make.user(app.services, ws, 'supervisor');
    billing = await app.services.teams.create(ws.admin, { name: 'Billing', description: 'Invoices and refunds', memberIds: [] });
    support = await app.services.mailboxes.create(ws.admin, {
      address: 'support@example.com',
      name: 'Example Support',
      imap: { host: 'imap.example.com', port: 993, secure: true, user: 'support', password: 'imap-secret-1' },
    });
    await app.services.mailboxes.create(ws.admin, { address: 'sales@example.com', name: 'Example Sales' });
    // As the IMAP poller records a failed poll.
    await database.handle.db
      .updateTable('mailbox')
      .set({ imap_polled_at: Date.parse('2026-03-02T08:55:00.000Z'), imap_error: 'Authentication failed' })
      .where('id', '=', support.id)
      .execute();
    // As the inbound processor records mail that failed: given up after ten attempts, unreadable, and waiting for a fourth attempt.
    const receive = async (from: string, subject: string, state: Partial<InboundEmailTable>) => {
      const raw = Buffer.from(`From: ${from}\r\nTo: support@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@customer.test>\r\n\r\nHelp\r\n`);
      const [stored] = await app.services.emailIntake.accept({ raw, recipients: ['support@example.com'], envelopeFrom: from, source: 'smtp' });
      await database.handle.db.updateTable('inbound_email').set(state).where('id', '=', stored.id).execute();
      return stored.id;
    };
    const givenUp = { status: 'failed', processed_at: clock.now().getTime() };
    stuckMail = await receive('pat@customer.test', 'stuck', { ...givenUp, outcome: 'failed', attempts: 10, error: 'The calendar has no open hours' });
    unreadableMail = await receive('garbled@customer.test', 'garbled', { ...givenUp, outcome: 'unreadable', attempts: 1, error: 'The email message could not be parsed' });
    retryingMail = await receive('kim@customer.test', 'later', { attempts: 3, available_at: clock.now().getTime() + 240_000, error: 'Connection terminated' });
    await app.services.customFields.create(ws.admin, { key: 'order_ref', label: 'Order reference', type: 'text' });
    await app.services.customFields.create(ws.admin, { key: 'legacy', label: 'Legacy code', type: 'number' });
    await make.ticket(app.services, ws.admin, { subject: 'Where is my order?', customFields: { order_ref: 'A-1001' } });

    page = await desk.newPage({ user: admin });
  });

  afterEach(screenshotOnFailure(() => page, 'admin-settings-'));

  afterAll(() => desk?.close());

  /** Reads through the API with the signed-in admin's session. */
  const apiGet = async <T>(path: string) => {
    const response = await page.request.get(`${url}${path}`);
    expect(response.status()).toBe(200);
    return (await response.json()) as T;
  };
  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const cell = (impact: string, urgency: string) => page.getByLabel(`Priority for ${impact} impact and ${urgency} urgency`);

  it('changes the priority matrix, and refuses a matrix that ranks more impact lower', async () => {
    await nav().getByRole('link', { name: 'Priority matrix' }).click();
    await page.waitForURL(/\/admin\/priority-matrix$/);
    const table = page.getByRole('table', { name: 'Priority by impact (rows) and urgency (columns)' });
    await table.waitFor();
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(['Low', 'Medium', 'High', 'Critical']);
    expect(await cell('high', 'low').inputValue()).toBe('P3');
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    // Critical impact below high impact: the API names the cell, and its message is shown there.
    await cell('critical', 'low').selectOption('P4');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The priority matrix ranks more impact or urgency lower');
    expect(await page.locator('[data-cell="critical.low"]').textContent()).toContain('must be at least P3, the priority of high impact');
    expect(await cell('critical', 'low').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('admin-priority-matrix-invalid') });
    expect((await apiGet<EscalationSettings>('/api/v1/escalations/settings')).priorityMatrix.critical.low).toBe('P3');

    await page.getByRole('button', { name: 'Undo changes' }).click();
    expect(await cell('critical', 'low').inputValue()).toBe('P3');
    expect(await page.getByRole('alert').count()).toBe(0);
    // By keyboard: the arrow keys change a cell, Enter on Save saves.
    await cell('low', 'critical').focus();
    await page.keyboard.press('ArrowUp');
    expect(await cell('low', 'critical').inputValue()).toBe('P2');
    await page.getByRole('button', { name: 'Save' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').last().textContent()).toBe('Saved. New and re-prioritised tickets use this matrix.');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-priority-matrix') });

    const settings = await apiGet<EscalationSettings>('/api/v1/escalations/settings');
    expect(settings.priorityMatrix.low).toEqual({ low: 'P4', medium: 'P4', high: 'P3', critical: 'P2' });
    expect(settings.priorityMatrix.critical.low).toBe('P3');
    await page.reload();
    await cell('low', 'critical').waitFor();
    expect(await cell('low', 'critical').inputValue()).toBe('P2');
  });

  it('edits a mailbox, keeps a password left blank, adds one with IMAP and refuses an address in use', async () => {
    await nav().getByRole('link', { name: 'Mailboxes' }).click();
    await page.waitForURL(/\/admin\/mailboxes$/);
    const row = (address: string) => page.locator(`tr[data-mailbox="${address}"]`);
    await row('support@example.com').waitFor();
    expect(await row('support@example.com').locator('[data-delivery]').textContent()).toContain('IMAP imap.example.com');
    expect(await row('support@example.com').textContent()).toContain('Last poll failed: Authentication failed');
    expect(await row('sales@example.com').textContent()).toContain('SMTP receiver');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-mailboxes') });

    // A mailbox without IMAP gets a team, a new name and is disabled.
    await row('sales@example.com').getByRole('button', { name: 'Edit sales@example.com' }).click();
    let form = page.getByRole('form', { name: 'Edit mailbox sales@example.com' });
    await form.getByLabel('Sender name').fill('Sales team');
    await form.getByLabel('Team').selectOption({ label: 'Billing' });
    await form.getByLabel('Enabled: mail to this address opens tickets').uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await row('sales@example.com').textContent()).toContain('Disabled');

    // The IMAP password is never shown; left blank, the stored one stays.
    const sealedBefore = await storedImap(support.id);
    await row('support@example.com').getByRole('button', { name: 'Edit support@example.com' }).click();
    form = page.getByRole('form', { name: 'Edit mailbox support@example.com' });
    expect(await form.getByLabel('Password').inputValue()).toBe('');
    expect(await page.content()).not.toContain('imap-secret-1');
    expect(await form.getByTestId('mailbox-poll').textContent()).toContain('Last poll failed: Authentication failed');
    await form.getByLabel('Sender name').fill('Example Help Desk');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    expect(await storedImap(support.id)).toBe(sealedBefore);
    // Changing the server without the password: the API says it is needed, beside the field.
    await form.getByLabel('IMAP server', { exact: true }).fill('mail.example.com');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('password');
    expect(await form.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await storedImap(support.id)).toBe(sealedBefore);
    await page.screenshot({ path: screenshotPath('admin-mailboxes-password-needed') });
    await form.getByRole('button', { name: 'Cancel' }).click();

    // An address another mailbox has: 409, shown beside the address; nothing is added.
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    form = page.getByRole('form', { name: 'New mailbox' });
    await form.getByLabel('Email address').fill('Support@example.com');
    await form.getByLabel('Sender name').fill('Duplicate');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('support@example.com already receives mail for a workspace');
    expect(await form.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('already in use');
    await page.screenshot({ path: screenshotPath('admin-mailboxes-invalid') });
    expect((await apiGet<{ items: Mailbox[] }>('/api/v1/mailboxes')).items).toHaveLength(2);

    await form.getByLabel('Email address').fill('help@example.com');
    await form.getByLabel('Sender name').fill('Help');
    await form.getByLabel('Fetch mail from an IMAP server').check();
    await form.getByLabel('IMAP server', { exact: true }).fill('imap.example.net');
    await form.getByLabel('User name').fill('help');
    await form.getByLabel('Password').fill('imap-secret-2');
    await form.getByLabel('Move fetched mail to').fill('Processed');
    await page.screenshot({ path: screenshotPath('admin-mailboxes-new') });
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await row('help@example.com').waitFor();

    await page.reload();
    await row('help@example.com').waitFor();
    expect(await row('sales@example.com').textContent()).toContain('Billing');
    expect(await row('support@example.com').textContent()).toContain('Example Help Desk');
    const mailboxes = (await apiGet<{ items: Mailbox[] }>('/api/v1/mailboxes')).items;
    expect(mailboxes.find((m) => m.address === 'sales@example.com')).toMatchObject({
      name: 'Sales team',
      teamId: billing.id,
      isActive: false,
      imap: null,
    });
    expect(mailboxes.find((m) => m.address === 'help@example.com')).toMatchObject({
      name: 'Help',
      isActive: true,
      imap: { host: 'imap.example.net', port: 993, secure: true, user: 'help', folder: 'INBOX', processedFolder: 'Processed' },
    });
    expect(JSON.stringify(mailboxes)).not.toContain('imap-secret');
  });

  const storedImap = async (id: string) =>
    (await desk.database.handle.db.selectFrom('mailbox').select('imap_settings').where('id', '=', id).executeTakeFirstOrThrow()).imap_settings;

  it('lists mail that failed or is being retried, with its reason and error, and retries it', async () => {
    const inRegion = (view: Page, name: string) => view.getByRole('region', { name });
    const mailRow = (region: ReturnType<Page['getByRole']>, id: string) => region.locator(`tr[data-inbound-email="${id}"]`);
    // A supervisor sees the lists, not the Retry buttons.
    const view = await desk.newPage({ user: supervisor });
    try {
      await view.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailboxes' }).click();
      await mailRow(inRegion(view, 'Failed messages'), stuckMail).waitFor();
      expect(await view.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
    } finally {
      await view.context().close();
    }

    await nav().getByRole('link', { name: 'Mailboxes' }).click();
    await page.waitForURL(/\/admin\/mailboxes$/);
    const failed = inRegion(page, 'Failed messages');
    const retrying = inRegion(page, 'Messages being retried');
    await mailRow(failed, stuckMail).waitFor();
    expect(await mailRow(failed, stuckMail).textContent()).toMatch(/pat@customer\.test.*support@example\.com.*Processing failed.*10.*The calendar has no open hours/);
    expect(await mailRow(failed, unreadableMail).textContent()).toContain('Cannot be read');
    await mailRow(retrying, retryingMail).waitFor();
    expect(await mailRow(retrying, retryingMail).textContent()).toMatch(/kim@customer\.test.*Retrying.*3.*Connection terminated/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-mailboxes-failed') });

    const stored = (id: string) =>
      desk.database.handle.db.selectFrom('inbound_email').select(['status', 'attempts', 'available_at']).where('id', '=', id).executeTakeFirstOrThrow();
    // Retried, a message waits for its next attempt now, under "being retried" until it is processed.
    await mailRow(failed, stuckMail).getByRole('button', { name: /^Retry the message from pat@customer\.test/ }).click();
    await expect.poll(() => failed.getByRole('status').textContent()).toBe('One message is being processed again.');
    await mailRow(retrying, stuckMail).waitFor();
    expect(await mailRow(failed, stuckMail).count()).toBe(0);
    expect(await stored(stuckMail)).toEqual({ status: 'received', attempts: 0, available_at: clock.now().getTime() });

    await mailRow(retrying, retryingMail).getByRole('button', { name: /^Retry the message from kim@customer\.test/ }).click();
    await expect.poll(() => retrying.getByRole('status').textContent()).toBe('One message is being processed again.');
    expect(await stored(retryingMail)).toEqual({ status: 'received', attempts: 0, available_at: clock.now().getTime() });

    await failed.getByRole('button', { name: 'Retry all' }).click();
    await failed.getByText('No failed messages.').waitFor();
    expect(await stored(unreadableMail)).toMatchObject({ status: 'received', attempts: 0 });
  });

  it('adds, edits, archives and deletes custom fields, and shows why a field is refused', async () => {
    await nav().getByRole('link', { name: 'Custom fields' }).click();
    await page.waitForURL(/\/admin\/custom-fields$/);
    const row = (key: string) => page.locator(`tr[data-field="${key}"]`);
    await row('order_ref').waitFor();

    // A select field needs options: the API's message is shown beside them, and nothing is added.
    await page.getByRole('button', { name: 'Add field' }).click();
    let form = page.getByRole('form', { name: 'New custom field' });
    await form.getByLabel('Key').fill('plan');
    await form.getByLabel('Label').fill('Plan');
    await form.getByLabel('Type').selectOption('select');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('A select field needs at least one option');
    expect(await form.getByLabel('Options').getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('at least one option');
    await page.screenshot({ path: screenshotPath('admin-custom-fields-invalid') });
    expect((await apiGet<{ items: CustomField[] }>('/api/v1/custom-fields')).items.map((f) => f.key)).toEqual(['order_ref', 'legacy']);

    await form.getByLabel('Options').fill('Basic\nPro\n\nEnterprise');
    await form.getByLabel('Required when staff create a ticket').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await row('plan').waitFor();
    expect(await row('plan').locator('[data-options]').textContent()).toBe('Basic, Pro, Enterprise');

    // A field tickets use cannot be deleted (409: the API says to deactivate it); archiving it can.
    await row('order_ref').getByRole('button', { name: 'Edit Order reference' }).click();
    form = page.getByRole('form', { name: 'Edit field “Order reference”' });
    await form.getByLabel('Label').fill('Order number');
    await form.getByRole('button', { name: 'Delete Order reference' }).click();
    await form.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('Tickets have values for this field; deactivate it instead');
    expect((await apiGet<{ items: CustomField[] }>('/api/v1/custom-fields')).items.find((f) => f.key === 'order_ref')?.label).toBe(
      'Order reference',
    );
    await form.getByLabel('Active (archived fields take no new values)').uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    // Saved, the form is named by the new label.
    form = page.getByRole('form', { name: 'Edit field “Order number”' });
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    expect(await row('order_ref').textContent()).toContain('Archived');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-custom-fields-edit') });
    await form.getByRole('button', { name: 'Cancel' }).click();

    // An unused field can be deleted.
    await row('legacy').getByRole('button', { name: 'Edit Legacy code' }).click();
    form = page.getByRole('form', { name: 'Edit field “Legacy code”' });
    await form.getByRole('button', { name: 'Delete Legacy code' }).click();
    await form.getByRole('button', { name: 'Yes, delete' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Custom ticket fields' }).getByRole('status').first().textContent())
      .toBe('“Legacy code” was deleted.');
    expect(await row('legacy').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-custom-fields') });

    await page.reload();
    await row('plan').waitFor();
    expect(await row('order_ref').textContent()).toContain('Order number');
    const fields = (await apiGet<{ items: CustomField[] }>('/api/v1/custom-fields')).items;
    expect(fields.map((f) => f.key)).toEqual(['order_ref', 'plan']);
    expect(fields.find((f) => f.key === 'order_ref')).toMatchObject({ label: 'Order number', isActive: false, type: 'text' });
    expect(fields.find((f) => f.key === 'plan')).toMatchObject({
      label: 'Plan',
      type: 'select',
      options: ['Basic', 'Pro', 'Enterprise'],
      required: true,
      isActive: true,
    });
  });

  it('shows the three screens read-only to a supervisor', async () => {
    const view = await desk.newPage({ user: supervisor });
    try {
      const main = view.getByRole('navigation', { name: 'Main' });

      await main.getByRole('link', { name: 'Priority matrix' }).click();
      await view.getByText('Only administrators can change these settings.').waitFor();
      await view.getByLabel('Priority for low impact and critical urgency').waitFor();
      expect(await view.getByLabel('Priority for low impact and critical urgency').isDisabled()).toBe(true);
      expect(await view.getByRole('button', { name: 'Save' }).count()).toBe(0);
      expect(await seriousAccessibilityViolations(view)).toEqual([]);
      await view.screenshot({ path: screenshotPath('admin-priority-matrix-supervisor') });

      await main.getByRole('link', { name: 'Mailboxes' }).click();
      await view.locator('tr[data-mailbox="support@example.com"]').waitFor();
      expect(await view.getByRole('button', { name: 'Add mailbox' }).count()).toBe(0);
      expect(await view.getByRole('button', { name: /^Edit / }).count()).toBe(0);
      expect(await seriousAccessibilityViolations(view)).toEqual([]);
      await view.screenshot({ path: screenshotPath('admin-mailboxes-supervisor') });

      await main.getByRole('link', { name: 'Custom fields' }).click();
      await view.locator('tr[data-field="plan"]').waitFor();
      expect(await view.getByRole('button', { name: 'Add field' }).count()).toBe(0);
      expect(await view.getByRole('button', { name: /^Edit / }).count()).toBe(0);
      expect(await seriousAccessibilityViolations(view)).toEqual([]);
      await view.screenshot({ path: screenshotPath('admin-custom-fields-supervisor') });
    } finally {
      await view.context().close();
    }
  });
});
