import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// What the agent app's inbox views ask of the API: tickets by SLA due (keyset-paginated across the
// tickets that have no due time), "breaching soon", capped counts, and organisations by ids.
eachDialectApp('inbox views API', (ctx: () => AppContext) => {
  let ws: Workspace;
  let token: string;
  const due: Array<{ id: string; number: number }> = [];
  const noDue: Array<{ id: string; number: number }> = [];

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z'); // a Monday, in business hours (Mon–Fri 09:00–17:00 UTC)
    ws = await make.workspace(services);
    token = (await make.token(services, ws, 'agent')).token;
    // The standard policy acknowledges within 15 business minutes: created 09:00, 09:10, 09:10 and
    // 09:20, these are due 09:15, 09:25, 09:25 (a tie, ordered by id) and 09:35.
    for (const minute of [0, 10, 10, 20]) {
      clock.set(`2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`);
      due.push(await make.ticket(services, ws.admin, { channel: 'phone' }));
    }
    // Pending tickets are paused: no due time, so they sort last.
    for (let i = 0; i < 3; i++) noDue.push(await make.ticket(services, ws.admin, { channel: 'phone', status: 'pending' }));
    clock.set('2026-03-02T09:30:00.000Z');
  });

  const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: bearer(token) });

  async function allPages(limit: number, filters = '') {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/api/v1/tickets?sort=slaDue&limit=${limit}${filters}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  it('sorts by SLA due, earliest first, tickets without a due time last, and pages without repeats or gaps', async () => {
    const expected = [
      ...due.slice(0, 1),
      ...due.slice(1, 3).sort((a, b) => (a.id < b.id ? -1 : 1)),
      due[3],
      ...[...noDue].sort((a, b) => (a.id < b.id ? -1 : 1)),
    ].map((t) => t.id);
    expect(await allPages(200)).toEqual(expected);
    // Page boundaries inside the tie, between due and no due, and among the tickets without one.
    for (const limit of [1, 2, 5]) expect(await allPages(limit)).toEqual(expected);
  });

  it('lists the tickets breaching soon: due within N minutes, breached ones included', async () => {
    const page = (await get('/api/v1/tickets?sort=slaDue&slaDueWithin=4')).json() as {
      items: Array<{ id: string; sla: { nextDueAt: string } }>;
    };
    // 09:30 + 4 minutes: 09:15 and the two due 09:25 (all breached), not 09:35.
    expect(page.items.map((t) => t.id).sort()).toEqual(
      due
        .slice(0, 3)
        .map((t) => t.id)
        .sort(),
    );
    expect(await allPages(1, '&slaDueWithin=4')).toHaveLength(3);
    expect(await allPages(2, '&slaDueWithin=60&status=new')).toEqual([
      due[0].id,
      ...due
        .slice(1, 3)
        .map((t) => t.id)
        .sort(),
      due[3].id,
    ]);
  });

  it("exposes each clock's warning time", async () => {
    const ticket = (await get(`/api/v1/tickets/${due[3].id}`)).json() as {
      sla: { clocks: Array<{ clock: string; warnAt: string | null; dueAt: string | null }> };
    };
    const acknowledgement = ticket.sla.clocks.find((c) => c.clock === 'acknowledgement');
    // 75 % of 15 minutes after 09:20.
    expect(acknowledgement).toMatchObject({ dueAt: '2026-03-02T09:35:00.000Z', warnAt: '2026-03-02T09:31:15.000Z' });
  });

  it('counts the tickets of a view with the list filters', async () => {
    const count = async (query: string) => (await get(`/api/v1/tickets/count${query}`)).json();
    expect(await count('')).toEqual({ count: 7, capped: false });
    expect(await count('?status=pending')).toEqual({ count: 3, capped: false });
    expect(await count('?status=new,open&slaDueWithin=4')).toEqual({ count: 3, capped: false });
    expect(await count('?assigneeId=none&status=new')).toEqual({ count: 4, capped: false });
    expect((await get('/api/v1/tickets/count?slaDueWithin=-1')).statusCode).toBe(400);
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/tickets/count' })).statusCode).toBe(401);
  });

  it('finds organisations by ids, only in the workspace', async () => {
    const { services } = ctx();
    const [a, b] = [
      await services.organisations.create(ws.admin, { name: 'Acme' }),
      await services.organisations.create(ws.admin, { name: 'Globex' }),
    ];
    const other = await make.workspace(services);
    const foreign = await services.organisations.create(other.admin, { name: 'Initech' });
    const page = (await get(`/api/v1/organisations?ids=${a.id},${foreign.id},${b.id}`)).json() as { items: Array<{ name: string }> };
    expect(page.items.map((o) => o.name)).toEqual(['Acme', 'Globex']);
  });
});
