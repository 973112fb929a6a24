import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { createTimerRunner } from '../src/modules/sla/timers.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

type Method = 'GET' | 'POST' | 'PATCH';

eachDialectApp('priorities and escalations', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: string;
  let readOnly: string;
  let agentId: string;

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    const agentToken = await make.token(services, ws, 'agent');
    agent = agentToken.token;
    agentId = agentToken.user.id;
    readOnly = (await make.token(services, ws, 'read-only')).token;
  });

  const api = async (method: Method, url: string, token: string, payload?: object) => {
    const response = await ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json() };
  };
  const newTicket = async (token: string, fields: object = {}) => {
    const response = await api('POST', '/api/v1/tickets', token, { subject: 'Something broke', channel: 'email', requester: { email: `c-${Math.random()}@example.com` }, ...fields });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  /** Delivers every pending outbox event to the app's subscribers, as the running server does. */
  const deliverEvents = async () => {
    const dispatcher = createDispatcher({ db: ctx().database.handle.db, clock: ctx().clock });
    registerSubscribers(dispatcher, ctx().app.services, { db: ctx().database.handle.db, clock: ctx().clock });
    await dispatcher.drain();
  };

  describe('priority', () => {
    it('computes the priority from impact × urgency, raised for premium and enterprise customers', async () => {
      const { services } = ctx();
      const standard = await newTicket(agent, { impact: 'high', urgency: 'high' });
      expect(standard).toMatchObject({ priority: 'P2', impact: 'high', urgency: 'high', escalationTier: 1 });
      expect((await newTicket(agent)).priority).toBe('P3');
      expect((await newTicket(agent, { impact: 'low', urgency: 'medium' })).priority).toBe('P4');

      const premium = await make.contact(services, ws.admin, { tier: 'premium' });
      expect((await newTicket(agent, { requester: undefined, requesterId: premium.id, impact: 'high', urgency: 'high' })).priority).toBe('P1');
      // The organisation's tier counts when it is higher than the contact's.
      const org = await services.organisations.create(ws.admin, { name: `Enterprise ${Math.random()}`, tier: 'enterprise' });
      const member = await make.contact(services, ws.admin, { organisationId: org.id });
      const ticket = await newTicket(agent, { requester: undefined, requesterId: member.id, impact: 'medium', urgency: 'medium' });
      expect(ticket.priority).toBe('P2');
      const history = (await api('GET', `/api/v1/tickets/${ticket.id}/events`, readOnly)).body.items;
      expect(history.find((e: { field: string }) => e.field === 'priority').note).toBe("Impact medium × urgency medium gives P3, raised to P2 for the customer's enterprise tier");
    });

    it('needs a reason to override the computed priority and records it in the history', async () => {
      const refused = await api('POST', '/api/v1/tickets', agent, { subject: 'VIP', requester: { email: 'vip@example.com' }, impact: 'low', urgency: 'low', priority: 'P1' });
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toHaveProperty('priorityReason');

      const ticket = await newTicket(agent, { impact: 'low', urgency: 'low', priority: 'P1', priorityReason: 'The CEO cannot sign in before the board meeting' });
      expect(ticket.priority).toBe('P1');
      let events = (await api('GET', `/api/v1/tickets/${ticket.id}/events`, agent)).body.items;
      expect(events.find((e: { field: string }) => e.field === 'priority')).toMatchObject({
        oldValue: 'P4',
        newValue: 'P1',
        note: expect.stringContaining('The CEO cannot sign in before the board meeting'),
      });

      // Resending the current priority is no change; changing impact recomputes it.
      expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { priority: 'P1', subject: 'VIP sign-in' })).status).toBe(200);
      const recomputed = await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { impact: 'critical', urgency: 'high' });
      expect(recomputed.body).toMatchObject({ priority: 'P1', impact: 'critical', urgency: 'high' });
      const override = await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { priority: 'P3' });
      expect(override.status).toBe(400);
      expect(override.body.fields).toHaveProperty('priorityReason');
      const lowered = await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { priority: 'P3', priorityReason: 'Workaround in place' });
      expect(lowered.body.priority).toBe('P3');
      events = (await api('GET', `/api/v1/tickets/${ticket.id}/events`, agent)).body.items;
      expect(events.at(-1)).toMatchObject({ field: 'priority', oldValue: 'P1', newValue: 'P3', note: 'Overrides P1 (Impact critical × urgency high gives P1): Workaround in place' });
      // Without impact and urgency there is nothing to override.
      expect((await newTicket(agent, { priority: 'P2' })).priority).toBe('P2');
    });

    it('shows the settings in force to everyone; only admins change them, and a matrix must rank consistently', async () => {
      const { services } = ctx();
      const other = await make.workspace(services);
      const otherAdmin = (await services.auth.createToken(other.system, 'admin', other.admin.userId)).token;
      const otherSupervisor = (await make.token(services, other, 'supervisor')).token;
      const otherAgent = (await make.token(services, other, 'agent')).token;

      const defaults = (await api('GET', '/api/v1/escalations/settings', otherAgent)).body;
      expect(defaults.priorityMatrix.critical.critical).toBe('P1');
      expect(defaults.tierRaise).toEqual({ standard: 0, premium: 1, enterprise: 1 });
      expect(defaults.escalationTiers).toEqual([
        { name: 'Specialist', targetMinutes: 240, businessHours: true },
        { name: 'Executive review', targetMinutes: 2880, businessHours: false },
      ]);
      expect(defaults.autoEscalateOnBreach).toBe(true);

      expect((await api('PATCH', '/api/v1/workspace', otherSupervisor, { settings: { tierRaise: { premium: 0 } } })).status).toBe(403);
      const inverted = { ...defaults.priorityMatrix, critical: { ...defaults.priorityMatrix.critical, critical: 'P4' } };
      const refused = await api('PATCH', '/api/v1/workspace', otherAdmin, { settings: { priorityMatrix: inverted } });
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toHaveProperty(['priorityMatrix.critical.critical']);

      const flat = Object.fromEntries(['low', 'medium', 'high', 'critical'].map((i) => [i, { low: 'P3', medium: 'P3', high: 'P2', critical: 'P2' }]));
      const tiers = [...defaults.escalationTiers, { name: 'Board', targetMinutes: 60, businessHours: false }];
      const saved = await api('PATCH', '/api/v1/workspace', otherAdmin, { settings: { priorityMatrix: flat, tierRaise: { premium: 0 }, escalationTiers: tiers } });
      expect(saved.status).toBe(200);
      const current = (await api('GET', '/api/v1/escalations/settings', otherAgent)).body;
      expect(current.tierRaise).toEqual({ standard: 0, premium: 0, enterprise: 1 });
      expect(current.escalationTiers).toHaveLength(3);

      const premium = await make.contact(services, other.admin, { tier: 'premium' });
      const ticket = await newTicket(otherAgent, { requester: undefined, requesterId: premium.id, impact: 'critical', urgency: 'critical' });
      expect(ticket.priority).toBe('P2');
      // A fourth tier is now reachable.
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, otherAgent, { toTier: 4, reason: 'Board must know' })).body).toMatchObject({ fromTier: 1, toTier: 4 });
    });
  });

  describe('escalation by hand', () => {
    it('escalates to the next tier with a reason and sets the tier target from the SLA calendar', async () => {
      const { clock, database } = ctx();
      clock.set('2026-03-02T15:00:00.000Z'); // Monday 15:00 UTC: two business hours left today
      const ticket = await newTicket(agent);
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, {})).status).toBe(400);
      const blank = await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { reason: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.fields).toHaveProperty('reason');
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, readOnly, { reason: 'x' })).status).toBe(403);

      const first = await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { reason: 'Needs a database specialist' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        fromTier: 1,
        toTier: 2,
        reason: 'Needs a database specialist',
        trigger: 'manual',
        actorId: agentId,
        createdAt: '2026-03-02T15:00:00.000Z',
        dueAt: '2026-03-03T11:00:00.000Z', // 4 business hours: 2 on Monday, 2 on Tuesday morning
        respondedAt: null,
        targetStatus: 'pending',
        outcome: 'open',
      });
      const escalated = (await api('GET', `/api/v1/tickets/${ticket.id}`, readOnly)).body;
      expect(escalated).toMatchObject({ escalationTier: 2, version: ticket.version + 1 });
      const events = (await api('GET', `/api/v1/tickets/${ticket.id}/events`, readOnly)).body.items;
      expect(events.at(-1)).toMatchObject({ field: 'escalationTier', oldValue: '1', newValue: '2', note: 'Escalated to tier 2 (Specialist): Needs a database specialist' });
      const outbox = await database.handle.db.selectFrom('outbox').select(['type', 'payload']).where('aggregate_id', '=', ticket.id).where('type', '=', 'ticket.escalated').execute();
      expect(JSON.parse(outbox[0].payload)).toMatchObject({ escalationId: first.body.id, fromTier: 1, toTier: 2, trigger: 'manual' });

      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { toTier: 2, reason: 'again' })).body.fields).toHaveProperty('toTier');
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { toTier: 4, reason: 'beyond' })).body.fields).toHaveProperty('toTier');
      const second = await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { reason: 'Customer threatens to cancel' });
      expect(second.body).toMatchObject({ fromTier: 2, toTier: 3, dueAt: '2026-03-04T15:00:00.000Z' }); // 48 hours around the clock
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { reason: 'higher still' })).status).toBe(409);

      const log = (await api('GET', `/api/v1/tickets/${ticket.id}/escalations`, readOnly)).body.items;
      expect(log.map((e: { toTier: number }) => e.toTier)).toEqual([2, 3]);
    });

    it('counts a P1 target around the clock, as its SLA policy does', async () => {
      ctx().clock.set('2026-03-07T22:00:00.000Z'); // Saturday night
      const ticket = await newTicket(agent, { priority: 'P1' });
      const escalation = (await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { reason: 'Outage' })).body;
      expect(escalation.dueAt).toBe('2026-03-08T02:00:00.000Z');
    });

    it('refuses to escalate a solved ticket', async () => {
      const ticket = await newTicket(agent, { status: 'solved' });
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, agent, { reason: 'Too late' })).status).toBe(409);
    });
  });

  describe('review', () => {
    let review: Workspace;
    let lead: string;
    let frontline: { token: string; actor: Workspace['system'] };
    let specialist: Workspace['system'];
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const { services, clock } = ctx();
      clock.set('2026-03-02T10:00:00.000Z');
      review = await make.workspace(services);
      lead = (await make.token(services, review, 'supervisor')).token;
      const agentToken = await make.token(services, review, 'agent');
      frontline = { token: agentToken.token, actor: agentToken.actor };
      specialist = (await make.user(services, review, 'agent')).actor;
      const escalate = async (name: string, fields: object, at: string) => {
        clock.set(at);
        const ticket = await newTicket(frontline.token, fields);
        const response = await api('POST', `/api/v1/tickets/${ticket.id}/escalations`, frontline.token, { reason: `Escalating ${name}` });
        expect(response.status).toBe(201);
        ids[name] = response.body.id;
        ids[`${name}Ticket`] = ticket.id;
      };
      await escalate('lastWeek', { priority: 'P1' }, '2026-03-02T10:00:00.000Z');
      await escalate('p1', { priority: 'P1' }, '2026-03-09T09:00:00.000Z');
      await escalate('p2', { priority: 'P2' }, '2026-03-09T09:10:00.000Z');
      await escalate('p3', {}, '2026-03-09T09:20:00.000Z');
      await escalate('p2b', { impact: 'high', urgency: 'high' }, '2026-03-09T09:30:00.000Z');
    });

    const week = 'from=2026-03-09T00:00:00.000Z&to=2026-03-16T00:00:00.000Z';

    it('lists the week’s P1/P2 escalations newest first, page by page, for supervisors only', async () => {
      expect((await api('GET', `/api/v1/escalations?priority=P1,P2&${week}`, frontline.token)).status).toBe(403);
      const all = (await api('GET', `/api/v1/escalations?priority=P1,P2&${week}`, lead)).body;
      expect(all.items.map((e: { id: string }) => e.id)).toEqual([ids.p2b, ids.p2, ids.p1]);
      expect(all.items[0]).toMatchObject({ priority: 'P2', fromTier: 1, toTier: 2, outcome: 'open' });
      const first = (await api('GET', `/api/v1/escalations?priority=P1,P2&${week}&limit=2`, lead)).body;
      expect(first.items).toHaveLength(2);
      const second = (await api('GET', `/api/v1/escalations?priority=P1,P2&${week}&limit=2&cursor=${first.nextCursor}`, lead)).body;
      expect(second).toEqual({ items: [expect.objectContaining({ id: ids.p1 })], nextCursor: null });
      expect((await api('GET', '/api/v1/escalations?priority=P1', lead)).body.items.map((e: { id: string }) => e.id)).toEqual([ids.p1, ids.lastWeek]);
      expect((await api('GET', `/api/v1/escalations?ticketId=${ids.p3Ticket}`, lead)).body.items.map((e: { id: string }) => e.id)).toEqual([ids.p3]);
      expect((await api('GET', '/api/v1/escalations?priority=P9', lead)).status).toBe(400);
    });

    it('records outcomes by supervisors only; sent-back returns the ticket to its tier; an outcome is final', async () => {
      const { clock } = ctx();
      clock.set('2026-03-09T10:30:00.000Z');
      expect((await api('PATCH', `/api/v1/escalations/${ids.p1}`, frontline.token, { outcome: 'resolved' })).status).toBe(403);
      expect((await api('PATCH', `/api/v1/escalations/${ids.p1}`, lead, { outcome: 'open' })).status).toBe(400);
      const sentBack = await api('PATCH', `/api/v1/escalations/${ids.p2}`, lead, { outcome: 'sent-back', note: 'Known issue: KB article 12' });
      expect(sentBack.body).toMatchObject({ outcome: 'sent-back', outcomeNote: 'Known issue: KB article 12', outcomeAt: '2026-03-09T10:30:00.000Z', respondedAt: '2026-03-09T10:30:00.000Z' });
      const ticket = (await api('GET', `/api/v1/tickets/${ids.p2Ticket}`, lead)).body;
      expect(ticket.escalationTier).toBe(1);
      expect((await api('GET', `/api/v1/tickets/${ids.p2Ticket}/events`, lead)).body.items.at(-1)).toMatchObject({ field: 'escalationTier', newValue: '1', note: 'Sent back to tier 1: Known issue: KB article 12' });
      expect((await api('PATCH', `/api/v1/escalations/${ids.p2}`, lead, { outcome: 'resolved' })).status).toBe(409);
      expect((await api('PATCH', `/api/v1/escalations/${ids.p2b}`, lead, { outcome: 'solved-with-tier1-knowledge' })).body.outcome).toBe('solved-with-tier1-knowledge');
      expect((await api('GET', `/api/v1/tickets/${ids.p2bTicket}`, lead)).body.escalationTier).toBe(2);
    });

    it('marks an escalation responded when someone other than the escalator writes on the ticket', async () => {
      const { clock, services } = ctx();
      clock.set('2026-03-09T09:40:00.000Z');
      await services.messages.add(frontline.actor, ids.p3Ticket, { text: 'I have escalated this', internal: true });
      clock.set('2026-03-09T10:00:00.000Z');
      await services.messages.add(specialist, ids.p1Ticket, { text: 'Looking at the database now' });
      await deliverEvents();
      await deliverEvents(); // delivered again: nothing changes
      const p1 = (await api('GET', `/api/v1/escalations/${ids.p1}`, lead)).body;
      expect(p1).toMatchObject({ respondedAt: '2026-03-09T10:00:00.000Z', targetStatus: 'met' });
      expect((await api('GET', `/api/v1/escalations/${ids.p3}`, lead)).body.respondedAt).toBeNull();
      expect((await api('PATCH', `/api/v1/escalations/${ids.p1}`, lead, { outcome: 'resolved' })).body.respondedAt).toBe('2026-03-09T10:00:00.000Z');
    });

    it('summarises the week: counts, the over-escalation rate and the share that met its tier target', async () => {
      ctx().clock.set('2026-03-09T15:00:00.000Z'); // past p3's 4-business-hour target, unanswered
      expect((await api('GET', `/api/v1/escalations/summary?${week}`, frontline.token)).status).toBe(403);
      const summary = (await api('GET', `/api/v1/escalations/summary?${week}`, lead)).body;
      expect(summary).toEqual({
        from: '2026-03-09T00:00:00.000Z',
        to: '2026-03-16T00:00:00.000Z',
        total: 4,
        byTier: { '2': 4 },
        byTrigger: { manual: 4, breach: 0 },
        byOutcome: { open: 1, resolved: 1, 'sent-back': 1, 'solved-with-tier1-knowledge': 1 },
        overEscalation: { count: 2, decided: 3, rate: 2 / 3 },
        targets: { met: 3, missed: 1, pending: 0, metRate: 0.75 },
      });
      const highSeverity = (await api('GET', `/api/v1/escalations/summary?${week}&priority=P1,P2`, lead)).body;
      expect(highSeverity).toMatchObject({ total: 3, byOutcome: { open: 0 }, targets: { met: 3, missed: 0 } });
      expect((await api('GET', '/api/v1/escalations/summary', lead)).body).toMatchObject({ from: null, to: null, total: 5, targets: { pending: 0 } });
    });

    it('keeps other workspaces out: their tickets and escalations are not found', async () => {
      const { services } = ctx();
      const outsider = await make.workspace(services);
      const outsiderAgent = (await make.token(services, outsider, 'agent')).token;
      const outsiderLead = (await make.token(services, outsider, 'supervisor')).token;
      expect((await api('POST', `/api/v1/tickets/${ids.p3Ticket}/escalations`, outsiderAgent, { reason: 'Mine now' })).status).toBe(404);
      expect((await api('GET', `/api/v1/tickets/${ids.p3Ticket}/escalations`, outsiderAgent)).status).toBe(404);
      expect((await api('GET', `/api/v1/escalations/${ids.p3}`, outsiderLead)).status).toBe(404);
      expect((await api('PATCH', `/api/v1/escalations/${ids.p3}`, outsiderLead, { outcome: 'resolved' })).status).toBe(404);
      expect((await api('GET', '/api/v1/escalations', outsiderLead)).body.items).toEqual([]);
      expect((await api('GET', '/api/v1/escalations/summary', outsiderLead)).body.total).toBe(0);
    });
  });

  describe('on an SLA breach', () => {
    it('escalates a tier-1 ticket to tier 2 exactly once, even when the event is delivered twice', async () => {
      const { services, clock, database } = ctx();
      clock.set('2026-03-16T08:00:00.000Z'); // Monday, before business hours
      const desk = await make.workspace(services);
      const lead = (await make.token(services, desk, 'supervisor')).token;
      const ticket = await make.ticket(services, desk.admin); // acknowledgement due 09:15
      clock.set('2026-03-16T09:16:00.000Z');
      await createTimerRunner({ db: database.handle.db, clock }).drain();
      await deliverEvents();

      const escalations = async () => (await api('GET', `/api/v1/tickets/${ticket.id}/escalations`, lead)).body.items;
      let log = await escalations();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        fromTier: 1,
        toTier: 2,
        trigger: 'breach',
        actorId: null,
        reason: 'SLA acknowledgement target breached (due 2026-03-16T09:15:00.000Z)',
        dueAt: '2026-03-16T13:16:00.000Z',
      });
      expect((await services.tickets.get(desk.admin, ticket.id)).escalationTier).toBe(2);

      const redeliver = async () => {
        await database.handle.db
          .updateTable('outbox')
          .set({ delivered_at: null, lease_until: null })
          .where('aggregate_id', '=', ticket.id)
          .where('type', '=', 'sla.breached')
          .execute();
        await deliverEvents();
      };
      await redeliver();
      expect(await escalations()).toHaveLength(1);
      // Sent back to tier 1, the same breach delivered again still does not escalate a second time.
      await api('PATCH', `/api/v1/escalations/${log[0].id}`, lead, { outcome: 'sent-back', note: 'Acknowledged late, nothing to escalate' });
      await redeliver();
      log = await escalations();
      expect(log).toHaveLength(1);
      expect((await services.tickets.get(desk.admin, ticket.id)).escalationTier).toBe(1);
      const breaches = await database.handle.db.selectFrom('outbox').select('id').where('aggregate_id', '=', ticket.id).where('type', '=', 'sla.breached').execute();
      expect(breaches).toHaveLength(1);
    });

    it('escalates once when the same breach is handled twice at the same moment, and not at all when switched off', async () => {
      const { services, clock } = ctx();
      clock.set('2026-03-16T10:00:00.000Z');
      const desk = await make.workspace(services);
      const ticket = await make.ticket(services, desk.admin);
      const breach = { ticketId: ticket.id, clock: 'firstResponse', dueAt: '2026-03-16T10:00:00.000Z', timerId: 987_654 };
      const results = await Promise.all([services.escalations.escalateOnBreach(desk.id, breach), services.escalations.escalateOnBreach(desk.id, breach)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await services.escalations.listForTicket(desk.admin, ticket.id)).toHaveLength(1);

      await services.workspace.update(desk.admin, { settings: { autoEscalateOnBreach: false } });
      const quiet = await make.ticket(services, desk.admin);
      expect(await services.escalations.escalateOnBreach(desk.id, { ...breach, ticketId: quiet.id, timerId: 987_655 })).toBe(false);
      expect((await services.tickets.get(desk.admin, quiet.id)).escalationTier).toBe(1);
    });
  });
});
