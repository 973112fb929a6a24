import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.ts';
import { seriousAccessibilityViolations } from './axe.ts';
import { screenshotOnFailure, screenshotPath } from './browser.ts';
import { type BrowserDesk, startBrowserDesk } from './desk.ts';

// The customer portal's help centre (/portal/kb), server-rendered: a reader without JavaScript
// browses, searches with a typo, opens an article and answers "Was this article helpful?"; every
// page passes axe (checked in a second context with scripts on, which axe needs).
describe('portal help centre in Chromium', () => {
  let desk: BrowserDesk;
  let browser: Browser;
  let reader: BrowserContext;
  let checker: BrowserContext;
  let page: Page | undefined;
  const ids: Record<string, string> = {};
  const clock = fixedClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    desk = await startBrowserDesk({ clock });
    browser = desk.browser;
    const { app, ws } = desk;
    const kb = app.services.knowledgeBase;
    const category = await kb.createCategory(ws.admin, { name: 'Accounts', description: 'Signing in and your profile' });
    const section = await kb.createSection(ws.admin, category.id, { name: 'Signing in' });
    const publish = async (title: string, body: string, options: { sectionId?: string; visibility?: 'public' | 'internal' } = {}) => {
      const { id } = await kb.create(ws.admin, { title, body, ...options });
      await kb.publish(ws.admin, id, 'en', {});
      return id;
    };
    ids.forgotten = await publish(
      'Forgotten password',
      '<p>Use the <strong>Forgot password</strong> link on the sign-in page.</p><ul><li><p>The email arrives within a minute.</p></li><li><p>The link works once.</p></li></ul>',
      { sectionId: section.id },
    );
    ids.invoice = await publish('Change the invoice address', '<p>Billing → Details → Address.</p>');
    ids.internal = await publish('Password rules for staff', '<p>Staff only.</p>', { visibility: 'internal' });
    reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 800 } });
    checker = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  });

  afterEach(screenshotOnFailure(() => page, 'portal-kb-'));
  afterAll(async () => {
    await reader?.close();
    await checker?.close();
    await desk?.close();
  });

  /** axe on the same address, in the context that runs scripts (the pages themselves have none). */
  async function accessibilityOf(url: string) {
    const check = await checker.newPage();
    await check.goto(url);
    const violations = await seriousAccessibilityViolations(check);
    await check.close();
    return violations;
  }

  it('lets a reader without JavaScript search with a typo, read an article and say whether it helped', async () => {
    page = await reader.newPage();
    await page.goto(`${desk.url}/portal/kb`);
    await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    expect(await page.getByRole('link', { name: 'Forgotten password' }).count()).toBe(1);
    expect(await page.getByText('Password rules for staff').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('portal-kb-contents') });
    expect(await accessibilityOf(page.url())).toEqual([]);

    await page.getByRole('searchbox', { name: 'Search the help centre' }).fill('pasword');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/portal\/kb\?q=pasword$/);
    await page.getByText('No articles matched “pasword”; showing results for “password”.').waitFor();
    const hit = page.locator('.hit').first();
    expect(await hit.locator('mark').first().textContent()).toMatch(/^password$/i);
    expect(await page.getByText('Password rules for staff').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('portal-kb-search-typo') });
    expect(await accessibilityOf(page.url())).toEqual([]);

    await hit.getByRole('link').click();
    await page.waitForURL(new RegExp(`/portal/kb/articles/${ids.forgotten}$`));
    await page.getByRole('heading', { name: 'Forgotten password', level: 1 }).waitFor();
    expect(await page.locator('article li').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('portal-kb-article') });
    expect(await accessibilityOf(page.url())).toEqual([]);

    const form = page.getByRole('group', { name: 'Was this article helpful?' });
    await form.getByLabel('No').check();
    await form.getByLabel('What could be better? (optional)').fill('The email went to my spam folder.');
    await form.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForURL(/thanks=1$/);
    await page.getByText('Thank you for your feedback.').waitFor();
    await page.screenshot({ path: screenshotPath('portal-kb-feedback-sent') });
    expect(await accessibilityOf(page.url())).toEqual([]);

    const { app, ws } = desk;
    const feedback = await app.services.knowledgeBase.listFeedback(ws.admin, ids.forgotten, {});
    expect(feedback.items).toMatchObject([
      { helpful: false, comment: 'The email went to my spam folder.', source: 'portal', language: 'en' },
    ]);
    const article = await app.services.knowledgeBase.get(ws.admin, ids.forgotten);
    // Every page load counts a view: the reader's two (the article, then its thanks) and axe's two.
    expect(article.translation).toMatchObject({ helpful: 0, notHelpful: 1, views: 4 });
  });
});
