import { beforeAll, expect, it } from 'vitest';
import { bucketOf, nearestRank } from '../src/modules/metrics/histogram.ts';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { computeTicketMetrics } from '../src/modules/metrics/ticket-metrics.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { parseCalendar } from '../src/modules/sla/calendar.ts';
import { surveyToken } from '../src/modules/surveys/token.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';
import { pdfText } from './support/pdf-text.ts';

// The live dashboard and the report extras on both databases: every figure against the seeded
// data, each drill-down to exactly its tickets, medians and p90s against the metric engine, the
// PDF, and who may see what.

const MINUTE = 60_000;

eachDialectApp('operations dashboard and report extras', (ctx: () => AppContext) => {
  let ws: Workspace;
  let supervisorToken: string;
  let agent: Awaited<ReturnType<typeof make.token>>;
  let otherTeamId: string;
  const today: string[] = [];
  let pump: () => Promise<void>;

  const get = async (url: string, token = supervisorToken) => {
    const response = await ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };
  const drain = () => createMetricsProjector({ db: ctx().database.handle.db, clock: ctx().clock }).drain();

  beforeAll(async () => {
    const { services, clock, database } = ctx();
    clock.set('2026-03-02T09:00:00Z');
    ws = await make.workspace(services);
    supervisorToken = (await make.token(services, ws, 'supervisor')).token;
    agent = await make.token(services, ws, 'agent');
    const team = await services.teams.create(ws.admin, { name: 'Frontline', memberIds: [agent.user.id] });
    otherTeamId = (await services.teams.create(ws.admin, { name: 'Billing' })).id;
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    pump = async () => {
      await dispatcher.drain();
    };

    // The same weekday (Monday) of the four weeks before: 2, 4, 6 and 8 email tickets and one chat each, all solved.
    for (const [week, emails] of [[4, 2], [3, 4], [2, 6], [1, 8]] as const) {
      clock.set(new Date(Date.parse('2026-03-30T09:00:00Z') - week * 7 * 86_400_000).toISOString());
      for (let i = 0; i < emails + 1; i += 1) {
        const ticket = await make.ticket(services, agent.actor, { channel: i < emails ? 'email' : 'chat', tags: i % 2 ? ['billing'] : ['billing', 'login'] });
        await services.messages.add(agent.actor, ticket.id, { text: 'Done.', status: 'solved' });
      }
    }
    // CSAT: a 5 two days ago, a 1 today (which opens a follow-up).
    const surveyed = async (solvedAt: string, answeredAt: string, score: number) => {
      clock.set(solvedAt);
      const ticket = await make.ticket(services, agent.actor, { channel: 'portal' });
      await services.messages.add(agent.actor, ticket.id, { text: 'Solved.', status: 'solved' });
      await pump();
      clock.set(answeredAt);
      await services.surveys.sendDue();
      const survey = await database.handle.db.selectFrom('survey').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
      const reason = (await services.surveys.getSettings(ws.admin)).reasons[0];
      await services.surveys.answer(surveyToken(TEST_SECRET, survey.id), 'customer', { score, reason: score <= 2 ? reason : null }, 'json');
      await pump();
    };
    await surveyed('2026-03-27T09:00:00Z', '2026-03-28T10:00:00Z', 5);
    await surveyed('2026-03-29T09:00:00Z', '2026-03-30T09:30:00Z', 1);
    // Today, Monday 2026-03-30 (UTC): three email tickets (two the agent's), a phone call, and a chat a minute ago.
    clock.set('2026-03-30T09:00:00Z');
    today.push((await make.ticket(services, agent.actor, { channel: 'email', assigneeId: agent.user.id, teamId: team.id })).id);
    today.push((await make.ticket(services, agent.actor, { channel: 'email', assigneeId: agent.user.id })).id);
    today.push((await make.ticket(services, agent.actor, { channel: 'email' })).id);
    today.push((await make.ticket(services, agent.actor, { channel: 'phone' })).id);
    clock.set('2026-03-30T09:59:00Z');
    today.push((await make.ticket(services, agent.actor, { channel: 'chat' })).id);
    clock.set('2026-03-30T10:00:00Z');
    await services.routing.updateAgentState(agent.actor, agent.user.id, { availability: 'online' });
    await pump();
    await drain();
  });

  it("shows what is open now by status and SLA state, today's volume against the same weekday of four weeks, CSAT, agents and follow-ups", async () => {
    const { status, body } = await get('/api/v1/reports/dashboard');
    expect(status).toBe(200);
    expect(body).toMatchObject({ today: '2026-03-30', timeZone: 'UTC', warningMinutes: 60 });
    // Each open ticket's SLA state from its own next due time, as the ticket API shows it.
    const now = Date.parse('2026-03-30T10:00:00Z');
    const expected = { breached: 0, warning: 0, ok: 0, none: 0 };
    const statuses: Record<string, number> = {};
    for (const id of today) {
      const ticket = (await get(`/api/v1/tickets/${id}`)).body;
      statuses[ticket.status] = (statuses[ticket.status] ?? 0) + 1;
      const due = ticket.sla.nextDueAt ? Date.parse(ticket.sla.nextDueAt) : null;
      expected[due === null ? 'none' : due <= now ? 'breached' : due <= now + 60 * MINUTE ? 'warning' : 'ok'] += 1;
    }
    expect(expected.warning + expected.breached).toBeGreaterThan(0); // the chat's 60-second first response
    expect(body.open).toMatchObject({ total: 5, ...expected });
    expect(Object.fromEntries(body.open.byStatus.filter((row: { total: number }) => row.total > 0).map((row: { status: string; total: number }) => [row.status, row.total]))).toEqual(statuses);

    expect(body.volume.today).toBe(5);
    expect(body.volume.sameWeekdays).toEqual(['2026-03-23', '2026-03-16', '2026-03-09', '2026-03-02']);
    const email = body.volume.byChannel.find((row: { channel: string }) => row.channel === 'email');
    expect(email).toEqual({ channel: 'email', today: 3, sameWeekday: [8, 6, 4, 2], average: 5, averageSoFar: 5 });
    expect(body.volume.byChannel.find((row: { channel: string }) => row.channel === 'chat')).toMatchObject({ today: 1, sameWeekday: [1, 1, 1, 1], average: 1 });
    expect(body.volume.byHour[9]).toEqual({ hour: 9, today: 5, average: 6 });

    expect(body.csat.today).toMatchObject({ answers: 1, satisfied: 0, percent: 0 });
    expect(body.csat.last30Days).toMatchObject({ from: '2026-03-01', answers: 2, satisfied: 1, percent: 50 });
    expect(body.followUps).toMatchObject({ open: 1, overdue: 0, oldestOpenedAt: '2026-03-30T09:30:00.000Z', oldestAgeMinutes: 30 });
    expect(body.agents).toMatchObject({ online: 1 });
  });

  it('drills down from every dashboard number to exactly the tickets it counts', async () => {
    const { body } = await get('/api/v1/reports/dashboard');
    const listed = async (query: string) => (await get(`/api/v1/reports/open-tickets?${query}`)).body.items.map((item: { id: string }) => item.id).sort();
    expect(await listed('')).toEqual([...today].sort());
    for (const state of ['breached', 'warning', 'ok', 'none']) expect(await listed(`sla=${state}`)).toHaveLength(body.open[state]);
    expect(await listed('status=new&channel=phone')).toEqual([today[3]]);
    const firstPage = await get('/api/v1/reports/open-tickets?limit=2');
    const rest = await get(`/api/v1/reports/open-tickets?limit=10&cursor=${firstPage.body.nextCursor}`);
    expect([...firstPage.body.items, ...rest.body.items].map((item: { id: string }) => item.id).sort()).toEqual([...today].sort());
    // Today's volume and CSAT drill into the report's own drill-down.
    const created = await get('/api/v1/reports/tickets?from=2026-03-30&to=2026-03-30&on=created&channel=email');
    expect(created.body.items).toHaveLength(3);
    const surveyed = await get('/api/v1/reports/tickets?from=2026-03-01&to=2026-03-30&on=surveyed');
    expect(surveyed.body.items).toHaveLength(2);
  });

  it("gives agents their own figures and their teams', and refuses another team's", async () => {
    const own = await get('/api/v1/reports/dashboard', agent.token);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ agentId: agent.user.id, open: { total: 2 } });
    expect(own.body.volume.byHour).toBeNull();
    expect(own.body.volume.byChannel.find((row: { channel: string }) => row.channel === 'email')).toMatchObject({ today: 2, averageSoFar: null });
    const listed = await get('/api/v1/reports/open-tickets', agent.token);
    expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual([today[0], today[1]].sort());
    const refused = await get(`/api/v1/reports/dashboard?teamId=${otherTeamId}`, agent.token);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await get(`/api/v1/reports/open-tickets?agentId=${ws.admin.userId}`, agent.token)).status).toBe(403);
    expect((await get('/api/v1/reports/complaints?from=2026-03-01&to=2026-03-30', agent.token)).status).toBe(403);
  });

  it('answers bad input with problem+json naming the field', async () => {
    for (const url of ['/api/v1/reports/open-tickets?sla=late', '/api/v1/reports/open-tickets?status=solved', '/api/v1/reports/open-tickets?cursor=bm9wZQ', '/api/v1/reports/contact-reasons?from=2026-03-30&to=2026-03-01', '/api/v1/reports/service-report.pdf?from=2026-02-30&to=2026-03-01']) {
      const { status, headers, body } = await get(url);
      expect(status, url).toBe(400);
      expect(headers['content-type']).toContain('application/problem+json');
      expect(body.type).toBe('/problems/validation');
    }
  });

  it('ranks contact reasons by the tags of new tickets, each drilling down to its tickets', async () => {
    const { body } = await get('/api/v1/reports/contact-reasons?from=2026-03-01&to=2026-03-30');
    expect(body.tags).toEqual([
      { tag: 'billing', created: 24 },
      { tag: 'login', created: 14 },
    ]);
    const login = await get('/api/v1/reports/tickets?from=2026-03-01&to=2026-03-30&on=created&tag=login&limit=200');
    expect(login.body.items).toHaveLength(14);
  });

  it('gives medians and p90s from the rollups in the bucket of the exact value the metric engine computes', async () => {
    const { services, clock } = ctx();
    const replyAfter = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987];
    const alwaysOpen = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
    const exact: number[] = [];
    for (const [index, minutes] of replyAfter.entries()) {
      const createdAt = Date.parse('2026-02-02T00:00:00Z') + index * MINUTE;
      clock.set(new Date(createdAt).toISOString());
      const ticket = await make.ticket(services, agent.actor, { channel: 'api' });
      clock.set(new Date(createdAt + minutes * MINUTE).toISOString());
      await services.messages.add(agent.actor, ticket.id, { text: 'Here you go.' });
      const metrics = computeTicketMetrics({ createdAt, openedBy: 'customer', events: [{ at: createdAt + minutes * MINUTE, type: 'agent_reply', automated: false }] }, alwaysOpen, createdAt + minutes * MINUTE);
      exact.push(metrics.firstReply.calendarMinutes as number);
    }
    clock.set('2026-03-30T10:00:00Z');
    await drain();
    const { body } = await get('/api/v1/reports/kpis?from=2026-02-02&to=2026-02-02&channel=api');
    expect(body.totals.firstReply.count).toBe(replyAfter.length);
    for (const [p, key] of [[0.5, 'medianMinutes'], [0.9, 'p90Minutes']] as const) {
      const estimate = body.percentiles.first_reply.calendar[key] as number;
      const truth = nearestRank(exact, p) as number;
      expect(bucketOf(estimate * MINUTE), `${key}: ${estimate} vs ${truth}`).toBe(bucketOf(truth * MINUTE));
      expect(Math.abs(Math.log(estimate / truth))).toBeLessThan(Math.log(Math.SQRT2));
    }
    expect(body.percentiles.agent_wait.business).toEqual({ medianMinutes: null, p90Minutes: null });
  });

  it('exports the report as a PDF whose text holds the figures and their targets', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/api/v1/reports/service-report.pdf?from=2026-03-01&to=2026-03-30&preset=monthly', headers: bearer(supervisorToken) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('service-report-2026-03-01-2026-03-30.pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).join('\n');
    expect(text).toContain('Monthly service report');
    expect(text).toContain('First contact resolution');
    expect(text).toContain('70–80 %');
    expect(text).toContain('CSAT');
    expect(text).toContain('50.0 %'); // one of the two answers satisfied
    expect(text).toContain('billing');
    expect(text).toContain('Complaints: 0, by root cause');
    const own = await ctx().app.inject({ method: 'GET', url: '/api/v1/reports/service-report.pdf?from=2026-03-01&to=2026-03-30', headers: bearer(agent.token) });
    expect(own.statusCode).toBe(200);
    expect(pdfText(own.rawPayload).join('\n')).not.toContain('Complaints');
  });
});
