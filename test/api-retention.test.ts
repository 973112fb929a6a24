import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// Legal holds and the retention policy over HTTP: who may set and lift a hold, what the audit log
// keeps of it, the settings' validation, and the report telling a period is served from summaries.
eachDialectApp('retention API', (ctx: () => AppContext) => {
  let ws: Workspace;
  let supervisor: string;
  let agent: Awaited<ReturnType<typeof make.token>>;
  let admin: string;

  const inject = async (options: InjectOptions) => {
    const response = await ctx().app.inject(options);
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    supervisor = (await make.token(services, ws, 'supervisor')).token;
    admin = (await make.token(services, ws, 'admin')).token;
    agent = await make.token(services, ws, 'agent');
  });

  it('lets supervisors and admins put a ticket, contact or organisation on legal hold and lift it, audited', async () => {
    const { services } = ctx();
    const ticket = await make.ticket(services, agent.actor);
    const organisation = await services.organisations.create(ws.admin, { name: 'Litigant Ltd' });
    const put = (type: string, id: string, token = supervisor, reason = 'Case 2026-041') =>
      inject({ method: 'PUT', url: `/api/v1/legal-holds/${type}/${id}`, headers: bearer(token), payload: { reason } });

    const held = await put('ticket', ticket.id);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ targetType: 'ticket', targetId: ticket.id, reason: 'Case 2026-041' });
    expect((await put('contact', ticket.requester.id, admin)).status).toBe(200);
    expect((await put('organisation', organisation.id)).status).toBe(200);
    // Setting it again changes the reason only.
    expect((await put('ticket', ticket.id, supervisor, 'Case 2026-041, appeal')).body.reason).toBe('Case 2026-041, appeal');

    expect((await put('ticket', ticket.id, agent.token)).status).toBe(403);
    const unknown = await put('ticket', 'no-such-ticket');
    expect(unknown).toMatchObject({ status: 404, body: { type: '/problems/not-found', detail: 'Ticket not found' } });
    expect((await put('invoice', ticket.id)).status).toBe(400);
    expect((await put('ticket', ticket.id, supervisor, '')).status).toBe(400);

    const list = await inject({ method: 'GET', url: '/api/v1/legal-holds?limit=2', headers: bearer(supervisor) });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const rest = await inject({ method: 'GET', url: `/api/v1/legal-holds?limit=2&cursor=${list.body.nextCursor}`, headers: bearer(supervisor) });
    expect([...list.body.items, ...rest.body.items].map((hold: { targetType: string }) => hold.targetType).sort()).toEqual(['contact', 'organisation', 'ticket']);
    const tickets = await inject({ method: 'GET', url: '/api/v1/legal-holds?targetType=ticket', headers: bearer(supervisor) });
    expect(tickets.body.items.map((hold: { targetId: string }) => hold.targetId)).toEqual([ticket.id]);

    expect((await inject({ method: 'DELETE', url: `/api/v1/legal-holds/ticket/${ticket.id}`, headers: bearer(agent.token) })).status).toBe(403);
    expect((await inject({ method: 'DELETE', url: `/api/v1/legal-holds/ticket/${ticket.id}`, headers: bearer(supervisor) })).status).toBe(204);
    expect((await inject({ method: 'DELETE', url: `/api/v1/legal-holds/ticket/${ticket.id}`, headers: bearer(supervisor) })).status).toBe(404);

    const audit = await inject({ method: 'GET', url: '/api/v1/audit-log?limit=20', headers: bearer(admin) });
    const actions = audit.body.items.filter((entry: { targetId: string }) => entry.targetId === ticket.id).map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(['legal_hold.cleared', 'legal_hold.set', 'legal_hold.set']);
  });

  it('validates the retention settings and shows the policy in force', async () => {
    const patch = (retention: unknown) => inject({ method: 'PATCH', url: '/api/v1/workspace', headers: bearer(admin), payload: { settings: { retention } } });
    const tooShort = await patch({ rawMonths: 36, summaryMonths: 24 });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.fields).toEqual({ 'settings.retention.summaryMonths': 'must be at least rawMonths (36)' });
    expect((await patch({ mode: 'shred' })).status).toBe(400);
    expect((await patch({ rawMonths: 0 })).status).toBe(400);
    expect((await patch({ rawMonths: 36, mode: 'delete' })).status).toBe(200);

    const status = await inject({ method: 'GET', url: '/api/v1/retention', headers: bearer(supervisor) });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ policy: { rawMonths: 36, summaryMonths: 60, mode: 'delete' }, horizon: { rawDataRemovedBefore: null, summariesRemovedBefore: null }, lastRun: null });
    expect((await inject({ method: 'GET', url: '/api/v1/retention', headers: bearer(agent.token) })).status).toBe(403);
  });

  it('says which part of a report period comes from summaries once a run has set the horizons', async () => {
    const { services, clock, database } = ctx();
    clock.set('2026-03-02T09:00:00Z');
    await services.retention.runNow(ws.id);
    await createMetricsProjector({ db: database.handle.db, clock }).drain();
    const status = await inject({ method: 'GET', url: '/api/v1/retention', headers: bearer(supervisor) });
    expect(status.body.horizon).toEqual({ rawDataRemovedBefore: '2023-03-02', summariesRemovedBefore: '2021-03-02' });
    expect(status.body.lastRun).toMatchObject({ mode: 'delete', phase: 'done', rawBefore: '2023-03-02T09:00:00.000Z' });

    const report = (from: string, to: string) => inject({ method: 'GET', url: `/api/v1/reports/kpis?from=${from}&to=${to}`, headers: bearer(supervisor) });
    expect((await report('2023-01-01', '2023-12-31')).body.retention).toEqual({
      rawDataRemovedBefore: '2023-03-02',
      summariesRemovedBefore: '2021-03-02',
      fromSummaries: true,
      partlyRemoved: false,
    });
    expect((await report('2026-03-01', '2026-03-31')).body.retention).toMatchObject({ fromSummaries: false, partlyRemoved: false });
    expect((await report('2021-01-01', '2021-06-30')).body.retention).toMatchObject({ fromSummaries: true, partlyRemoved: true });
  });
});
