import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// PostgreSQL refuses NUL in text and each database mangles lone surrogates its own way: both are
// refused at the door with a 400 naming the field, the same on both databases, and change nothing.
eachDialectApp('NUL and lone surrogates in API input', (ctx: () => AppContext) => {
  let ws: Workspace;
  let token: string;
  let ticket: { id: string; version: number };

  beforeAll(async () => {
    const { services, app } = ctx();
    ws = await make.workspace(services);
    token = (await make.token(services, ws, 'agent')).token;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: bearer(token),
      payload: { subject: 'Clean', requester: { email: 'clean@example.com' }, message: { text: 'Hello' } },
    });
    ticket = created.json();
  });

  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx().app.inject({ method, url, headers: { ...bearer(token), ...headers }, payload: payload as object });

  const expectRefused = (response: { statusCode: number; headers: Record<string, unknown>; json(): { type: string; fields: Record<string, string> } }, field: string) => {
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().type).toBe('/problems/validation');
    expect(Object.keys(response.json().fields)).toEqual([field]);
  };

  const counts = async () => {
    const { db } = ctx().database.handle;
    const count = async (table: 'ticket' | 'message' | 'contact') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { tickets: await count('ticket'), messages: await count('message'), contacts: await count('contact') };
  };

  it('refuses NUL and lone surrogates in bodies at any depth, naming the field, and stores nothing', async () => {
    const before = await counts();
    expectRefused(await send('POST', '/api/v1/tickets', { subject: 'a\u0000b', requester: { email: 'n@example.com' }, message: { text: 'x' } }), 'subject');
    expectRefused(await send('POST', '/api/v1/tickets', { subject: 'ok', requester: { email: 'n@example.com', name: 'Ann\ud800' }, message: { text: 'x' } }), 'requester.name');
    expectRefused(await send('POST', '/api/v1/tickets', { subject: 'ok', requester: { email: 'n@example.com' }, message: { text: 'x' }, tags: ['fine', 'bad\u0000'] }), 'tags.1');
    expectRefused(await send('PATCH', `/api/v1/tickets/${ticket.id}`, { subject: 'Patched\u0000' }, { 'if-match': `"${ticket.version}"` }), 'subject');
    expectRefused(await send('POST', `/api/v1/tickets/${ticket.id}/messages`, { text: 'reply \udc00 here' }), 'text');
    expectRefused(await send('POST', `/api/v1/tickets/${ticket.id}/messages`, { text: 'note \u0000', internal: true }), 'text');
    expectRefused(await send('POST', '/api/v1/contacts', { name: 'Zed\u0000', email: 'zed@example.com' }), 'name');
    expectRefused(await send('POST', '/api/v1/tickets', { subject: 'ok', requester: { email: 'n@example.com' }, message: { text: 'x' }, customFields: { 'key\u0000': 'x' } }), 'customFields');
    expect(await counts()).toEqual(before);
    expect((await ctx().app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(token) })).json().subject).toBe('Clean');
  });

  it('keeps well-formed text, emoji pairs and other control-free Unicode', async () => {
    const response = await send('POST', '/api/v1/tickets', { subject: 'Grüße 😀 مرحبا', requester: { email: 'u@example.com' }, message: { text: 'Tab\there' } });
    expect(response.statusCode).toBe(201);
    expect(response.json().subject).toBe('Grüße 😀 مرحبا');
  });

  it('refuses them in query strings and path parameters', async () => {
    const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
    expectRefused(await get('/api/v1/tickets?tag=%00'), 'tag');
    expectRefused(await get('/api/v1/search?q=pass%00word'), 'q');
    expectRefused(await get('/api/v1/tickets/%00'), 'id');
    expectRefused(await get('/api/v1/contacts?q=ann%00'), 'q');
  });

  it('refuses them inside a forged page cursor, on every list that takes one', async () => {
    const admin = (await make.token(ctx().services, ws, 'admin')).token;
    const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: bearer(admin) });
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [forged(['a\u0000', 'b']), forged([1, 'id\u0000']), forged([1, '\ud800'])];
    for (const list of ['/api/v1/tickets', '/api/v1/contacts', '/api/v1/organisations', '/api/v1/inbound-emails', '/api/v1/audit-log']) {
      for (const cursor of cursors) expectRefused(await get(`${list}?cursor=${cursor}`), 'cursor');
    }
    expectRefused(await get(`/api/v1/search?q=hello&cursor=${forged({ createdAt: 1, ticketId: '\u0000' })}`), 'cursor');
  });

  it('refuses them in the anonymous sign-in body', async () => {
    const response = await ctx().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a\u0000@example.com', password: 'whatever it is' } });
    expectRefused(response, 'email');
  });
});
