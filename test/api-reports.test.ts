import { beforeAll, expect, it } from 'vitest';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { surveyToken } from '../src/modules/surveys/token.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { TEST_SECRET } from './harness.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// Reports read the rollups the projector keeps; every figure drills down to exactly its tickets.
eachDialectApp('service reports API', (ctx: () => AppContext) => {
  let ws: Workspace;
  let supervisor: string;
  let adminToken: string;
  let supervisorActor: Awaited<ReturnType<typeof make.token>>['actor'];
  let agent: Awaited<ReturnType<typeof make.token>>;
  const ids: Record<string, string> = {};

  const get = async (url: string, token = supervisor) => {
    const response = await ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    const { services, clock, database } = ctx();
    ws = await make.workspace(services);
    ({ token: supervisor, actor: supervisorActor } = await make.token(services, ws, 'supervisor'));
    adminToken = (await make.token(services, ws, 'admin')).token;
    agent = await make.token(services, ws, 'agent');
    // Monday 2026-03-02, around the clock: three email tickets and one chat, two of them solved the same day.
    clock.set('2026-03-02T10:00:00Z');
    const onEmail = { channel: 'email' as const };
    ids.oneTouch = (await make.ticket(services, agent.actor, { ...onEmail, assigneeId: agent.user.id })).id;
    ids.twoReplies = (await make.ticket(services, agent.actor, onEmail)).id;
    ids.open = (await make.ticket(services, agent.actor, onEmail)).id;
    ids.chat = (await make.ticket(services, agent.actor, { channel: 'chat' })).id;
    clock.set('2026-03-02T10:30:00Z');
    await services.messages.add(agent.actor, ids.oneTouch, { text: 'Fixed.', status: 'solved' });
    await services.messages.add(agent.actor, ids.twoReplies, { text: 'Looking.' });
    clock.set('2026-03-02T12:00:00Z');
    await services.messages.add(agent.actor, ids.twoReplies, { text: 'Fixed now.', status: 'solved' });
    await createMetricsProjector({ db: database.handle.db, clock }).drain();
  });

  it('sums the day: volumes, FCR, averages on both clocks, per channel', async () => {
    const { status, body } = await get('/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02');
    expect(status).toBe(200);
    expect(body.totals).toMatchObject({ created: 4, solved: 2, oneTouch: 1, fcrPercent: 50, reopenedPercent: 0 });
    expect(body.totals.firstReply).toMatchObject({ count: 2, averageCalendarMinutes: 30 });
    expect(body.totals.fullResolution).toMatchObject({ count: 2, averageCalendarMinutes: 75 });
    expect(body.byChannel.map((row: { channel: string; created: number }) => [row.channel, row.created])).toEqual([['chat', 1], ['email', 3]]);
    expect(body.byDay).toHaveLength(1);
    // Default policies: email first response within 4 business hours (met by both replies, still
    // running for the open ticket), chat within 60 seconds (missed: nobody answered the chat).
    expect(body.totals.slaAdherence.firstResponse).toEqual({ due: 3, met: 2, percent: 200 / 3 });
    const empty = await get('/api/v1/reports/kpis?from=2026-02-01&to=2026-02-28');
    expect(empty.body.totals).toMatchObject({ created: 0, fcrPercent: null });
  });

  it('drills down from a figure to exactly the tickets it counts', async () => {
    const listed = async (query: string) =>
      (await get(`/api/v1/reports/tickets?from=2026-03-02&to=2026-03-02&${query}`)).body.items.map((item: { id: string }) => item.id).sort();
    expect(await listed('on=created')).toEqual(Object.values(ids).sort());
    expect(await listed('on=solved')).toEqual([ids.oneTouch, ids.twoReplies].sort());
    expect(await listed('on=solved&oneTouch=true')).toEqual([ids.oneTouch]);
    expect(await listed('on=created&replied=false')).toEqual([ids.open, ids.chat].sort());
    expect(await listed('on=created&channel=chat')).toEqual([ids.chat]);
    expect(await listed('on=created&slaClock=firstResponse&slaResult=met')).toEqual([ids.oneTouch, ids.twoReplies].sort());
    expect(await listed('on=created&slaClock=firstResponse&slaResult=breached')).toEqual([ids.chat]);
    const firstPage = await get('/api/v1/reports/tickets?from=2026-03-02&to=2026-03-02&on=created&limit=3');
    const secondPage = await get(`/api/v1/reports/tickets?from=2026-03-02&to=2026-03-02&on=created&limit=3&cursor=${firstPage.body.nextCursor}`);
    expect([...firstPage.body.items, ...secondPage.body.items]).toHaveLength(4);
    expect(secondPage.body.nextCursor).toBeNull();
  });

  it('counts escalations on the creation day: the rate and its tickets', async () => {
    const { services, clock, database } = ctx();
    await services.escalations.escalate(supervisorActor, ids.open, { reason: 'Needs the billing team' });
    await createMetricsProjector({ db: database.handle.db, clock }).drain();
    const { body } = await get('/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02');
    expect(body.totals).toMatchObject({ escalated: 1, escalationRatePercent: 25 });
    const listed = await get('/api/v1/reports/tickets?from=2026-03-02&to=2026-03-02&on=created&escalated=true');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([ids.open]);
  });

  it("prices the period's contacts at the cost per contact of their channel, and shows the monthly trend", async () => {
    const { body } = await get('/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02');
    expect(body.cost).toEqual({
      currency: 'USD',
      contacts: 4,
      total: 3 * 1.15 + 1.75,
      perContact: (3 * 1.15 + 1.75) / 4,
      byChannel: [
        { channel: 'chat', contacts: 1, unitCost: 1.75, total: 1.75 },
        { channel: 'email', contacts: 3, unitCost: 1.15, total: 3 * 1.15 },
      ],
    });
    const { services } = ctx();
    await services.workspace.update(ws.admin, { settings: { currency: 'EUR', costPerContact: { email: 2 } } });
    const repriced = (await get('/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02')).body.cost;
    expect(repriced).toMatchObject({ currency: 'EUR', total: 3 * 2 + 1.75 });
    // Targets beside the figures: seed 002's until the workspace sets its own.
    expect(body.targets).toEqual({ fcrPercent: { min: 70, max: 80 }, csatPercent: 75, csatPercentPremium: 85, nps: 30, ahtMinutes: { phone: { min: 4, max: 8 }, chat: { min: 8, max: 12 } } });
    await services.workspace.update(ws.admin, { settings: { reportTargets: { csatPercent: 80, ahtMinutes: { email: { min: 2, max: 5 } } } } });
    const targets = (await get('/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02')).body.targets;
    expect(targets).toMatchObject({ csatPercent: 80, fcrPercent: { min: 70, max: 80 }, ahtMinutes: { email: { min: 2, max: 5 }, phone: { min: 4, max: 8 } } });
    const refused = await ctx().app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: bearer(adminToken), payload: { settings: { reportTargets: { csatPercent: 120 } } } });
    expect(refused.statusCode).toBe(400);
    const trend = await get('/api/v1/reports/cost-trend?months=3');
    expect(trend.body.months.map((month: { month: string }) => month.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(trend.body.months[2]).toMatchObject({ contacts: 4, total: 7.75 });
    expect(trend.body.months[0]).toMatchObject({ contacts: 0, perContact: null });
    expect((await get('/api/v1/reports/cost-trend', agent.token)).status).toBe(403);
  });

  it('counts new tickets by hour of day and weekday, for supervisors', async () => {
    const { status, body } = await get('/api/v1/reports/volume?from=2026-03-01&to=2026-03-07');
    expect(status).toBe(200);
    expect(body.byHour[10]).toEqual({ hour: 10, created: 4 });
    expect(body.byWeekday[0]).toEqual({ weekday: 'mon', created: 4, days: 1 });
    expect((await get('/api/v1/reports/volume?from=2026-03-01&to=2026-03-07&channel=chat')).body.total).toBe(1);
    expect((await get('/api/v1/reports/volume?from=2026-03-01&to=2026-03-07', agent.token)).status).toBe(403);
  });

  it('counts the backlog by status and age, live', async () => {
    const { clock } = ctx();
    clock.set('2026-03-06T12:00:00Z');
    const { status, body } = await get('/api/v1/reports/backlog');
    expect(status).toBe(200);
    // The open email ticket and the unanswered chat, both four days old.
    expect(body.total).toBe(2);
    expect(body.byStatus.find((row: { status: string }) => row.status === 'new')).toEqual({
      status: 'new',
      total: 2,
      byAge: { under1d: 0, '1to3d': 0, '3to7d': 2, '7to30d': 0, over30d: 0 },
    });
    expect((await get(`/api/v1/reports/backlog?agentId=${agent.user.id}`, agent.token)).body.total).toBe(0);
    expect((await get('/api/v1/reports/backlog', agent.token)).body.total).toBe(0);
    clock.set('2026-03-02T12:00:00Z');
  });

  it("shows agents their own figures and their teams', nobody else's", async () => {
    const own = await get(`/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02&agentId=${agent.user.id}`, agent.token);
    expect(own.status).toBe(200);
    expect(own.body.totals).toMatchObject({ created: 1, solved: 1, oneTouch: 1 });
    // Asking for no one in particular, an agent gets their own figures.
    const unscoped = await get('/api/v1/reports/kpis?from=2026-03-02&to=2026-03-02', agent.token);
    expect(unscoped.body).toMatchObject({ agentId: agent.user.id, totals: { created: 1 } });
    const other = await make.user(ctx().services, ws, 'agent');
    expect((await get(`/api/v1/reports/tickets?from=2026-03-02&to=2026-03-02&on=created&agentId=${other.user.id}`, agent.token)).status).toBe(403);
  });

  it('counts CSAT answers on the day given, once per ticket, and drills down to them', async () => {
    const { services, clock, database } = ctx();
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    clock.set('2026-03-09T09:00:00Z');
    const happy = await make.ticket(services, agent.actor, { channel: 'email' });
    const unhappy = await make.ticket(services, agent.actor, { channel: 'email' });
    for (const ticket of [happy, unhappy]) await services.messages.add(agent.actor, ticket.id, { text: 'Done.', status: 'solved' });
    await dispatcher.drain();
    clock.set('2026-03-10T10:00:00Z');
    await services.surveys.sendDue();
    const answer = async (ticketId: string, body: Record<string, unknown>) => {
      const survey = await database.handle.db.selectFrom('survey').select('id').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
      await services.surveys.answer(surveyToken(TEST_SECRET, survey.id), 'customer', body, 'json');
    };
    await answer(happy.id, { score: 5, ces: 6 });
    await answer(unhappy.id, { score: 4 });
    clock.set('2026-03-11T10:00:00Z');
    await answer(unhappy.id, { score: 2, reason: 'Took too long' }); // changed the next day: still counted once, on the first day
    await dispatcher.drain();
    await createMetricsProjector({ db: database.handle.db, clock }).drain();
    const { body } = await get('/api/v1/reports/kpis?from=2026-03-09&to=2026-03-11');
    expect(body.totals.csat).toEqual({ answers: 2, satisfied: 1, percent: 50, averageScore: 3.5 });
    expect(body.byDay.find((row: { day: string }) => row.day === '2026-03-10').csat.answers).toBe(2);
    const unhappyOnes = await get('/api/v1/reports/tickets?from=2026-03-09&to=2026-03-11&on=surveyed&satisfied=false');
    expect(unhappyOnes.body.items.map((item: { id: string }) => item.id)).toEqual([unhappy.id]);
    await dispatcher.stop();
    clock.set('2026-03-02T12:00:00Z');
  });

  it('averages the work time agents record on the tickets they solve (handle time)', async () => {
    const { services, clock, database } = ctx();
    clock.set('2026-03-20T09:00:00Z');
    const timed = await make.ticket(services, agent.actor, { channel: 'phone' });
    const untimed = await make.ticket(services, agent.actor, { channel: 'phone' });
    const post = (ticketId: string, payload: object) =>
      ctx().app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, headers: bearer(agent.token), payload });
    const note = await post(timed.id, { text: 'Called the customer back.', internal: true, timeSpentSeconds: 240 });
    expect(note.json().timeSpentSeconds).toBe(240);
    await post(timed.id, { text: 'Sorted on the phone.', status: 'solved', timeSpentSeconds: 120 });
    await post(untimed.id, { text: 'Done.', status: 'solved' });
    expect((await post(timed.id, { text: 'x', timeSpentSeconds: -1 })).statusCode).toBe(400);
    await createMetricsProjector({ db: database.handle.db, clock }).drain();
    const { body } = await get('/api/v1/reports/kpis?from=2026-03-20&to=2026-03-20');
    // Only the ticket with time recorded counts: 6 minutes.
    expect(body.totals.handleTime).toEqual({ tickets: 1, averageMinutes: 6 });
    expect(body.byChannel.find((row: { channel: string }) => row.channel === 'phone').handleTime.averageMinutes).toBe(6);
    clock.set('2026-03-02T12:00:00Z');
  });

  it('refuses a bad period with a problem naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30&to=2026-03-02', 'from'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['from=2024-01-01&to=2026-03-01', 'to'],
    ]) {
      const { status, body } = await get(`/api/v1/reports/kpis?${query}`);
      expect(status).toBe(400);
      expect(Object.keys(body.fields)).toEqual([field]);
    }
    expect((await get('/api/v1/reports/tickets?from=2026-03-02&to=2026-03-02&on=yesterday')).status).toBe(400);
  });
});
