import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import type { DomainEvent } from '../src/modules/outbox/events.ts';
import { createTimerRunner } from '../src/modules/sla/timers.ts';
import { openDatabase } from '../src/db/connect.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('SLA engine', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let agentToken: string;

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T08:00:00.000Z'); // Monday 09:00 in Berlin
    ws = await make.workspace(services);
    await services.workspace.update(ws.admin, { timezone: 'Europe/Berlin' });
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    agentToken = (await make.token(services, ws, 'agent')).token;
    // The default calendar was created in the workspace's zone at creation (UTC); use Berlin hours.
    const calendars = await services.sla.listCalendars(ws.admin);
    const business = calendars.find((c) => c.name === 'Business hours');
    await services.sla.updateCalendar(ws.admin, business?.id ?? '', { definition: { ...business?.definition, timezone: 'Europe/Berlin' } as never });
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token = agentToken, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const outboxOf = async (ticketId: string) =>
    (await ctx().database.handle.db.selectFrom('outbox').select(['type', 'payload']).where('aggregate_id', '=', ticketId).orderBy('id').execute())
      .filter((row) => row.type.startsWith('sla.'))
      .map((row) => `${row.type}:${JSON.parse(row.payload).clock}`);

  it('installs the default calendars and policies with a new workspace', async () => {
    const policies = (await api('GET', '/api/v1/sla/policies')).json().items;
    expect(policies.map((p: { name: string }) => p.name)).toEqual([
      'P1 — critical',
      'Formal complaints',
      'Chat',
      'Social and messaging',
      'Standard (email, portal, phone, API)',
    ]);
    const standard = policies[4];
    expect(standard.targets).toEqual({ acknowledgement: 15, firstResponse: 240, nextResponse: 240, resolution: 960 });
    expect(policies[2].targets.firstResponse).toBe(1);
  });

  it('starts the clocks of a new email ticket in business hours', async () => {
    const { clock } = ctx();
    clock.set('2026-03-02T08:00:00.000Z');
    const ticket = (await api('POST', '/api/v1/tickets', agentToken, { subject: 'Broken', channel: 'email', requester: { email: 'sla1@example.com' }, message: { text: 'Help' } })).json();
    expect(ticket.sla).toMatchObject({
      firstResponseDueAt: '2026-03-02T12:00:00.000Z',
      resolutionDueAt: '2026-03-03T16:00:00.000Z',
      nextDueAt: '2026-03-02T08:15:00.000Z',
      breachedAt: null,
    });
    expect(ticket.sla.clocks.map((c: { clock: string; status: string }) => `${c.clock}:${c.status}`)).toEqual([
      'acknowledgement:running',
      'firstResponse:running',
      'resolution:running',
    ]);
    const explanation = (await api('GET', `/api/v1/tickets/${ticket.id}/sla`)).json();
    expect(explanation.policy.name).toBe('Standard (email, portal, phone, API)');
    expect(explanation.calendar.timezone).toBe('Europe/Berlin');
    expect(explanation.lines.join('\n')).toContain('First response: target 240 business min');
  });

  it('stops first response at the reply and pauses while pending', async () => {
    const { clock } = ctx();
    clock.set('2026-03-02T08:00:00.000Z');
    const ticket = (await api('POST', '/api/v1/tickets', agentToken, { subject: 'Pause me', channel: 'email', requester: { email: 'sla2@example.com' }, message: { text: 'Help' } })).json();
    clock.set('2026-03-02T09:00:00.000Z');
    await api('POST', `/api/v1/tickets/${ticket.id}/messages`, agentToken, { text: 'Can you send a screenshot?', status: 'pending' });
    let current = (await api('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(current.firstResponseAt).toBe('2026-03-02T09:00:00.000Z');
    expect(current.sla.clocks.find((c: { clock: string }) => c.clock === 'firstResponse').status).toBe('met');
    expect(current.sla.resolutionDueAt).toBeNull(); // paused: the due instant moves with the pause
    clock.set('2026-03-02T11:00:00.000Z');
    await api('POST', `/api/v1/tickets/${ticket.id}/messages`, agentToken, { text: 'Here it is', author: 'requester' });
    current = (await api('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(current.status).toBe('open');
    // Two business hours paused: resolution moves from Tuesday 17:00 to Wednesday 11:00 in Berlin.
    expect(current.sla.resolutionDueAt).toBe('2026-03-04T10:00:00.000Z');
    expect(current.sla.nextResponseDueAt).toBe('2026-03-02T15:00:00.000Z');
  });

  it('applies the P1 policy around the clock and the complaint policy to complaints', async () => {
    const { clock } = ctx();
    clock.set('2026-03-07T10:00:00.000Z'); // Saturday
    const p1 = (await api('POST', '/api/v1/tickets', agentToken, { subject: 'Outage', priority: 'P1', requester: { email: 'sla3@example.com' } })).json();
    expect(p1.sla.firstResponseDueAt).toBe('2026-03-07T11:00:00.000Z');
    const complaint = (await api('POST', '/api/v1/tickets', agentToken, { subject: 'Unacceptable', type: 'complaint', requester: { email: 'sla4@example.com' } })).json();
    expect((await api('GET', `/api/v1/tickets/${complaint.id}/sla`)).json().policy.name).toBe('Formal complaints');
    expect(complaint.sla.firstResponseDueAt).toBe('2026-03-09T16:00:00.000Z'); // one business day from Monday 09:00
  });

  it('fires warning and breach timers once, through the outbox, surviving a restart', async () => {
    const { clock, database, services } = ctx();
    clock.set('2026-03-02T08:00:00.000Z');
    const ticket = await make.ticket(services, ws.admin, { channel: 'email', priority: 'P3' });
    const runner = createTimerRunner({ db: database.handle.db, clock });
    await runner.drain();
    expect(await outboxOf(ticket.id)).toEqual([]);
    clock.set('2026-03-02T08:13:00.000Z'); // past 75 % of the 15-minute acknowledgement
    await runner.drain();
    expect(await outboxOf(ticket.id)).toEqual(['sla.warning:acknowledgement']);
    clock.set('2026-03-02T11:30:00.000Z');
    // A new runner, as after a restart: nothing fires twice, what is due fires.
    const restarted = createTimerRunner({ db: database.handle.db, clock });
    await restarted.drain();
    await restarted.drain();
    expect(await outboxOf(ticket.id)).toEqual(['sla.warning:acknowledgement', 'sla.breached:acknowledgement', 'sla.warning:firstResponse']);
    const current = await services.tickets.get(ws.admin, ticket.id);
    expect(current.sla.breachedAt).toBe('2026-03-02T08:15:00.000Z');
    // Replying late records the first-response clock as met; the breach history stays.
    await services.messages.add(ws.admin, ticket.id, { text: 'Sorry for the wait' });
    clock.set('2026-03-02T13:00:00.000Z');
    await restarted.drain();
    expect(await outboxOf(ticket.id)).toEqual(['sla.warning:acknowledgement', 'sla.breached:acknowledgement', 'sla.warning:firstResponse']);
    expect((await services.tickets.get(ws.admin, ticket.id)).sla.breachedAt).toBe('2026-03-02T08:15:00.000Z');
  });

  it('fires each timer exactly once with two runners at once', async () => {
    const { clock, database, services, dialect } = ctx();
    clock.set('2026-03-02T08:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await make.ticket(services, ws.admin, { channel: 'email' })).id);
    clock.set('2026-03-05T08:00:00.000Z');
    const second = dialect === 'postgres' ? openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl, schema: database.schema }) : database.handle;
    await Promise.all([
      createTimerRunner({ db: database.handle.db, clock, batchSize: 3 }).drain(),
      createTimerRunner({ db: second.db, clock, batchSize: 3 }).drain(),
    ]);
    if (second !== database.handle) await second.close();
    for (const id of ids) {
      const events = await outboxOf(id);
      expect(new Set(events).size, id).toBe(events.length);
      expect(events).toContain('sla.breached:resolution');
    }
  });

  it('re-evaluates open tickets when a policy changes', async () => {
    const { clock, database, services } = ctx();
    clock.set('2026-03-02T08:00:00.000Z');
    const ticket = await make.ticket(services, ws.admin, { channel: 'portal' });
    const standard = (await services.sla.listPolicies(ws.admin)).find((p) => p.name.startsWith('Standard'));
    const changed = await api('PATCH', `/api/v1/sla/policies/${standard?.id}`, admin, { targets: { firstResponse: 60, resolution: 480 } });
    expect(changed.statusCode).toBe(200);
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    const seen: DomainEvent[] = [];
    dispatcher.subscribe('sla.config_changed', (event) => {
      seen.push(event);
    });
    await dispatcher.drain();
    expect(seen.length).toBeGreaterThan(0);
    const current = await services.tickets.get(ws.admin, ticket.id);
    expect(current.sla.firstResponseDueAt).toBe('2026-03-02T09:00:00.000Z');
    expect(current.sla.clocks.map((c) => c.clock)).toEqual(['firstResponse', 'resolution']);
  });

  describe('configuration API', () => {
    it('validates calendars and policies and admits only admins to change them', async () => {
      const bad = await api('POST', '/api/v1/sla/calendars', admin, { name: 'Mars', definition: { timezone: 'Mars/Olympus', hours: {} } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().detail).toContain('Mars/Olympus');
      const badTime = await api('POST', '/api/v1/sla/calendars', admin, { name: 'Late', definition: { timezone: 'UTC', hours: { mon: [['09:00', '25:00']] } } });
      expect(badTime.statusCode).toBe(400);
      const calendar = (await api('POST', '/api/v1/sla/calendars', admin, { name: 'Support NYC', definition: { timezone: 'America/New_York', hours: { mon: [['08:00', '18:00']] }, holidays: ['2026-07-03'] } })).json();
      expect(calendar.definition.timezone).toBe('America/New_York');
      expect((await api('POST', '/api/v1/sla/calendars', agentToken, { name: 'X', definition: { timezone: 'UTC', alwaysOpen: true } })).statusCode).toBe(403);
      const unknownCalendar = await api('POST', '/api/v1/sla/policies', admin, { name: 'VIP', calendarId: 'nope', targets: { firstResponse: 30 } });
      expect(unknownCalendar.json().fields).toHaveProperty('calendarId');
      const policy = (await api('POST', '/api/v1/sla/policies', admin, { name: 'VIP', position: 0, calendarId: calendar.id, conditions: { tiers: ['enterprise'] }, targets: { firstResponse: 30 } })).json();
      expect(policy.position).toBe(0);
      expect((await api('DELETE', `/api/v1/sla/calendars/${calendar.id}`, admin)).statusCode).toBe(409);
      expect((await api('DELETE', `/api/v1/sla/policies/${policy.id}`, admin)).statusCode).toBe(204);
      expect((await api('DELETE', `/api/v1/sla/calendars/${calendar.id}`, admin)).statusCode).toBe(204);
      expect((await api('POST', '/api/v1/sla/policies', admin, { name: 'Bad', targets: { firstResponse: -5 } })).statusCode).toBe(400);
    });
  });
});
