import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { make } from '../factories.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// The knowledge base in the agent app: a supervisor writes an article in the editor, publishes it,
// edits it (meeting someone else's newer save), compares two versions and restores the first; a
// search with a typo shows the corrected results; an agent inserts a suggested article's link into
// a reply and turns the ticket into a draft article.
describe('agent app: knowledge base in Chromium', () => {
  let desk: BrowserDesk;
  let supervisor: Awaited<ReturnType<typeof make.user>>;
  let agent: Awaited<ReturnType<typeof make.user>>;
  const ids: Record<string, string> = {};
  let page: Page | undefined;
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    const { app, ws } = desk;
    supervisor = await make.user(app.services, ws, 'supervisor');
    agent = await make.user(app.services, ws, 'agent');
    const kb = app.services.knowledgeBase;
    const category = await kb.createCategory(ws.admin, { name: 'Accounts' });
    const section = await kb.createSection(ws.admin, category.id, { name: 'Signing in' });
    const publish = async (
      title: string,
      body: string,
      options: { sectionId?: string; visibility?: 'public' | 'internal'; ownerId?: string; reviewAt?: string } = {},
    ) => {
      const { id } = await kb.create(ws.admin, { title, body, ...options });
      await kb.publish(ws.admin, id, 'en', options.reviewAt ? { reviewAt: options.reviewAt } : {});
      return id;
    };
    ids.forgotten = await publish(
      'Forgotten password',
      '<p>Use the <b>Forgot password</b> link on the sign-in page; the email with the reset link arrives within a minute.</p>',
      { sectionId: section.id },
    );
    ids.invoice = await publish('Change the invoice address', '<p>Billing → Details → Address.</p>');
    ids.policy = await publish('Password rules for staff', '<p>Twelve characters or more.</p>', { visibility: 'internal' });
    ids.stale = await publish('Export tickets to CSV', '<p>Reports → Download CSV.</p>', {
      ownerId: supervisor.user.id,
      reviewAt: '2026-02-01T00:00:00.000Z',
    });
    ids.ticket = (
      await make.ticket(app.services, ws.admin, {
        subject: 'I forgot my password',
        message: { text: 'The reset email never arrives. What should I do about my password?' },
        assigneeId: agent.user.id,
      })
    ).id;
  });

  afterEach(screenshotOnFailure(() => page, 'kb-'));
  afterAll(() => desk?.close());

  const editor = () => page!.getByRole('textbox', { name: 'Text', exact: true });

  it('lets a supervisor write, publish and edit an article, then compare versions and restore the first', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge base' }).click();
    await page.waitForURL(/\/kb$/);
    await page.getByRole('link', { name: 'New article' }).click();
    await page.waitForURL(/\/kb\/new$/);
    await page.getByLabel('Title').fill('Reset your password');
    await page.getByLabel('Section').selectOption({ label: 'Signing in' });
    await editor().click();
    await page.keyboard.type('Open ');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('Settings');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type(' and press Reset.');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Bulleted list' }).click();
    await page.keyboard.type('It works on the web');
    await page.keyboard.press('Enter');
    await page.keyboard.type('and in the app');
    expect(await page.getByRole('button', { name: 'Bulleted list' }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: screenshotPath('kb-editor-new') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/kb\/articles\/[^/?]+\?language=en$/);
    const articleId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    const stored = await desk.app.services.knowledgeBase.get(supervisor.actor, articleId);
    expect(stored.latest.bodyHtml).toBe(
      '<p>Open <strong>Settings</strong> and press Reset.</p><ul><li><p>It works on the web</p></li><li><p>and in the app</p></li></ul>',
    );
    expect(stored.sectionId).not.toBeNull();

    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Published version 1: the help centre and search show it now.').waitFor();
    expect(await page.locator('h1 + span, h1 ~ span').first().textContent()).toBe('Published');
    await page.screenshot({ path: screenshotPath('kb-article-published') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // An edit: saved as version 2 over version 1; readers still see version 1.
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' on the phone');
    await page.getByLabel('What changed (optional)').fill('Mention the phone');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByText('readers see version 1').waitFor();

    // Someone else saves version 3 meanwhile: this editor's next save is refused, with a reload.
    await desk.app.services.knowledgeBase.saveVersion(desk.ws.admin, articleId, 'en', {
      title: 'Reset your password',
      body: '<p>Open <strong>Settings</strong>, press Reset and check your email.</p>',
      baseVersion: 2,
    });
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('!');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Someone saved a newer version while you were editing.').waitFor();
    await page.screenshot({ path: screenshotPath('kb-conflict') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reload the article' }).click();
    await editor().getByText('press Reset and check your email').waitFor();
    expect((await desk.app.services.knowledgeBase.get(supervisor.actor, articleId)).latest.number).toBe(3);

    // Version 1 → 2: the words added are marked as insertions.
    const versions = page.getByTestId('kb-versions');
    await versions.locator('[data-version="3"]').waitFor();
    await page.getByLabel('From', { exact: true }).selectOption({ label: 'Version 1' });
    await page.getByLabel('To', { exact: true }).selectOption({ label: 'Version 2' });
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByTestId('kb-diff');
    await diff.getByText('Changes from version 1 to version 2').waitFor();
    expect(await diff.locator('ins').allTextContents()).toEqual([' on the phone']);
    expect(await diff.locator('del').count()).toBe(0);
    await page.getByLabel('To', { exact: true }).selectOption({ label: 'Version 3' });
    await page.getByRole('button', { name: 'Compare' }).click();
    await diff.getByText('Changes from version 1 to version 3').waitFor();
    expect((await diff.locator('del').allTextContents()).join('')).toContain('It works on the web');
    expect((await diff.locator('ins').allTextContents()).join(' ')).toMatch(/check.*your.*email/);
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('kb-diff') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByText('Restored version 1 as version 4.').waitFor();
    await editor().getByText('and press Reset.').waitFor();
    expect(await editor().textContent()).not.toContain('check your email');
    await versions.locator('[data-version="4"]').waitFor();
    expect(await versions.locator('[data-version="4"]').textContent()).toContain('Restored version 1');
    await page.screenshot({ path: screenshotPath('kb-restored') });
    const restored = await desk.app.services.knowledgeBase.get(supervisor.actor, articleId);
    expect(restored.latest).toMatchObject({ number: 4, bodyHtml: stored.latest.bodyHtml });
    expect(restored.translation.publishedVersion).toBe(1);
  });

  it('lets a supervisor organise categories, translate an article and attach a searched file', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/kb`);
    await page.getByRole('link', { name: 'Categories and sections' }).click();
    await page.waitForURL(/\/kb\/categories$/);
    const add = page.getByRole('form', { name: 'Add category' });
    await add.getByLabel('Category name').fill('Billing');
    await add.getByLabel('Description (optional)').fill('Invoices and payments');
    await add.getByRole('button', { name: 'Add category' }).click();
    await page.getByText('Added the category “Billing”.').waitFor();
    const billing = page.locator('[data-category="Billing"]');
    await billing.getByLabel('New section').fill('Invoices');
    await billing.getByRole('button', { name: 'Add section' }).click();
    await billing.locator('[data-section="Invoices"]').waitFor();
    await billing.getByRole('button', { name: 'Rename Invoices' }).click();
    await billing.getByRole('textbox', { name: 'Rename Invoices' }).fill('Invoices and receipts');
    await billing.getByRole('textbox', { name: 'Rename Invoices' }).press('Enter');
    await billing.locator('[data-section="Invoices and receipts"]').waitFor();
    await page.screenshot({ path: screenshotPath('kb-categories') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto(`${desk.url}/kb/articles/${ids.invoice}`);
    await page.getByRole('heading', { name: 'Change the invoice address' }).waitFor();
    await page.getByLabel('Section').selectOption({ label: 'Invoices and receipts' });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await page.getByRole('button', { name: 'Add translation' }).click();
    await page.getByLabel('Language tag').fill('de');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'New translation: German (de)' }).waitFor();
    await page.getByLabel('Title').fill('Rechnungsadresse ändern');
    await editor().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Abrechnung → Details → Adresse: ');
    // A link typed without a scheme becomes https; with nothing selected the address is the text.
    await page.getByRole('button', { name: 'Link' }).click();
    await page.getByLabel('Link address').fill('example.com/de/rechnung');
    await page.getByLabel('Link address').press('Enter');
    await page.getByRole('button', { name: 'Save translation' }).click();
    await page.waitForURL(/language=de$/);
    await page.getByRole('heading', { name: 'Rechnungsadresse ändern' }).waitFor();
    expect(await page.getByRole('tab', { name: 'German (de)' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'English (en)' }).waitFor();
    const german = await desk.app.services.knowledgeBase.get(supervisor.actor, ids.invoice, 'de');
    expect(german.latest.bodyHtml).toBe(
      '<p>Abrechnung → Details → Adresse: <a href="https://example.com/de/rechnung" target="_blank" rel="noopener noreferrer nofollow">https://example.com/de/rechnung</a></p>',
    );

    await page.locator('input[type=file]').setInputFiles({
      name: 'billing-faq.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('VAT numbers are printed under the address.'),
    });
    const files = page.getByTestId('kb-attachments');
    await files.getByRole('link', { name: 'billing-faq.txt' }).waitFor();
    expect(await files.textContent()).toContain('searched');
    await page.screenshot({ path: screenshotPath('kb-translation-and-file') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The file's text is searched with the article (its published English version).
    const found = await desk.app.services.knowledgeBase.search(supervisor.actor, { q: 'VAT numbers' });
    expect(found.items.map((hit) => hit.articleId)).toEqual([ids.invoice]);
  });

  it('searches as the agent types, correcting a misspelt word, and lists my articles due for review', async () => {
    page = await desk.newPage({ user: supervisor });
    await page.goto(`${desk.url}/kb`);
    await page.getByLabel('Search published articles').pressSequentially('pasword');
    await page.getByTestId('kb-corrected').waitFor();
    expect(await page.getByTestId('kb-corrected').textContent()).toBe('No articles matched “pasword”. Showing results for “password”.');
    const results = page.getByTestId('kb-search-results');
    await results.getByRole('link', { name: 'Forgotten password' }).waitFor();
    expect((await results.locator('mark').allTextContents()).map((text) => text.toLowerCase())).toContain('password');
    expect(await results.textContent()).toContain('Password rules for staff'); // internal articles are for agents too
    expect(await results.textContent()).not.toContain('Change the invoice address');
    await page.screenshot({ path: screenshotPath('kb-search-typo') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Prefix matching while typing: "invo" finds the invoice article.
    await page.getByLabel('Search published articles').fill('invo');
    await results.getByRole('link', { name: 'Change the invoice address' }).waitFor();

    await page.getByLabel('Search published articles').fill('');
    await page.getByLabel('Only my articles due for review').check();
    await page.waitForURL(/stale=true/);
    const rows = page.getByTestId('kb-articles').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Export tickets to CSV');
    expect(await rows.first().textContent()).toContain('review due');
    await page.screenshot({ path: screenshotPath('kb-list-stale') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('suggests articles beside the composer, inserts a link and the text, and turns the ticket into a draft', async () => {
    page = await desk.newPage({ user: agent });
    await page.goto(`${desk.url}/tickets/${ids.ticket}`);
    const articles = page.getByRole('button', { name: /^Articles/ });
    await expect.poll(() => articles.textContent()).toMatch(/^Articles\d+$/);
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.fill('Hello,\n\nThis explains it: ');
    await articles.click();
    const panel = page.getByRole('region', { name: 'Knowledge-base articles' });
    await panel.getByTestId('kb-suggestions').locator('[data-suggestion="Forgotten password"]').waitFor();
    // Internal articles give no link: customers could not open it.
    const internal = panel.locator('[data-suggestion="Password rules for staff"]');
    if (await internal.count()) expect(await internal.getByRole('button', { name: /Insert link/ }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('kb-suggestions') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'Insert link to Forgotten password' }).click();
    const link = `Forgotten password: ${desk.url}/portal/kb/articles/${ids.forgotten}`;
    await expect.poll(() => reply.inputValue()).toBe(`Hello,\n\nThis explains it: ${link}`);
    expect(await reply.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('\n\n');
    await articles.click();
    await panel.getByRole('button', { name: 'Insert text of Forgotten password' }).click();
    await expect.poll(() => reply.inputValue()).toContain('Use the Forgot password link on the sign-in page');
    await page.screenshot({ path: screenshotPath('kb-suggestion-inserted') });

    await page.getByRole('button', { name: 'Turn into draft article' }).click();
    await page.waitForURL(/\/kb\/articles\/[^/?]+\?language=en$/);
    await page.getByRole('heading', { name: 'I forgot my password' }).waitFor();
    await page.getByRole('link', { name: 'From a ticket' }).waitFor();
    expect(await page.getByText('Internal', { exact: true }).count()).toBeGreaterThan(0);
    // An agent submits drafts; publishing is for supervisors and admins.
    await page.getByRole('button', { name: 'Submit for review' }).waitFor();
    expect(await page.getByRole('button', { name: /^Publish/ }).count()).toBe(0);
    await editor().getByText('The reset email never arrives.').waitFor();
    await page.screenshot({ path: screenshotPath('kb-draft-from-ticket') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
