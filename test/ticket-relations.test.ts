import { beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('merge, split, links and bulk updates', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: string;
  let readOnly: string;

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    agent = (await make.token(services, ws, 'agent')).token;
    readOnly = (await make.token(services, ws, 'read-only')).token;
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token = agent) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const ticket = async (subject: string, extra: object = {}) => {
    const response = await api('POST', '/api/v1/tickets', { subject, channel: 'email', requester: { email: `${subject.replace(/\W/g, '')}@example.com`, name: subject }, message: { text: `${subject} body` }, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const messagesOf = async (id: string) => (await api('GET', `/api/v1/tickets/${id}/messages`)).json().items as Array<{ id: string; text: string; attachments: unknown[] }>;
  const linksOf = async (id: string) => (await api('GET', `/api/v1/tickets/${id}/links`)).json().items as Array<{ id: string; relation: string; ticket: { id: string } }>;
  const outbox = async (aggregateId: string) =>
    (await ctx().database.handle.db.selectFrom('outbox').select('type').where('aggregate_id', '=', aggregateId).orderBy('id').execute()).map((row) => row.type);

  describe('links', () => {
    it('links both ways and reads each side from its own point of view', async () => {
      const parent = await ticket('Outage parent');
      const child = await ticket('Outage child');
      const other = await ticket('Outage other');
      const created = await api('POST', `/api/v1/tickets/${child.id}/links`, { ticketId: parent.id, relation: 'child-of' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ relation: 'child-of', ticket: { id: parent.id, number: parent.number } });
      expect((await api('POST', `/api/v1/tickets/${parent.id}/links`, { ticketId: other.id, relation: 'related' })).statusCode).toBe(201);
      expect((await api('POST', `/api/v1/tickets/${other.id}/links`, { ticketId: child.id, relation: 'duplicate-of' })).statusCode).toBe(201);

      expect((await linksOf(parent.id)).map((l) => `${l.relation}:${l.ticket.id}`)).toEqual([`parent-of:${child.id}`, `related:${other.id}`]);
      expect((await linksOf(child.id)).map((l) => `${l.relation}:${l.ticket.id}`)).toEqual([`child-of:${parent.id}`, `duplicated-by:${other.id}`]);
      expect((await linksOf(other.id)).map((l) => `${l.relation}:${l.ticket.id}`)).toEqual([`related:${parent.id}`, `duplicate-of:${child.id}`]);

      // Related is symmetric: adding it from the other side is the same link.
      expect((await api('POST', `/api/v1/tickets/${other.id}/links`, { ticketId: parent.id, relation: 'related' })).statusCode).toBe(409);
      expect((await api('POST', `/api/v1/tickets/${child.id}/links`, { ticketId: other.id, relation: 'duplicate-of' })).statusCode).toBe(409);
      // One parent per ticket, and no loops.
      expect((await api('POST', `/api/v1/tickets/${child.id}/links`, { ticketId: other.id, relation: 'child-of' })).json().fields).toHaveProperty('relation');
      expect((await api('POST', `/api/v1/tickets/${parent.id}/links`, { ticketId: child.id, relation: 'child-of' })).statusCode).toBe(409);
      expect((await api('POST', `/api/v1/tickets/${parent.id}/links`, { ticketId: parent.id, relation: 'related' })).json().fields).toHaveProperty('ticketId');
      expect((await api('POST', `/api/v1/tickets/${parent.id}/links`, { ticketId: 'nope', relation: 'related' })).json().fields).toEqual({ ticketId: 'unknown ticket' });
      expect((await api('POST', `/api/v1/tickets/${parent.id}/links`, { ticketId: child.id, relation: 'sibling' })).statusCode).toBe(400);

      const history = (await api('GET', `/api/v1/tickets/${parent.id}/events`)).json().items;
      expect(history.filter((e: { field: string }) => e.field === 'link').map((e: { newValue: string }) => e.newValue)).toEqual([`parent-of #${child.number}`, `related #${other.number}`]);
      expect(await outbox(child.id)).toContain('ticket.linked');

      // Removable from either end; then it is gone from both.
      const link = (await linksOf(parent.id)).find((l) => l.relation === 'parent-of');
      expect((await api('DELETE', `/api/v1/tickets/${child.id}/links/${link?.id}`)).statusCode).toBe(204);
      expect((await linksOf(parent.id)).map((l) => l.relation)).toEqual(['related']);
      expect((await linksOf(child.id)).map((l) => l.relation)).toEqual(['duplicated-by']);
      expect((await api('DELETE', `/api/v1/tickets/${child.id}/links/${link?.id}`)).statusCode).toBe(404);
      // A link of other tickets cannot be removed through an unrelated one.
      const related = (await linksOf(parent.id))[0];
      expect((await api('DELETE', `/api/v1/tickets/${child.id}/links/${related.id}`)).statusCode).toBe(404);
    });
  });

  describe('merge', () => {
    it('moves messages, attachments, links and tags to the survivor; the source answers with mergedIntoId', async () => {
      const { clock } = ctx();
      const survivor = await ticket('Printer jams again', { tags: ['printer'] });
      clock.advance(60_000);
      const duplicate = await ticket('Printer still jamming', { tags: ['urgent'] });
      const related = await ticket('Toner order');
      await api('POST', `/api/v1/tickets/${duplicate.id}/links`, { ticketId: related.id, relation: 'related' });
      await api('POST', `/api/v1/tickets/${duplicate.id}/links`, { ticketId: survivor.id, relation: 'duplicate-of' });
      const attachment = { filename: 'jam.txt', contentType: 'text/plain', contentBase64: Buffer.from('paper jam\n').toString('base64') };
      clock.advance(60_000);
      const reply = (await api('POST', `/api/v1/tickets/${duplicate.id}/messages`, { text: 'Photo attached', attachments: [attachment] })).json();

      const merged = await api('POST', `/api/v1/tickets/${duplicate.id}/merge`, { intoId: survivor.id });
      expect(merged.statusCode, merged.body).toBe(200);
      expect(merged.json().merged).toMatchObject({ id: duplicate.id, status: 'closed', mergedIntoId: survivor.id });
      expect(merged.json().into).toMatchObject({ id: survivor.id, tags: ['printer', 'urgent'], mergedIntoId: null });

      expect((await api('GET', `/api/v1/tickets/${duplicate.id}`)).json()).toMatchObject({ mergedIntoId: survivor.id, status: 'closed' });
      expect(await messagesOf(duplicate.id)).toEqual([]);
      const moved = await messagesOf(survivor.id);
      expect(moved.map((m) => m.text)).toEqual(['Printer jams again body', 'Printer still jamming body', 'Photo attached']);
      expect(moved[2].attachments).toHaveLength(1);
      expect((await api('GET', `/api/v1/attachments/${reply.attachments[0].id}`)).body).toBe('paper jam\n');
      expect((await linksOf(survivor.id)).map((l) => `${l.relation}:${l.ticket.id}`)).toEqual([`related:${related.id}`]);
      expect(await linksOf(duplicate.id)).toEqual([]);
      expect((await api('GET', '/api/v1/tickets?tag=urgent')).json().items.map((t: { id: string }) => t.id)).toEqual([survivor.id]);
      // Search finds the moved words on the survivor only.
      expect((await api('GET', '/api/v1/search?q=jamming')).json().items.map((t: { id: string }) => t.id)).toContain(survivor.id);
      expect((await api('GET', '/api/v1/search?q=photo')).json().items.map((t: { id: string }) => t.id)).toEqual([survivor.id]);
      // The agent's reply on the duplicate counts as the survivor's first response; its SLA was recomputed.
      const after = (await api('GET', `/api/v1/tickets/${survivor.id}`)).json();
      expect(after.firstResponseAt).toBe(reply.createdAt);
      expect(after.sla.clocks.find((c: { clock: string }) => c.clock === 'firstResponse').status).toBe('met');
      expect((await api('GET', `/api/v1/tickets/${duplicate.id}/events`)).json().items.map((e: { field: string; newValue: string }) => `${e.field}=${e.newValue}`)).toEqual(
        expect.arrayContaining([`mergedInto=#${survivor.number}`, 'status=closed']),
      );
      expect(await outbox(duplicate.id)).toContain('ticket.merged');

      // The tombstone takes no more work; messages sent to it join the survivor.
      expect((await api('PATCH', `/api/v1/tickets/${duplicate.id}`, { status: 'open' })).statusCode).toBe(409);
      const late = await api('POST', `/api/v1/tickets/${duplicate.id}/messages`, { text: 'One more thing', author: 'requester' });
      expect(late.json().ticketId).toBe(survivor.id);
      expect((await api('POST', `/api/v1/tickets/${duplicate.id}/merge`, { intoId: related.id })).statusCode).toBe(409);
      expect((await api('POST', `/api/v1/tickets/${related.id}/merge`, { intoId: duplicate.id })).json().fields).toHaveProperty('intoId');
      expect((await api('POST', `/api/v1/tickets/${related.id}/merge`, { intoId: related.id })).statusCode).toBe(400);
      expect((await api('POST', `/api/v1/tickets/${related.id}/merge`, { intoId: 'nope' })).json().fields).toEqual({ intoId: 'unknown ticket' });
    });
  });

  describe('split', () => {
    it('moves one message into a new ticket of the same requester, linked as related', async () => {
      const original = await ticket('Two problems', { priority: 'P2', tags: ['mixed'] });
      const second = (await api('POST', `/api/v1/tickets/${original.id}/messages`, { text: 'Also my invoice is wrong', author: 'requester' })).json();
      const split = await api('POST', `/api/v1/tickets/${original.id}/split`, { messageId: second.id, subject: 'Invoice is wrong' });
      expect(split.statusCode, split.body).toBe(201);
      const fresh = split.json();
      expect(fresh).toMatchObject({ subject: 'Invoice is wrong', requesterId: original.requesterId, priority: 'P2', status: 'new', channel: 'email' });
      expect(fresh.number).toBeGreaterThan(original.number);
      expect((await messagesOf(fresh.id)).map((m) => m.text)).toEqual(['Also my invoice is wrong']);
      expect((await messagesOf(original.id)).map((m) => m.text)).toEqual(['Two problems body']);
      expect((await linksOf(fresh.id)).map((l) => `${l.relation}:${l.ticket.id}`)).toEqual([`related:${original.id}`]);
      expect((await linksOf(original.id)).map((l) => `${l.relation}:${l.ticket.id}`)).toEqual([`related:${fresh.id}`]);
      expect(fresh.sla.clocks.length).toBeGreaterThan(0);
      expect((await api('GET', '/api/v1/search?q=invoice')).json().items.map((t: { id: string }) => t.id)).toContain(fresh.id);

      const only = (await messagesOf(fresh.id))[0];
      expect((await api('POST', `/api/v1/tickets/${fresh.id}/split`, { messageId: only.id })).json().fields).toEqual({ messageId: 'the only message' });
      expect((await api('POST', `/api/v1/tickets/${original.id}/split`, { messageId: only.id })).json().fields).toEqual({ messageId: 'not a message of this ticket' });
    });
  });

  describe('bulk', () => {
    it('applies one change to many tickets with the rules of PATCH', async () => {
      const { services } = ctx();
      const team = await services.teams.create(ws.admin, { name: 'Bulk team' });
      const a = await ticket('Bulk A', { tags: ['old', 'keep'] });
      const b = await ticket('Bulk B', { tags: ['old'] });
      const response = await api('POST', '/api/v1/tickets/bulk', { ids: [b.id, a.id], changes: { status: 'pending', priority: 'P2', teamId: team.id, addTags: ['Batch'], removeTags: ['OLD'] } });
      expect(response.statusCode, response.body).toBe(200);
      const items = response.json().items;
      expect(items.map((t: { id: string }) => t.id)).toEqual([b.id, a.id]);
      expect(items[0]).toMatchObject({ status: 'pending', priority: 'P2', teamId: team.id, tags: ['batch'], version: 2 });
      expect(items[1].tags).toEqual(['batch', 'keep']);
      expect((await api('GET', `/api/v1/tickets/${a.id}/events`)).json().items.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['status', 'priority', 'teamId', 'tags']),
      );
      expect((await outbox(a.id)).filter((t) => t === 'ticket.updated')).toHaveLength(1);
      expect(items[0].sla.resolutionDueAt).toBeNull(); // pending pauses, as with PATCH
    });

    it('changes nothing when one ticket is unknown or refuses the change', async () => {
      const { services } = ctx();
      const other = await make.workspace(services);
      const foreign = await make.ticket(services, other.admin);
      const a = await ticket('Atomic A');
      const b = await ticket('Atomic B');
      const unknown = await api('POST', '/api/v1/tickets/bulk', { ids: [a.id, foreign.id, b.id], changes: { status: 'solved' } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().fields).toEqual({ 'ids.1': 'unknown ticket' });
      // B was merged: PATCH refuses it, so the batch is refused as a whole, A included.
      const c = await ticket('Atomic C');
      await api('POST', `/api/v1/tickets/${b.id}/merge`, { intoId: c.id });
      const refused = await api('POST', '/api/v1/tickets/bulk', { ids: [a.id, b.id], changes: { status: 'solved', addTags: ['done'] } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain(`#${b.number}`);
      expect(refused.json().fields).toHaveProperty('ids.1');
      expect((await api('GET', `/api/v1/tickets/${a.id}`)).json()).toMatchObject({ status: 'new', tags: [], version: 1 });
      expect((await api('POST', '/api/v1/tickets/bulk', { ids: [a.id], changes: { assigneeId: 'nobody' } })).json().fields).toHaveProperty('assigneeId');
      expect((await api('POST', '/api/v1/tickets/bulk', { ids: [a.id], changes: {} })).statusCode).toBe(400);
      expect((await api('POST', '/api/v1/tickets/bulk', { ids: [a.id, a.id], changes: { status: 'open' } })).statusCode).toBe(400);
      const tooMany = Array.from({ length: 101 }, (_, i) => `id-${i}`);
      expect((await api('POST', '/api/v1/tickets/bulk', { ids: tooMany, changes: { status: 'open' } })).statusCode).toBe(400);
      expect((await api('GET', `/api/v1/tickets/${a.id}`)).json().version).toBe(1);
    });
  });

  it('lets read-only staff read links but not change anything, and hides other workspaces', async () => {
    const { services } = ctx();
    const mine = await ticket('Mine');
    const msg = (await messagesOf(mine.id))[0];
    expect((await api('GET', `/api/v1/tickets/${mine.id}/links`, undefined, readOnly)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', `/api/v1/tickets/${mine.id}/links`, { ticketId: mine.id, relation: 'related' }],
      ['POST', `/api/v1/tickets/${mine.id}/merge`, { intoId: mine.id }],
      ['POST', `/api/v1/tickets/${mine.id}/split`, { messageId: msg.id }],
      ['POST', '/api/v1/tickets/bulk', { ids: [mine.id], changes: { status: 'open' } }],
    ] as const) {
      expect((await api(method, url, body, readOnly)).statusCode, url).toBe(403);
    }

    const other = await make.workspace(services);
    const foreign = await make.ticket(services, other.admin);
    const foreignMessage = (await services.messages.list(other.admin, foreign.id))[0];
    const foreignPeer = await make.ticket(services, other.admin);
    await services.ticketLinks.add(other.admin, foreign.id, { ticketId: foreignPeer.id, relation: 'related' });
    const foreignLink = (await services.ticketLinks.list(other.admin, foreign.id))[0];
    const attempts: Array<[string, string, object | undefined]> = [
      ['GET', `/api/v1/tickets/${foreign.id}/links`, undefined],
      ['POST', `/api/v1/tickets/${foreign.id}/links`, { ticketId: mine.id, relation: 'related' }],
      ['DELETE', `/api/v1/tickets/${foreign.id}/links/${foreignLink.id}`, undefined],
      ['DELETE', `/api/v1/tickets/${mine.id}/links/${foreignLink.id}`, undefined],
      ['POST', `/api/v1/tickets/${foreign.id}/merge`, { intoId: mine.id }],
      ['POST', `/api/v1/tickets/${foreign.id}/split`, { messageId: foreignMessage.id }],
    ];
    for (const [method, url, body] of attempts) {
      expect((await api(method as 'GET', url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    // Their tickets in a body are unknown here, never touched.
    expect((await api('POST', `/api/v1/tickets/${mine.id}/merge`, { intoId: foreign.id })).json().fields).toEqual({ intoId: 'unknown ticket' });
    expect((await api('POST', `/api/v1/tickets/${mine.id}/links`, { ticketId: foreign.id, relation: 'related' })).json().fields).toEqual({ ticketId: 'unknown ticket' });
    expect((await api('POST', `/api/v1/tickets/${mine.id}/split`, { messageId: foreignMessage.id })).json().fields).toEqual({ messageId: 'not a message of this ticket' });
    expect((await services.ticketLinks.list(other.admin, foreign.id))).toHaveLength(1);
    expect((await services.tickets.get(other.admin, foreign.id)).mergedIntoId).toBeNull();
  });
});
