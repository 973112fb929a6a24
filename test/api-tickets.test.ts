import { beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('tickets API', (ctx: () => AppContext) => {
  let ws: Workspace;
  let token: string;
  let readOnlyToken: string;

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    token = (await make.token(services, ws, 'agent')).token;
    readOnlyToken = (await make.token(services, ws, 'read-only')).token;
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = bearer(token)) =>
    ctx().app.inject({ method: 'POST', url, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string> = bearer(token)) => ctx().app.inject({ method: 'GET', url, headers });

  it('creates a ticket from the contract example and finds or creates the requester', async () => {
    const body = { subject: 'Printer on fire', channel: 'email', requester: { email: 'ann@example.com', name: 'Ann' }, message: { text: 'It burns.' } };
    const first = await post('/api/v1/tickets', body);
    expect(first.statusCode).toBe(201);
    const ticket = first.json();
    expect(ticket).toMatchObject({
      subject: 'Printer on fire',
      status: 'new',
      priority: 'P3',
      type: 'question',
      channel: 'email',
      requester: { name: 'Ann', email: 'ann@example.com' },
      version: 1,
    });
    expect(ticket.id).toEqual(expect.any(String));
    expect(ticket.number).toEqual(expect.any(Number));
    expect(first.headers.etag).toBe('"1"');

    const second = (await post('/api/v1/tickets', { ...body, requester: { email: 'ANN@example.com' } })).json();
    expect(second.requesterId).toBe(ticket.requesterId);
    expect(second.number).toBe(ticket.number + 1);

    const messages = (await get(`/api/v1/tickets/${ticket.id}/messages`)).json().items;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: 'It burns.', direction: 'inbound', authorType: 'contact', internal: false });
  });

  it('accepts requesterId, html, tags, team, assignee and custom fields', async () => {
    const { services } = ctx();
    const contact = await make.contact(services, ws.admin);
    const team = await services.teams.create(ws.admin, { name: `Team ${Date.now()}` });
    const agent = await make.user(services, ws, 'agent');
    // Custom fields are defined per workspace before tickets hold values for them.
    await services.customFields.create(ws.admin, { key: 'orderNumber', label: 'Order number', type: 'text' });
    await services.customFields.create(ws.admin, { key: 'seats', label: 'Seats', type: 'number' });
    const response = await post('/api/v1/tickets', {
      subject: 'Invoice question',
      requesterId: contact.id,
      message: { html: '<p>Hello <b>there</b><script>alert(1)</script><img src="x" onerror="alert(2)"></p>' },
      priority: 'P2',
      type: 'service-request',
      tags: ['Billing', 'billing', 'vip'],
      teamId: team.id,
      assigneeId: agent.user.id,
      customFields: { orderNumber: 'A-1001', seats: 3 },
    });
    expect(response.statusCode).toBe(201);
    const ticket = response.json();
    expect(ticket).toMatchObject({ priority: 'P2', type: 'service-request', tags: ['billing', 'vip'], teamId: team.id, assigneeId: agent.user.id, status: 'open', customFields: { orderNumber: 'A-1001', seats: 3 } });
    const [message] = (await get(`/api/v1/tickets/${ticket.id}/messages`)).json().items;
    expect(message.html).toContain('<b>there</b>');
    expect(message.html).not.toMatch(/script|onerror/);
    expect(message.text).toContain('Hello there');
  });

  it('rejects bad input with problem+json naming the field, and changes nothing', async () => {
    const before = (await get('/api/v1/tickets?limit=200')).json().items.length;
    const cases: Array<[unknown, string]> = [
      [{ subject: '', requester: { email: 'a@example.com' } }, 'subject'],
      [{ subject: 'x'.repeat(251), requester: { email: 'a@example.com' } }, 'subject'],
      [{ subject: 'Hi', requester: { email: 'not-an-email' } }, 'requester.email'],
      [{ subject: 'Hi', requester: { email: 'a@example.com' }, priority: 'P9' }, 'priority'],
      [{ subject: 'Hi', requester: { email: 'a@example.com' }, channel: 'pigeon' }, 'channel'],
      [{ subject: 42, requester: { email: 'a@example.com' } }, 'subject'],
      [{ subject: 'Hi' }, 'requester'],
      [{ subject: 'Hi', requesterId: 'nope' }, 'requesterId'],
      [{ subject: 'Hi', requester: { email: 'a@example.com' }, teamId: 'nope' }, 'teamId'],
      [{ subject: 'Hi', requester: { email: 'a@example.com' }, message: {} }, 'message.text'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/api/v1/tickets', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem.type).toMatch(/^\/problems\//);
      expect(Object.keys(problem.fields ?? {}).join(' '), JSON.stringify(payload)).toContain(field);
    }
    const malformed = await ctx().app.inject({ method: 'POST', url: '/api/v1/tickets', payload: '{"subject": ', headers: { ...bearer(token), 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().type).toBe('/problems/malformed-json');
    expect((await get('/api/v1/tickets?limit=200')).json().items.length).toBe(before);
  });

  it('updates with ETag/If-Match and answers 412 to a stale write', async () => {
    const ticket = (await post('/api/v1/tickets', { subject: 'Race', requester: { email: 'race@example.com' } })).json();
    const patch = (payload: object, ifMatch?: string) =>
      ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, payload, headers: { ...bearer(token), ...(ifMatch ? { 'if-match': ifMatch } : {}) } });
    const first = await patch({ status: 'pending', priority: 'P2' }, '"1"');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'pending', priority: 'P2', version: 2 });
    expect(first.headers.etag).toBe('"2"');
    const stale = await patch({ status: 'solved' }, '"1"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().type).toBe('/problems/stale-write');
    const solved = await patch({ status: 'solved' }, 'W/"2"');
    expect(solved.json()).toMatchObject({ status: 'solved', version: 3 });
    expect(solved.json().solvedAt).not.toBeNull();
    const history = (await get(`/api/v1/tickets/${ticket.id}/events`)).json().items;
    expect(history.map((e: { field: string; newValue: string }) => `${e.field}=${e.newValue}`)).toEqual(['ticket=created', 'status=pending', 'priority=P2', 'status=solved']);
  });

  it('adds replies and internal notes; a requester reply reopens a solved ticket', async () => {
    const { clock } = ctx();
    const ticket = (await post('/api/v1/tickets', { subject: 'Replies', requester: { email: 'reply@example.com' }, message: { text: 'Help' } })).json();
    clock.advance(60_000);
    const note = await post(`/api/v1/tickets/${ticket.id}/messages`, { text: 'Checking logs', internal: true });
    expect(note.statusCode).toBe(201);
    expect((await get(`/api/v1/tickets/${ticket.id}`)).json().firstResponseAt).toBeNull();
    clock.advance(60_000);
    const attachment = { filename: 'log.txt', contentType: 'text/plain', contentBase64: Buffer.from('line 1\n').toString('base64') };
    const reply = (await post(`/api/v1/tickets/${ticket.id}/messages`, { text: 'Fixed it', status: 'solved', attachments: [attachment] })).json();
    expect(reply.attachments).toHaveLength(1);
    const afterReply = (await get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(afterReply).toMatchObject({ status: 'solved', firstResponseAt: clock.now().toISOString() });
    const download = await get(`/api/v1/attachments/${reply.attachments[0].id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('line 1\n');
    await post(`/api/v1/tickets/${ticket.id}/messages`, { text: 'It broke again', author: 'requester' });
    expect((await get(`/api/v1/tickets/${ticket.id}`)).json().status).toBe('open');
    const messages = (await get(`/api/v1/tickets/${ticket.id}/messages`)).json().items;
    expect(messages.map((m: { internal: boolean; direction: string }) => `${m.direction}${m.internal ? ':note' : ''}`)).toEqual(['inbound', 'outbound:note', 'outbound', 'inbound']);
  });

  it('lists with filters and cursor pagination', async () => {
    const { services } = ctx();
    const other = await make.workspace(services);
    const team = await services.teams.create(ws.admin, { name: `Filters ${Date.now()}` });
    const created = [];
    for (let i = 0; i < 5; i++) {
      ctx().clock.advance(1000);
      created.push((await post('/api/v1/tickets', { subject: `Filter ${i}`, requester: { email: `f${i}@example.com` }, teamId: team.id, tags: i % 2 ? ['odd'] : ['even'], priority: i === 0 ? 'P1' : 'P3' })).json());
    }
    await make.ticket(services, other.admin, { teamId: undefined });
    const page1 = (await get(`/api/v1/tickets?teamId=${team.id}&limit=2`)).json();
    expect(page1.items.map((t: { subject: string }) => t.subject)).toEqual(['Filter 4', 'Filter 3']);
    const page2 = (await get(`/api/v1/tickets?teamId=${team.id}&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((t: { subject: string }) => t.subject)).toEqual(['Filter 2', 'Filter 1']);
    const page3 = (await get(`/api/v1/tickets?teamId=${team.id}&limit=2&cursor=${page2.nextCursor}`)).json();
    expect(page3.items.map((t: { subject: string }) => t.subject)).toEqual(['Filter 0']);
    expect(page3.nextCursor).toBeNull();
    expect((await get(`/api/v1/tickets?teamId=${team.id}&tag=odd`)).json().items).toHaveLength(2);
    expect((await get(`/api/v1/tickets?teamId=${team.id}&priority=P1`)).json().items).toHaveLength(1);
    expect((await get(`/api/v1/tickets?teamId=${team.id}&status=new,open&sort=createdAt&limit=1`)).json().items[0].subject).toBe('Filter 0');
    expect((await get(`/api/v1/tickets?requesterId=${created[2].requesterId}`)).json().items).toHaveLength(1);
    expect((await get('/api/v1/tickets?limit=500')).statusCode).toBe(400);
    expect((await get('/api/v1/tickets?cursor=garbage')).statusCode).toBe(400);
    expect((await get('/api/v1/tickets?status=open&sort=sideways')).statusCode).toBe(400);
  });

  it('searches subjects, messages and requester names within the workspace', async () => {
    const { services } = ctx();
    const other = await make.workspace(services);
    await post('/api/v1/tickets', { subject: 'Flux capacitor overheating', requester: { email: 'doc@example.com', name: 'Emmett Brown' }, message: { text: 'Needs 1.21 gigawatts' } });
    await make.ticket(services, other.admin, { subject: 'Flux capacitor in the other desk' });
    for (const q of ['flux', 'capacitor overheat', 'gigawatts', 'emmett']) {
      const result = (await get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json();
      expect(result.items.map((t: { subject: string }) => t.subject), q).toEqual(['Flux capacitor overheating']);
    }
    expect((await get('/api/v1/search?q=%22%29%28*')).json().items).toEqual([]);
  });

  it('hides other workspaces: their records answer 404', async () => {
    const { services } = ctx();
    const other = await make.workspace(services);
    const foreign = await make.ticket(services, other.admin);
    for (const url of [`/api/v1/tickets/${foreign.id}`, `/api/v1/tickets/${foreign.id}/messages`, `/api/v1/tickets/${foreign.id}/events`, `/api/v1/contacts/${foreign.requesterId}`]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    const patch = await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${foreign.id}`, payload: { status: 'solved' }, headers: bearer(token) });
    expect(patch.statusCode).toBe(404);
    expect((await services.tickets.get(other.admin, foreign.id)).status).toBe('new');
  });

  describe('roles', () => {
    it('lets read-only staff read but not write', async () => {
      expect((await get('/api/v1/tickets', bearer(readOnlyToken))).statusCode).toBe(200);
      const denied = await post('/api/v1/tickets', { subject: 'Nope', requester: { email: 'n@example.com' } }, bearer(readOnlyToken));
      expect(denied.statusCode).toBe(403);
      expect(denied.json().type).toBe('/problems/forbidden');
    });
  });
});
