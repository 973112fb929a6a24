import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

/** A one-page PDF holding `text`, made with a real PDF writer. */
function pdfWith(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

/**
 * The knowledge base through its API on both databases: the workflow and its roles, versions,
 * diff and restore, and search — stemming, prefix, typo correction, attachments, excerpts — with
 * the same ranking on SQLite (FTS5 bm25) and PostgreSQL (ts_rank_cd): the expected orders below
 * are asserted on each.
 */
eachDialectApp('knowledge base', (ctx: () => AppContext) => {
  let ws: Workspace;
  let other: Workspace;
  const tokens = { admin: '', supervisor: '', agent: '', readOnly: '', otherAdmin: '' };

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z');
    ws = await make.workspace(services);
    other = await make.workspace(services);
    tokens.admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    tokens.otherAdmin = (await services.auth.createToken(other.system, 'admin', other.admin.userId)).token;
    tokens.supervisor = (await make.token(services, ws, 'supervisor')).token;
    tokens.agent = (await make.token(services, ws, 'agent')).token;
    tokens.readOnly = (await make.token(services, ws, 'read-only')).token;
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

  async function publishArticle(title: string, body: string, options: { language?: string; visibility?: string; reviewAt?: string } = {}) {
    const created = await api('POST', '/api/v1/kb/articles', tokens.agent, { title, body, ...options });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const published = await api(
      'POST',
      `/api/v1/kb/articles/${id}/translations/${options.language ?? 'en'}/publish`,
      tokens.supervisor,
      options.reviewAt ? { reviewAt: options.reviewAt } : {},
    );
    expect(published.statusCode).toBe(200);
    return id as string;
  }
  const search = async (q: string, extra = '', token = tokens.agent) => {
    const response = await api('GET', `/api/v1/kb/search?q=${encodeURIComponent(q)}${extra}`, token);
    expect(response.statusCode).toBe(200);
    return response.json() as {
      items: Array<{ articleId: string; title: string; excerpt: string }>;
      correctedQuery: string | null;
      matched: string;
      nextCursor: string | null;
    };
  };

  describe('workflow', () => {
    let id: string;

    it('lets supervisors organise categories and sections, and nobody else', async () => {
      const category = await api('POST', '/api/v1/kb/categories', tokens.supervisor, {
        name: 'Billing',
        description: 'Invoices and payments',
      });
      expect(category.statusCode).toBe(201);
      expect((await api('POST', '/api/v1/kb/categories', tokens.agent, { name: 'Nope' })).statusCode).toBe(403);
      expect((await api('POST', '/api/v1/kb/categories', tokens.supervisor, { name: 'Billing' })).statusCode).toBe(400);
      const section = await api('POST', `/api/v1/kb/categories/${category.json().id}/sections`, tokens.supervisor, { name: 'Invoices' });
      expect(section.statusCode).toBe(201);
      const list = (await api('GET', '/api/v1/kb/categories', tokens.readOnly)).json();
      expect(list.items).toMatchObject([{ name: 'Billing', sections: [{ name: 'Invoices', position: 0 }] }]);
      expect((await api('GET', '/api/v1/kb/categories', tokens.otherAdmin)).json().items).toEqual([]);
    });

    it('keeps every edit as a version, sanitised, and refuses an edit over a newer version', async () => {
      const sectionId = (await api('GET', '/api/v1/kb/categories', tokens.agent)).json().items[0].sections[0].id;
      const created = await api('POST', '/api/v1/kb/articles', tokens.agent, {
        title: 'Download an invoice',
        body: '<p>Open <b>Billing</b> and choose the invoice.</p><script>alert(1)</script><img src=x onerror="alert(2)">',
        sectionId,
      });
      expect(created.statusCode).toBe(201);
      const article = created.json();
      id = article.id;
      expect(article).toMatchObject({
        visibility: 'public',
        sectionId,
        translation: { status: 'draft', latestVersion: 1, publishedVersion: null },
      });
      expect(article.latest.bodyHtml).not.toMatch(/script|onerror/);
      expect(article.latest.bodyText).toContain('Open BILLING and choose the invoice.'.replace('BILLING', 'Billing'));

      const edited = await api('PUT', `/api/v1/kb/articles/${id}/translations/en`, tokens.agent, {
        title: 'Download an invoice as PDF',
        body: '<p>Open Billing, choose the invoice and press Download PDF.</p>',
        baseVersion: 1,
      });
      expect(edited.json().translation).toMatchObject({ latestVersion: 2, status: 'draft', title: 'Download an invoice as PDF' });
      const stale = await api('PUT', `/api/v1/kb/articles/${id}/translations/en`, tokens.agent, {
        title: 'Mine',
        body: '<p>x</p>',
        baseVersion: 1,
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.headers['content-type']).toMatch(/problem\+json/);
    });

    it('moves draft → in review → published, publishing only for supervisors and admins', async () => {
      expect((await api('POST', `/api/v1/kb/articles/${id}/translations/en/submit`, tokens.agent)).json().translation.status).toBe(
        'in-review',
      );
      expect((await api('POST', `/api/v1/kb/articles/${id}/translations/en/publish`, tokens.agent)).statusCode).toBe(403);
      expect((await api('POST', `/api/v1/kb/articles/${id}/translations/en/submit`, tokens.agent)).statusCode).toBe(400);
      const published = await api('POST', `/api/v1/kb/articles/${id}/translations/en/publish`, tokens.supervisor);
      expect(published.json()).toMatchObject({
        translation: { status: 'published', publishedVersion: 2 },
        reviewAt: '2026-08-29T09:00:00.000Z',
      });
      expect((await search('invoice pdf')).items.map((hit) => hit.articleId)).toEqual([id]);
    });

    it('keeps the published version live while a newer one is edited, diffs any two and restores an old one', async () => {
      await api('PUT', `/api/v1/kb/articles/${id}/translations/en`, tokens.agent, {
        title: 'Download an invoice',
        body: '<p>Press Export in Billing.</p>',
        baseVersion: 2,
      });
      expect((await search('export')).items).toEqual([]);
      expect((await search('download pdf')).items.map((hit) => hit.articleId)).toEqual([id]);

      const diff = (await api('GET', `/api/v1/kb/articles/${id}/translations/en/diff?from=1&to=2`, tokens.readOnly)).json();
      expect(diff.title).toEqual([
        { op: 'equal', text: 'Download an invoice' },
        { op: 'insert', text: ' as PDF' },
      ]);
      expect(
        diff.body
          .filter((part: { op: string }) => part.op === 'insert')
          .map((part: { text: string }) => part.text)
          .join(''),
      ).toContain('press Download PDF');

      const restored = await api('POST', `/api/v1/kb/articles/${id}/translations/en/versions/1/restore`, tokens.agent);
      expect(restored.json()).toMatchObject({
        translation: { latestVersion: 4, publishedVersion: 2 },
        latest: { title: 'Download an invoice', note: 'Restored version 1' },
      });
      const versions = (await api('GET', `/api/v1/kb/articles/${id}/translations/en/versions`, tokens.agent)).json().items;
      expect(versions.map((version: { number: number }) => version.number)).toEqual([4, 3, 2, 1]);
      expect((await api('GET', `/api/v1/kb/articles/${id}/translations/en/versions/9`, tokens.agent)).statusCode).toBe(404);
      expect((await api('GET', `/api/v1/kb/articles/${id}`, tokens.otherAdmin)).statusCode).toBe(404);
    });

    it('records feedback and views on the published article', async () => {
      expect((await api('POST', `/api/v1/kb/articles/${id}/feedback`, tokens.agent, { helpful: true })).statusCode).toBe(204);
      expect(
        (await api('POST', `/api/v1/kb/articles/${id}/feedback`, tokens.agent, { helpful: false, comment: 'Which button?' })).statusCode,
      ).toBe(204);
      await ctx().services.knowledgeBase.recordView(ws.admin, id, 'en');
      // A view is counted without waiting for durability: it shows once its group commits.
      await expect
        .poll(async () => (await api('GET', `/api/v1/kb/articles/${id}`, tokens.agent)).json().translation)
        .toMatchObject({ helpful: 1, notHelpful: 1, views: 1 });
      const feedback = (await api('GET', `/api/v1/kb/articles/${id}/feedback`, tokens.agent)).json().items;
      expect(feedback).toMatchObject([
        { helpful: false, comment: 'Which button?' },
        { helpful: true, comment: null },
      ]);
    });

    it('lists published articles past their review date for their owners, oldest first', async () => {
      const overdue = await publishArticle('Old shipping rates', '<p>Rates from last year.</p>', { reviewAt: '2026-03-01T00:00:00.000Z' });
      const stale = (await api('GET', '/api/v1/kb/articles?stale=true', tokens.agent)).json().items;
      expect(stale.map((item: { id: string }) => item.id)).toEqual([overdue]);
      expect(stale[0]).toMatchObject({ stale: true });
      ctx().clock.advance(200 * 86_400_000);
      const later = (await api('GET', '/api/v1/kb/articles?stale=true', tokens.agent)).json().items.map((item: { id: string }) => item.id);
      expect(later).toEqual([overdue, id]);
      ctx().clock.set('2026-03-02T09:00:00.000Z');
    });
  });

  describe('search', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ids.reset = await publishArticle(
        'Reset your password',
        '<p>Open Settings, choose Security and press Reset. A link arrives by email.</p>',
      );
      ids.twoFactor = await publishArticle(
        'Two-factor sign-in',
        '<p>After you reset the password, sign in again with the code from the app.</p>',
      );
      ids.router = await publishArticle(
        'Router keeps restarting',
        '<p>Hold the button for ten seconds. If that fails, contact support.</p>',
      );
      ids.passwordPolicy = await publishArticle(
        'Password rules',
        '<p>Passwords need twelve characters. Resetting them often does not help.</p>',
      );
      ids.internal = await publishArticle(
        'Escalating password lockouts',
        '<p>Internal steps for a locked account: reset in the admin console.</p>',
        { visibility: 'internal' },
      );
      ids.german = await publishArticle('Rechnungen herunterladen', '<p>Alle Rechnungen finden Sie unter Abrechnung.</p>', {
        language: 'de',
      });
    });

    it('ranks a match in the title above one in the text, and the same order on both databases', async () => {
      expect((await search('reset password')).items.map((hit) => hit.articleId)).toEqual([
        ids.reset,
        ids.passwordPolicy,
        ids.internal,
        ids.twoFactor,
      ]);
      expect((await search('router')).items.map((hit) => hit.articleId)).toEqual([ids.router]);
    });

    it('stems words in the article language: resetting passwords finds reset password', async () => {
      const hits = (await search('resetting passwords')).items.map((hit) => hit.articleId);
      expect(hits.slice(0, 2)).toEqual([ids.reset, ids.passwordPolicy]);
      expect((await search('Rechnung', '&language=de')).items.map((hit) => hit.articleId)).toEqual([ids.german]);
      expect((await search('Rechnung')).items).toEqual([]);
    });

    it('matches the word being typed as a prefix', async () => {
      expect((await search('rout', '&prefix=true')).items.map((hit) => hit.articleId)).toEqual([ids.router]);
      expect((await search('reset passw', '&prefix=true')).items.map((hit) => hit.articleId)[0]).toBe(ids.reset);
      expect((await search('rout', '&prefix=false')).items).toEqual([]);
    });

    it('corrects a misspelt word from the index vocabulary and says so', async () => {
      const result = await search('pasword');
      expect(result.correctedQuery).toBe('password');
      expect(result.items[0].articleId).toBe(ids.passwordPolicy);
      expect((await search('routr restartng')).correctedQuery).toBe('router restarting');
    });

    it('falls back to any word when no article has them all', async () => {
      const result = await search('router password');
      expect(result.matched).toBe('any');
      expect(result.items.map((hit) => hit.articleId)).toContain(ids.router);
    });

    it('returns escaped, highlighted titles and excerpts', async () => {
      const id = await publishArticle(
        'Pasting <script> into fields',
        '<p>Typing &lt;b&gt;bold&lt;/b&gt; shows the tags; pasting keeps them.</p>',
      );
      const [hit] = (await search('pasting')).items;
      expect(hit.articleId).toBe(id);
      expect(hit.title).toBe('<mark>Pasting</mark> &lt;script&gt; into fields');
      expect(hit.excerpt).toContain('&lt;b&gt;');
      expect(hit.excerpt).toContain('<mark>pasting</mark>');
    });

    it('keeps workspaces apart and pages with a cursor', async () => {
      expect((await search('password', '', tokens.otherAdmin)).items).toEqual([]);
      const first = await search('password', '&limit=2');
      expect(first.items).toHaveLength(2);
      const second = (await api('GET', `/api/v1/kb/search?q=password&limit=2&cursor=${first.nextCursor}`, tokens.agent)).json();
      expect(second.items.map((hit: { articleId: string }) => hit.articleId)).not.toContain(first.items[0].articleId);
      const forged = await api('GET', '/api/v1/kb/search?q=password&cursor=eyJvZmZzZXQiOi0xfQ', tokens.agent);
      expect(forged.statusCode).toBe(400);
    });

    it('indexes the text of PDF attachments and checks that a file is what it says', async () => {
      const pdf = await pdfWith('Firmware upgrade: unplug the modem before flashing.');
      const upload = await api('POST', `/api/v1/kb/articles/${ids.router}/attachments`, tokens.agent, {
        filename: 'manual.pdf',
        contentType: 'application/pdf',
        data: pdf.toString('base64'),
      });
      expect(upload.statusCode).toBe(201);
      expect(upload.json()).toMatchObject({ filename: 'manual.pdf', searchable: true, size: pdf.length });
      expect((await search('firmware modem')).items.map((hit) => hit.articleId)).toEqual([ids.router]);
      const download = await api('GET', `/api/v1/kb/attachments/${upload.json().id}`, tokens.readOnly);
      expect(download.rawPayload.equals(pdf)).toBe(true);

      const fake = await api('POST', `/api/v1/kb/articles/${ids.router}/attachments`, tokens.agent, {
        filename: 'x.png',
        contentType: 'image/png',
        data: Buffer.from('<html>').toString('base64'),
      });
      expect(fake.statusCode).toBe(400);
      const exe = await api('POST', `/api/v1/kb/articles/${ids.router}/attachments`, tokens.agent, {
        filename: 'x.exe',
        contentType: 'application/x-msdownload',
        data: 'TVqQAAMAAAAEAAAA',
      });
      expect(exe.statusCode).toBe(400);
      expect((await api('DELETE', `/api/v1/kb/attachments/${upload.json().id}`, tokens.agent)).statusCode).toBe(204);
      expect((await search('firmware')).items).toEqual([]);
    });

    it('suggests articles for a ticket and turns a ticket into a draft', async () => {
      const ticket = await make.ticket(ctx().services, ws.admin, {
        subject: 'My router restarts all the time',
        message: { text: 'It keeps restarting every hour.' },
      });
      const suggestions = (await api('GET', `/api/v1/tickets/${ticket.id}/article-suggestions`, tokens.agent)).json().items;
      expect(suggestions[0].articleId).toBe(ids.router);
      await ctx().services.messages.add(ws.admin, ticket.id, { text: 'Hold the reset button for ten seconds.' });
      const draft = await api('POST', '/api/v1/kb/articles/from-ticket', tokens.agent, { ticketId: ticket.id });
      expect(draft.statusCode).toBe(201);
      expect(draft.json()).toMatchObject({
        visibility: 'internal',
        sourceTicketId: ticket.id,
        translation: { status: 'draft', title: 'My router restarts all the time' },
      });
      expect(draft.json().latest.bodyText).toContain('Hold the reset button');
      expect((await api('POST', '/api/v1/kb/articles/from-ticket', tokens.readOnly, { ticketId: ticket.id })).statusCode).toBe(403);
    });

    it('takes an unpublished or archived article out of search', async () => {
      await api('POST', `/api/v1/kb/articles/${ids.twoFactor}/translations/en/unpublish`, tokens.supervisor);
      expect((await search('factor')).items).toEqual([]);
      await api('POST', `/api/v1/kb/articles/${ids.router}/translations/en/archive`, tokens.admin);
      expect((await search('router')).items).toEqual([]);
      expect((await api('DELETE', `/api/v1/kb/articles/${ids.router}`, tokens.agent)).statusCode).toBe(403);
      expect((await api('DELETE', `/api/v1/kb/articles/${ids.router}`, tokens.admin)).statusCode).toBe(204);
    });
  });

  it('answers bad input with problem+json and changes nothing', async () => {
    const badSection = await api('POST', '/api/v1/kb/articles', tokens.agent, { title: 'x', body: 'y', sectionId: 'nope' });
    expect(badSection.statusCode).toBe(400);
    expect(badSection.json()).toMatchObject({ type: '/problems/validation' });
    expect((await api('POST', '/api/v1/kb/articles', tokens.agent, { title: 'x', body: 'y', language: 'english!' })).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/kb/articles', tokens.agent, { title: 'x', body: 'y', ownerId: 'nobody' })).statusCode).toBe(400);
    expect((await api('GET', '/api/v1/kb/articles?cursor=garbage', tokens.agent)).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/kb/articles', tokens.readOnly, { title: 'x', body: 'y' })).statusCode).toBe(403);
  });
});
