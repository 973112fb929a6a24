import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('search by relevance', (ctx: () => AppContext) => {
  let ws: Workspace;
  let token: string;
  const subjects = (response: { json(): { items: Array<{ subject: string }> } }) => response.json().items.map((ticket) => ticket.subject);
  const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: bearer(token) });

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    token = (await make.token(services, ws, 'agent')).token;
    // Created oldest to newest: the subject match sits in the middle, body-only matches around it.
    for (const [subject, text] of [
      ['Printer jams', 'Also the zeppelin light blinks.'],
      ['Zeppelin sync fails', 'Nothing syncs since Monday.'],
      ['Invoice question', 'Is the zeppelin plan billed yearly?'],
    ]) {
      await ctx().app.inject({ method: 'POST', url: '/api/v1/tickets', headers: bearer(token), payload: { subject, requester: { email: 'pat@example.com' }, message: { text } } });
    }
    for (let i = 0; i < 7; i++) await make.ticket(services, ws.admin, { subject: `Quasar report ${i}`, message: { text: `quasar body ${i}` } });
  });

  it('puts a match in the subject above matches in the messages; newest first stays the default', async () => {
    expect(subjects(await get('/api/v1/search?q=zeppelin'))).toEqual(['Invoice question', 'Zeppelin sync fails', 'Printer jams']);
    expect(subjects(await get('/api/v1/search?q=zeppelin&sort=newest'))).toEqual(['Invoice question', 'Zeppelin sync fails', 'Printer jams']);
    expect(subjects(await get('/api/v1/search?q=zeppelin&sort=relevance'))[0]).toBe('Zeppelin sync fails');
  });

  it('pages through ranked hits, each exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/api/v1/search?q=quasar&sort=relevance&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      seen.push(...subjects(response));
      cursor = response.json().nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `Quasar report ${i}`));
  });

  it('refuses an unknown order and a cursor of the other order', async () => {
    const bad = await get('/api/v1/search?q=zeppelin&sort=oldest');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('sort');
    const newestCursor = (await get('/api/v1/search?q=quasar&limit=2')).json().nextCursor;
    expect(newestCursor).toBeTruthy();
    expect((await get(`/api/v1/search?q=quasar&sort=relevance&cursor=${newestCursor}`)).statusCode).toBe(400);
  });
});
