import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

/**
 * The portal's help centre (/portal/kb): server-rendered, public, for the workspace its Host names.
 * Only published public articles show; text is escaped; feedback needs the form's signed token.
 */
eachDialectApp('portal knowledge base', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  const host = `help-${Math.random().toString(36).slice(2, 8)}.example.test`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z');
    ws = await make.workspace(services);
    await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    await services.workspace.update(ws.admin, { settings: { portalHostnames: [host] } });
    const kb = services.knowledgeBase;
    const category = await kb.createCategory(ws.admin, { name: 'Accounts' });
    const section = await kb.createSection(ws.admin, category.id, { name: 'Signing in' });
    const publish = async (title: string, body: string, options: { visibility?: 'public' | 'internal'; sectionId?: string } = {}) => {
      const { id } = await kb.create(ws.admin, { title, body, ...options });
      await kb.publish(ws.admin, id, 'en', {});
      return id;
    };
    ids.reset = await publish('Reset your password', '<p>Open <b>Settings</b> and press Reset.</p>', { sectionId: section.id });
    ids.hostile = await publish('Tags like <script>alert(1)</script> in names', '<p>They are shown as text.</p>');
    ids.internal = await publish('Internal password override', '<p>Staff only.</p>', { visibility: 'internal' });
    ids.draft = (await kb.create(ws.admin, { title: 'Draft about passwords', body: '<p>Not yet.</p>' })).id;
  });

  const page = (url: string, headers: Record<string, string> = {}) => ctx().app.inject({ method: 'GET', url, headers: { host, ...headers } });

  it('lists published public articles by category and section, nothing else', async () => {
    const response = await page('/portal/kb');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const html = response.body;
    expect(html).toContain('<h2>Accounts</h2>');
    expect(html).toContain('<h3>Signing in</h3>');
    expect(html).toContain(`/portal/kb/articles/${ids.reset}`);
    expect(html).not.toContain('Internal password override');
    expect(html).not.toContain('Draft about passwords');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Tags like &lt;script&gt;alert(1)&lt;/script&gt; in names');
  });

  it('searches public articles with highlights and corrects a misspelt word', async () => {
    const results = (await page('/portal/kb?q=passwords')).body;
    expect(results).toContain('<mark>password</mark>');
    expect(results).toContain(ids.reset);
    expect(results).not.toContain(ids.internal);
    const corrected = (await page('/portal/kb?q=pasword')).body;
    expect(corrected).toContain('showing results for “password”');
    expect((await page('/portal/kb?q=nothinglikethis')).body).toContain('No articles match');
  });

  it('shows an article, counts the view, and takes feedback from its form', async () => {
    const response = await page(`/portal/kb/articles/${ids.reset}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<b>Settings</b>');
    const token = /name="token" value="([^"]+)"/.exec(response.body)?.[1];
    expect(token).toBeTruthy();
    const post = (payload: string) =>
      ctx().app.inject({ method: 'POST', url: `/portal/kb/articles/${ids.reset}/feedback`, headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const sent = await post(`token=${token}&lang=en&helpful=no&comment=${encodeURIComponent('Where is Settings?')}`);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/portal/kb/articles/${ids.reset}?lang=en&thanks=1`);
    expect((await page(sent.headers.location as string)).body).toContain('Thank you for your feedback');
    expect((await post('token=forged.token&helpful=yes')).statusCode).toBe(400);
    expect((await post(`token=${token}&helpful=maybe`)).statusCode).toBe(400);

    const feedback = (await ctx().app.inject({ method: 'GET', url: `/api/v1/kb/articles/${ids.reset}/feedback`, headers: bearer(admin) })).json().items;
    expect(feedback).toMatchObject([{ helpful: false, comment: 'Where is Settings?', source: 'portal' }]);
    await expect
      .poll(async () => (await ctx().app.inject({ method: 'GET', url: `/api/v1/kb/articles/${ids.reset}`, headers: bearer(admin) })).json().translation)
      .toMatchObject({ views: 2, notHelpful: 1 });
  });

  it('answers 404 for internal and unpublished articles, unknown hosts and unknown articles', async () => {
    expect((await page(`/portal/kb/articles/${ids.internal}`)).statusCode).toBe(404);
    expect((await page(`/portal/kb/articles/${ids.draft}`)).statusCode).toBe(404);
    expect((await page('/portal/kb/articles/01JQ0000000000000000000000')).statusCode).toBe(404);
    const elsewhere = await page('/portal/kb', { host: 'unknown.example.test' });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).toContain('There is no help centre at this address.');
  });

  it('limits feedback per client address', async () => {
    const article = (await page(`/portal/kb/articles/${ids.hostile}`)).body;
    const token = /name="token" value="([^"]+)"/.exec(article)?.[1];
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const response = await ctx().app.inject({
        method: 'POST',
        url: `/portal/kb/articles/${ids.hostile}/feedback`,
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${token}&helpful=yes`,
        remoteAddress: '203.0.113.9',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 303)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
