import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { make, type Workspace } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// An admin saves a shared canned response with {{customer.first_name}} on the admin screen; an agent
// inserts it into a reply from the composer with the keyboard only (Alt+C, type, Enter), and sends it.
describe('agent app: canned responses in Chromium', () => {
  let desk: BrowserDesk;
  let app: BrowserDesk['app'];
  let url: string;
  let ws: Workspace;
  let admin: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  let ticket: { id: string; number: number };
  let page: Page | undefined;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    ({ app, url, ws } = desk);
    admin = await make.user(app.services, ws, 'admin');
    agent = await make.user(app.services, ws, 'agent');
    ticket = await make.ticket(app.services, ws.admin, {
      channel: 'phone',
      subject: 'Invoice shows the wrong VAT',
      requester: { email: 'ann.archer@example.test', name: 'Ann Archer' },
      assigneeId: agent.user.id,
    });
  });

  async function openAs(user: { email: string; password: string }) {
    page = await desk.newPage({ user });
    return page;
  }

  afterEach(screenshotOnFailure(() => page, 'canned-'));

  afterAll(() => desk?.close());

  it('lets an admin write a response with variables, refusing an unknown one beside the field', async () => {
    const page = await openAs(admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Canned responses' }).click();
    await page.waitForURL(/\/admin\/canned-responses$/);
    await page.getByText('No canned responses yet.').waitFor();
    await page.getByRole('button', { name: 'New canned response' }).click();
    const form = page.getByRole('form', { name: 'New canned response' });
    await form.getByLabel('Title').fill('Friendly greeting');
    await form.getByLabel('Shortcut (optional)').fill('greet');
    expect(await form.getByLabel('Shared with').inputValue()).toBe('shared');
    const text = form.getByRole('textbox', { name: 'Text' });
    await text.fill('Hello {{customer.phone}},\n\nThanks for your patience. ');
    await form.getByRole('button', { name: 'Save' }).click();
    // The API's 422 names the unknown variable beside the text; nothing was saved.
    await form.getByText('unknown variable {{customer.phone}}', { exact: true }).waitFor();
    expect(await text.getAttribute('aria-invalid')).toBe('true');

    await text.fill('Hello ,\n\nThanks for your patience. I am looking at your invoice now.\n\n');
    // Variables go in at the caret: after "Hello " and at the end.
    await text.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(6, 6));
    await form.getByRole('button', { name: 'Insert {{customer.first_name}}' }).click();
    await text.press('End');
    await text.press('Control+End');
    await form.getByRole('button', { name: 'Insert {{agent.first_name}}' }).click();
    expect(await text.inputValue()).toBe(
      'Hello {{customer.first_name}},\n\nThanks for your patience. I am looking at your invoice now.\n\n{{agent.first_name}}',
    );
    await expect.poll(() => form.getByTestId('canned-response-preview').textContent()).toContain('Hello Jane,');
    await page.screenshot({ path: screenshotPath('canned-responses-admin-form') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Added “Friendly greeting”.').waitFor();
    const row = page.locator('tr[data-canned-response="Friendly greeting"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('greet');
    expect(await row.textContent()).toContain('Everyone');
    await page.screenshot({ path: screenshotPath('canned-responses-admin-list') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('lets an agent insert it from the composer with the keyboard, filled in for the ticket, and send it', async () => {
    const page = await openAs(agent);
    await page.goto(`${url}/tickets/${ticket.id}`);
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.click();
    await page.keyboard.press('Alt+KeyC');
    const search = page.getByRole('combobox', { name: 'Find a canned response' });
    await expect.poll(() => search.evaluate((element) => element === document.activeElement)).toBe(true);
    await search.pressSequentially('greet');
    const option = page.getByRole('option', { name: /Friendly greeting/ });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: screenshotPath('canned-responses-picker') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');

    const firstName = agent.user.name.split(' ')[0];
    await expect
      .poll(() => reply.inputValue())
      .toBe(`Hello Ann,\n\nThanks for your patience. I am looking at your invoice now.\n\n${firstName}`);
    // The focus is back in the reply, after the inserted text, so the agent keeps typing.
    expect(await reply.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type(' (Support)');
    expect(await reply.inputValue()).toMatch(/ \(Support\)$/);
    await page.screenshot({ path: screenshotPath('canned-responses-inserted') });

    await page.keyboard.press('Control+Enter');
    await page
      .locator('[data-message-kind="reply"]')
      .getByText(/Hello Ann,/)
      .waitFor();
    expect(await page.locator('[data-message-kind="reply"]').last().textContent()).toContain('I am looking at your invoice now.');
    await page.getByText('Reply sent.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^Canned response/ }).isEnabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('canned-responses-sent') });

    const used = await app.services.cannedResponses.list(admin.actor, { view: 'manage' });
    expect(used.items[0]).toMatchObject({ title: 'Friendly greeting', usageCount: 1 });
  });

  it('lets an agent reach their personal responses from the picker and keep one there', async () => {
    if (!page) throw new Error('the agent is not signed in');
    await page.keyboard.press('Alt+KeyC');
    await page.getByRole('link', { name: 'Manage canned responses' }).click();
    await page.waitForURL(/\/admin\/canned-responses$/);
    await page.getByText('Your personal canned responses: only you see and use them.', { exact: false }).waitFor();
    // Not workspace settings: no "only administrators" notice, and the shared response is not theirs to edit.
    // The list loads after the heading: wait for it before looking at what it holds.
    await page.getByText('No canned responses yet.').waitFor();
    expect(await page.getByText('Only administrators can change these settings.').count()).toBe(0);
    await page.getByRole('button', { name: 'New canned response' }).click();
    const form = page.getByRole('form', { name: 'New canned response' });
    expect(await form.getByLabel('Shared with').isDisabled()).toBe(true);
    expect(await form.getByLabel('Shared with').inputValue()).toBe('personal');
    await form.getByLabel('Title').fill('My sign-off');
    await form.getByRole('textbox', { name: 'Text' }).fill('Speak soon, {{agent.first_name}}');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('tr[data-canned-response="My sign-off"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Only me');
    await page.screenshot({ path: screenshotPath('canned-responses-agent-personal') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
