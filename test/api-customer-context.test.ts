import { beforeAll, expect, it } from 'vitest';
import { backfillContactSearchTerms } from '../src/db/migrations/0009-customer-context.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

interface Entry {
  id: string;
  kind: string;
  ticket: { id: string; number: number; subject: string; channel: string; status: string };
  channel: string;
  direction: string;
  author: { type: string; id: string | null; name: string | null };
  excerpt: string;
  createdAt: string;
}

eachDialectApp('customer context API: contact timeline and contact search', (ctx: () => AppContext) => {
  let ws: Workspace;
  let other: Workspace;
  let agent: string;
  let agentName: string;
  let readOnly: string;
  let otherAgent: string;
  let contact: { id: string; name: string };
  const tickets: Record<string, { id: string; number: number }> = {};

  const call = (url: string, token: string) => ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
  const post = (url: string, token: string, payload: object) => ctx().app.inject({ method: 'POST', url, headers: bearer(token), payload });

  beforeAll(async () => {
    const { services, clock } = ctx();
    ws = await make.workspace(services);
    other = await make.workspace(services);
    const agentToken = await make.token(services, ws, 'agent');
    agent = agentToken.token;
    agentName = agentToken.user.name;
    readOnly = (await make.token(services, ws, 'read-only')).token;
    otherAgent = (await make.token(services, other, 'agent')).token;
    contact = (await post('/api/v1/contacts', agent, { name: 'Zoë Quartermaine', emails: ['ZQ.Billing@Quarter.example'] })).json();
    await post('/api/v1/contacts', agent, { name: 'Zoltan Quartz', emails: ['zoltan@quartz.example'] });
    await post('/api/v1/contacts', otherAgent, { name: 'Zoë Quartermaine', emails: ['zq.billing@quarter.example'] });

    // email ticket: inbound, outbound reply, internal note; then phone and chat tickets, a minute apart.
    const step = () => clock.advance(60_000);
    for (const channel of ['email', 'phone', 'chat'] as const) {
      step();
      const ticket = (
        await post('/api/v1/tickets', agent, {
          subject: `${channel} question`,
          channel,
          requesterId: contact.id,
          message: { text: `${channel}: first words from the customer\n\n  with   spacing` },
        })
      ).json();
      tickets[channel] = ticket;
      step();
      await post(`/api/v1/tickets/${ticket.id}/messages`, agent, { text: `${channel}: our reply` });
      step();
      await post(`/api/v1/tickets/${ticket.id}/messages`, agent, { text: `${channel}: a note for colleagues`, internal: true });
    }
    step();
    await post(`/api/v1/tickets/${tickets.email.id}/messages`, agent, { text: 'email: the customer again', author: 'requester' });
    // Another requester's ticket never shows.
    await make.ticket(services, ws.admin, { subject: 'Someone else', channel: 'chat' });
  });

  it('lists the public messages of the contact’s tickets across channels, newest first, without internal notes', async () => {
    const response = await call(`/api/v1/contacts/${contact.id}/timeline`, agent);
    expect(response.statusCode).toBe(200);
    const page = response.json() as { items: Entry[]; nextCursor: string | null };
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((entry) => entry.excerpt)).toEqual([
      'email: the customer again',
      'chat: our reply',
      'chat: first words from the customer with spacing',
      'phone: our reply',
      'phone: first words from the customer with spacing',
      'email: our reply',
      'email: first words from the customer with spacing',
    ]);
    expect(page.items.some((entry) => entry.excerpt.includes('note for colleagues'))).toBe(false);
    expect(page.items[1]).toMatchObject({
      kind: 'message',
      channel: 'chat',
      direction: 'outbound',
      author: { type: 'staff', name: agentName },
      ticket: { id: tickets.chat.id, number: tickets.chat.number, subject: 'chat question', channel: 'chat' },
    });
    expect(page.items[2]).toMatchObject({ direction: 'inbound', author: { type: 'contact', id: contact.id, name: 'Zoë Quartermaine' } });
    expect(page.items[0].ticket.status).toMatch(/^(new|open|pending|on-hold|solved|closed)$/);
    const times = page.items.map((entry) => Date.parse(entry.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('pages through the timeline without repeats or gaps', async () => {
    const all = (await call(`/api/v1/contacts/${contact.id}/timeline`, agent)).json().items as Entry[];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `limit=3&cursor=${cursor}` : 'limit=3';
      const page = (await call(`/api/v1/contacts/${contact.id}/timeline?${query}`, agent)).json() as {
        items: Entry[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((entry) => entry.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await call(`/api/v1/contacts/${contact.id}/timeline?cursor=nonsense`, agent)).statusCode).toBe(400);
  });

  it('is readable by the read-only role and not found from another workspace', async () => {
    expect((await call(`/api/v1/contacts/${contact.id}/timeline`, readOnly)).statusCode).toBe(200);
    expect((await call(`/api/v1/contacts/${contact.id}/timeline`, otherAgent)).statusCode).toBe(404);
    expect((await call('/api/v1/contacts/missing/timeline', agent)).statusCode).toBe(404);
  });

  const names = async (q: string, token = agent) => {
    const response = await call(`/api/v1/contacts?q=${encodeURIComponent(q)}`, token);
    expect(response.statusCode).toBe(200);
    return (response.json().items as Array<{ name: string }>).map((item) => item.name).sort();
  };

  it('finds contacts by a prefix of any word of the name or of the email, case- and accent-insensitively', async () => {
    expect(await names('zoë')).toEqual(['Zoë Quartermaine']);
    expect(await names('ZOE')).toEqual(['Zoë Quartermaine']);
    expect(await names('quarterm')).toEqual(['Zoë Quartermaine']);
    expect(await names('quar')).toEqual(['Zoltan Quartz', 'Zoë Quartermaine'].sort());
    expect(await names('zq.bil')).toEqual(['Zoë Quartermaine']);
    expect(await names('ZQ.Billing@quarter.EXAMPLE')).toEqual(['Zoë Quartermaine']);
    expect(await names('zoltan@')).toEqual(['Zoltan Quartz']);
    expect(await names('zo qua')).toEqual(['Zoltan Quartz', 'Zoë Quartermaine'].sort());
    expect(await names('zol quarte')).toEqual([]);
    expect(await names('uartermaine')).toEqual([]);
    expect(await names('billing')).toEqual([]);
  });

  it('keeps search terms current when a contact is renamed or gets another address', async () => {
    const created = (await post('/api/v1/contacts', agent, { name: 'Renata Old', emails: ['renata@old.example'] })).json();
    await ctx().app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${created.id}`,
      headers: bearer(agent),
      payload: { name: 'Renata Newname', emails: ['rn@new.example'] },
    });
    expect(await names('newname')).toEqual(['Renata Newname']);
    expect(await names('old')).toEqual([]);
    expect(await names('renata@')).toEqual([]);
    expect(await names('rn@new')).toEqual(['Renata Newname']);
  });

  it('searches only the caller’s workspace and pages search results by keyset', async () => {
    expect(await names('zq', otherAgent)).toEqual(['Zoë Quartermaine']);
    expect(await names('zoltan', otherAgent)).toEqual([]);
    for (let i = 0; i < 5; i++) await post('/api/v1/contacts', agent, { name: `Pagey Person ${i}` });
    const first = (await call('/api/v1/contacts?q=pagey&limit=3', agent)).json();
    const second = (await call(`/api/v1/contacts?q=pagey&limit=3&cursor=${first.nextCursor}`, agent)).json();
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items].map((item: { name: string }) => item.name);
    expect(new Set(all).size).toBe(5);
  });

  it('gives contacts that existed before the migration their search terms', async () => {
    const { db } = ctx().database.handle;
    const before = await db.selectFrom('contact_search_term').selectAll().orderBy('contact_id').orderBy('term').execute();
    await db.deleteFrom('contact_search_term').execute();
    expect(await names('zoë')).toEqual([]);
    await backfillContactSearchTerms(db);
    expect(await db.selectFrom('contact_search_term').selectAll().orderBy('contact_id').orderBy('term').execute()).toEqual(before);
    expect(await names('zoë')).toEqual(['Zoë Quartermaine']);
  });
});
