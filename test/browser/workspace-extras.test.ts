import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { make, type Workspace } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// Attachments in the composer, organisation editing and the complaint workflow, at the narrowest
// width the app supports (1024 px).
describe('agent app: attachments, organisations and complaints in Chromium', () => {
  let desk: BrowserDesk;
  let app: BrowserDesk['app'];
  let url: string;
  let ws: Workspace;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let page: Page | undefined;
  const clock = fixedClock('2026-03-02T09:00:00.000Z'); // a Monday, in business hours

  async function pageFor(user: { email: string; password: string }) {
    page = await desk.newPage({ user });
    return page;
  }

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock, viewport: { width: 1024, height: 800 } });
    ({ app, url, ws } = desk);
    admin = await make.user(app.services, ws, 'admin');
    agent = await make.user(app.services, ws, 'agent');
  });

  afterEach(screenshotOnFailure(() => page, 'extras-'));

  afterAll(() => desk?.close());

  it('sends a reply with a text file and an image; the conversation links the file, shows the image, and refuses a file over the limit', async () => {
    const ticket = await make.ticket(app.services, ws.admin, { channel: 'phone', subject: 'Printer on fire', assigneeId: agent.user.id });
    const agentPage = await pageFor(agent);
    // Any PNG will do: a small screenshot of the app's own top bar.
    const png = await agentPage.screenshot({ clip: { x: 0, y: 0, width: 120, height: 40 } });
    const text = Buffer.from('Serial number: 12345\n');

    await agentPage.goto(`${url}/tickets/${ticket.id}`);
    await agentPage.getByRole('heading', { name: /Printer on fire/ }).waitFor();
    const composer = agentPage.getByRole('form', { name: 'Reply or add a note' });
    const picker = composer.getByLabel('Attach files');
    await picker.setInputFiles([
      { name: 'serial.txt', mimeType: 'text/plain', buffer: text },
      { name: 'photo.png', mimeType: 'image/png', buffer: png },
      { name: 'wrong.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
    ]);
    const chosen = composer.getByRole('list', { name: 'Files to send' });
    await expect.poll(() => chosen.getByRole('listitem').count()).toBe(3);
    expect(await chosen.textContent()).toContain('serial.txt(21 B)');
    await composer.getByRole('button', { name: 'Remove wrong.txt' }).click();
    await expect.poll(() => chosen.getByRole('listitem').count()).toBe(2);

    // Over 10 MB: refused on the spot with the limit, the other files stay.
    await picker.setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
    const limit = composer.getByRole('alert');
    await expect.poll(() => limit.textContent()).toContain('“huge.bin” is 11.0 MB: a file can be at most 10.0 MB. It was not attached.');
    expect(await chosen.getByRole('listitem').count()).toBe(2);
    await agentPage.screenshot({ path: screenshotPath('extras-composer-attachments') });

    // The picker is reachable by keyboard: Tab from the reply box lands on it.
    await composer.getByRole('textbox', { name: 'Reply to the customer' }).fill('Here is what you asked for.');
    await agentPage.keyboard.press('Tab');
    expect(await agentPage.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
    await agentPage.screenshot({ path: screenshotPath('extras-composer-focus'), clip: { x: 176, y: 230, width: 500, height: 300 } });

    await composer.getByRole('button', { name: 'Send reply' }).click();
    await composer.getByRole('status').filter({ hasText: /^Reply sent\.$/ }).waitFor();
    expect(await chosen.count()).toBe(0);

    const reply = agentPage.locator('li[data-message-kind="reply"]').last();
    const link = reply.getByRole('link', { name: 'Download serial.txt (21 B)' });
    await link.waitFor();
    const image = reply.getByRole('img', { name: 'Image: photo.png' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
    expect(await reply.getByRole('link', { name: /^Download huge\.bin/ }).count()).toBe(0);
    const response = await agentPage.request.get(`${url}${await link.getAttribute('href')}`);
    expect(response.status()).toBe(200);
    expect(Buffer.from(await response.body()).equals(text)).toBe(true);
    const imageResponse = await agentPage.request.get(`${url}${await image.getAttribute('src')}`);
    expect(Buffer.from(await imageResponse.body()).equals(png)).toBe(true);
    expect(await seriousAccessibilityViolations(agentPage)).toEqual([]);
    await agentPage.screenshot({ path: screenshotPath('extras-conversation-attachments') });

    // A note may be a file alone, dropped onto the composer.
    await composer.getByRole('button', { name: 'Internal note' }).click();
    await composer.evaluate((form) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['call log'], 'call-log.txt', { type: 'text/plain' }));
      form.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await chosen.getByText('call-log.txt').waitFor();
    await composer.getByRole('button', { name: 'Add note' }).click();
    await composer.getByRole('status').filter({ hasText: /^Note added\.$/ }).waitFor();
    await agentPage
      .locator('li[data-message-kind="note"]')
      .getByRole('link', { name: /^Download call-log\.txt/ })
      .waitFor();

    const stored = await app.services.messages.list(ws.admin, ticket.id);
    const files = stored.flatMap((message) => message.attachments.map((a) => a.filename));
    expect(files.sort()).toEqual(['call-log.txt', 'photo.png', 'serial.txt']);
  });

  it('creates an organisation, shows the API’s objection to a bad domain beside the field without losing the form, and saves the edit', async () => {
    const adminPage = await pageFor(admin);
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await adminPage.waitForURL(/\/organisations$/);
    await adminPage.getByRole('button', { name: 'New organisation' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'New organisation' });
    await dialog.getByLabel('Name').fill('Globex');
    await dialog.getByLabel('Domains (one per line)').fill('globex.test');
    await adminPage.screenshot({ path: screenshotPath('extras-organisation-new') });
    await dialog.getByRole('button', { name: 'Create organisation' }).click();
    await adminPage.getByRole('heading', { name: 'Globex', level: 1 }).waitFor();
    const organisationUrl = adminPage.url();

    await adminPage.getByRole('button', { name: 'Edit' }).click();
    const form = adminPage.getByRole('form', { name: 'Edit organisation “Globex”' });
    await form.getByLabel('Name').fill('Globex Corporation');
    await form.getByLabel('Domains (one per line)').fill('globex.test\nnot a domain');
    await form.getByLabel('Notes').fill('Renewal due in June.');
    await form.getByRole('button', { name: 'Save' }).click();
    const domains = form.getByLabel('Domains (one per line)');
    await expect.poll(() => domains.getAttribute('aria-invalid')).toBe('true');
    const domainsError = adminPage.locator(`#${await domains.getAttribute('aria-describedby')}`);
    expect(await domainsError.textContent()).toBe('Line 2: is not a domain name (like example.com)');
    expect(await form.getByRole('alert').textContent()).toContain('The changes were not saved');
    expect(await form.getByLabel('Name').inputValue()).toBe('Globex Corporation');
    expect(await form.getByLabel('Notes').inputValue()).toBe('Renewal due in June.');
    expect(await seriousAccessibilityViolations(adminPage)).toEqual([]);
    await adminPage.screenshot({ path: screenshotPath('extras-organisation-invalid') });

    await domains.fill('globex.test\nglobex.example');
    await form.getByLabel('Tier').selectOption('enterprise');
    await form.getByLabel('Account manager').selectOption({ label: agent.user.name });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => adminPage.getByRole('status').filter({ hasText: 'Organisation saved.' }).count()).toBe(1);

    await adminPage.goto(organisationUrl);
    await adminPage.getByRole('heading', { name: 'Globex Corporation', level: 1 }).waitFor();
    const details = adminPage.getByRole('region', { name: 'Details' });
    await details.getByText('globex.example').waitFor();
    const shown = await details.textContent();
    for (const expected of ['globex.test', 'Enterprise', agent.user.name, 'Renewal due in June.']) expect(shown).toContain(expected);
    await adminPage.screenshot({ path: screenshotPath('extras-organisation-saved') });
    const id = organisationUrl.split('/').pop() as string;
    expect(await app.services.organisations.get(ws.admin, id)).toMatchObject({
      name: 'Globex Corporation',
      tier: 'enterprise',
      domains: ['globex.test', 'globex.example'],
      accountManagerId: agent.user.id,
      notes: 'Renewal due in June.',
    });
  });

  it('marks a ticket as a formal complaint, moves it through its steps (record needs a root cause) and lists it under Complaints', async () => {
    const ticket = await make.ticket(app.services, ws.admin, { subject: 'Rude answer on the phone', assigneeId: agent.user.id });
    const agentPage = await pageFor(agent);
    await agentPage.goto(`${url}/tickets/${ticket.id}`);
    const panel = agentPage.getByRole('region', { name: 'Formal complaint' });
    await panel.getByText('This ticket is not a formal complaint.').waitFor();
    await panel.getByRole('button', { name: 'Mark as formal complaint' }).click();
    const stage = panel.getByTestId('complaint-stage');
    await expect.poll(() => stage.textContent()).toBe('Not acknowledged yet');
    // The "Formal complaints" SLA policy gives the deadlines.
    await panel.locator('[data-testid="complaint-deadlines"] time').first().waitFor();

    await panel.getByRole('button', { name: 'Complete “Acknowledge”' }).click();
    await expect.poll(() => stage.textContent()).toBe('Acknowledged');
    await panel.getByLabel('Category', { exact: true }).fill('Staff conduct');
    await panel.getByRole('button', { name: 'Complete “Investigate”' }).click();
    await expect.poll(() => stage.textContent()).toBe('Investigated');
    await panel.getByRole('button', { name: 'Complete “Resolve”' }).click();
    await expect.poll(() => stage.textContent()).toBe('Resolved');

    // Recording needs the root cause: the API's objection shows beside that field.
    await panel.getByRole('button', { name: 'Complete “Record”' }).click();
    const rootCause = panel.getByLabel('Root cause', { exact: true });
    await expect.poll(() => rootCause.getAttribute('aria-invalid')).toBe('true');
    expect(await agentPage.locator(`#${(await rootCause.getAttribute('aria-describedby'))?.split(' ')[0]}`).textContent()).toContain(
      'root cause',
    );
    expect(await stage.textContent()).toBe('Resolved');
    // The agent is taken to the field: it is further down than the button.
    await expect.poll(() => rootCause.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await panel.getByRole('alert').textContent()).toContain('recording a complaint needs its root cause');
    await agentPage.screenshot({ path: screenshotPath('extras-complaint-needs-root-cause') });
    await rootCause.fill('Script for angry callers was missing.');
    // A 5-whys analysis: the answers given, in order.
    await panel.getByLabel('Analysis method').selectOption('5-whys');
    await panel.getByLabel('Why 1', { exact: true }).fill('The agent raised their voice.');
    await panel.getByLabel('Why 2', { exact: true }).fill('They had no script for angry callers.');
    await panel.getByRole('button', { name: 'Complete “Record”' }).click();
    await expect.poll(() => stage.textContent()).toBe('Recorded');
    expect(await panel.getByTestId('complaint-steps').textContent()).toContain('Record');
    expect(await seriousAccessibilityViolations(agentPage)).toEqual([]);
    await agentPage.setViewportSize({ width: 1024, height: 1800 }); // the whole side column, at the narrowest width
    await panel.evaluate((element) => element.scrollIntoView());
    await agentPage.screenshot({ path: screenshotPath('extras-complaint-panel') });
    await agentPage.setViewportSize({ width: 1024, height: 800 });
    expect(await app.services.complaints.get(ws.admin, ticket.id)).toMatchObject({
      step: 'record',
      category: 'Staff conduct',
      rootCause: 'Script for angry callers was missing.',
      rootCauseMethod: '5-whys',
      whys: ['The agent raised their voice.', 'They had no script for angry callers.'],
    });

    await agentPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
    await agentPage.waitForURL(/\/complaints$/);
    const row = agentPage.locator(`tr[data-complaint="${ticket.id}"]`);
    await row.getByRole('link', { name: /Rude answer on the phone/ }).waitFor();
    const cells = await row.textContent();
    expect(cells).toContain('Recorded');
    expect(cells).toContain('Improve');
    expect(cells).toContain('Staff conduct');
    expect(await seriousAccessibilityViolations(agentPage)).toEqual([]);
    await agentPage.screenshot({ path: screenshotPath('extras-complaints-list') });
    await row.getByRole('link', { name: /Rude answer on the phone/ }).click();
    await agentPage.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
  });
});
