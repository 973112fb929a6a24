import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/lib/actor.ts';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { agentsForServiceLevel } from '../src/modules/wfm/erlang-c.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// The staffing view plans from the desk's own data: the forecast from the hourly volume rows, and
// the handle time the metric engine measured on the last 28 days' tickets. Today is Tuesday
// 2026-06-02 in a UTC desk whose business hours are Mon–Fri 09:00–17:00.
const NOW = '2026-06-02T10:00:00Z';
const DAY_MS = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse('2026-06-02T00:00:00Z') - days * DAY_MS).toISOString().slice(0, 10);
const isWeekday = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

interface Figures {
  contacts: number;
  required: number;
  scheduled: number;
  gap: number;
  staffing: string;
}
interface Interval extends Figures {
  at: string;
  day: string;
  hour: number;
  byChannel: Array<Figures & { channel: string }>;
}

eachDialectApp('WFM staffing API', (ctx: () => AppContext) => {
  let desk: Workspace;
  const tokens: Record<string, string> = {};
  const phoneTickets: string[] = [];
  let phoneAgent: Actor;

  const call = async (method: 'GET' | 'PATCH' | 'POST' | 'PUT', url: string, payload?: object, role = 'supervisor') => {
    const response = await ctx().app.inject({ method, url, headers: bearer(tokens[role]), ...(payload === undefined ? {} : { payload }) });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.json() };
  };
  const drain = () => createMetricsProjector({ db: ctx().database.handle.db, clock: ctx().clock }).drain();
  const hourOf = (intervals: Interval[], hour: number) => intervals.find((interval) => interval.hour === hour) as Interval;

  beforeAll(async () => {
    const { services, clock, database } = ctx();
    clock.set(NOW);
    desk = await make.workspace(services);
    for (const role of ['admin', 'supervisor', 'agent', 'read-only'] as const) tokens[role] = (await make.token(services, desk, role)).token;
    // Eight weeks of history: 60 calls at 10:00 and 4 emails an hour 09:00–17:00 on weekdays.
    const rows = [];
    for (let days = 1; days <= 56; days++) {
      const day = daysBefore(days);
      if (!isWeekday(day)) continue;
      rows.push({ workspace_id: desk.id, day, hour: 10, channel: 'phone', created: 60 });
      for (let hour = 9; hour < 17; hour++) rows.push({ workspace_id: desk.id, day, hour, channel: 'email', created: 4 });
    }
    await database.handle.db.insertInto('metric_volume').values(rows).execute();
    // Real work last week: two calls solved with 240 s of handle time each (created at night, off the 10:00 forecast).
    const agent = await make.user(services, desk, 'agent');
    phoneAgent = agent.actor;
    clock.set(`${daysBefore(7)}T03:00:00Z`);
    for (let index = 0; index < 2; index++) {
      const ticket = await make.ticket(services, agent.actor, { channel: 'phone' });
      await services.messages.add(agent.actor, ticket.id, { text: 'Talked it through.', status: 'solved', timeSpentSeconds: 240 });
      phoneTickets.push(ticket.id);
    }
    clock.set(NOW);
    await drain();
  });

  it('sizes the phone hours by Erlang C with the handle time the desk measured', async () => {
    const { status, body } = await call('GET', '/api/v1/wfm/staffing?days=1&channel=phone');
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2026-06-02', to: '2026-06-02', timeZone: 'UTC' });
    expect(body.channels).toEqual([
      { channel: 'phone', method: 'erlang-c', ahtSeconds: 240, ahtSource: 'measured', ahtTickets: 2, occupancy: 0.55, firstResponseMinutes: null },
    ]);
    expect(body.intervals).toHaveLength(24);
    const ten = hourOf(body.intervals, 10);
    expect(ten.at).toBe('2026-06-02T10:00:00.000Z');
    expect(ten.contacts).toBeGreaterThan(59);
    const expected = agentsForServiceLevel({ contactsPerHour: ten.contacts, ahtSeconds: 240, targetPercent: 80, targetSeconds: 20, shrinkage: 0.3 });
    expect(ten.required).toBe(expected.scheduledAgents);
    expect(ten).toMatchObject({ scheduled: 0, gap: -expected.scheduledAgents, staffing: 'under' });
    expect(ten.byChannel).toEqual([{ channel: 'phone', contacts: ten.contacts, required: ten.required, scheduled: 0, gap: ten.gap, staffing: 'under' }]);
    expect(hourOf(body.intervals, 11)).toMatchObject({ required: 0, staffing: 'ok' });
    expect(body.summary).toMatchObject({ peakRequired: ten.required });
  });

  it('changes its numbers when the desk’s real handle time changes', async () => {
    const before = hourOf((await call('GET', '/api/v1/wfm/staffing?days=1&channel=phone')).body.intervals, 10);
    // One call took 8 more minutes: the tickets now average (720 + 240) ÷ 2 = 480 s.
    await ctx().services.messages.add(phoneAgent, phoneTickets[0], { text: 'Called back.', internal: true, timeSpentSeconds: 480 });
    await drain();
    const { body } = await call('GET', '/api/v1/wfm/staffing?days=1&channel=phone');
    expect(body.channels[0]).toMatchObject({ ahtSeconds: 480, ahtSource: 'measured', ahtTickets: 2 });
    const after = hourOf(body.intervals, 10);
    expect(after.contacts).toBe(before.contacts);
    expect(after.required).toBe(agentsForServiceLevel({ contactsPerHour: after.contacts, ahtSeconds: 480, targetPercent: 80, targetSeconds: 20, shrinkage: 0.3 }).scheduledAgents);
    expect(after.required).toBeGreaterThan(before.required);
  });

  it('plans email by the backlog model in business hours, with the default handle time until one is measured', async () => {
    const { body } = await call('GET', '/api/v1/wfm/staffing?days=1&channel=email');
    expect(body.channels).toEqual([
      { channel: 'email', method: 'backlog', ahtSeconds: 480, ahtSource: 'default', ahtTickets: 0, occupancy: 0.7, firstResponseMinutes: 240 },
    ]);
    const intervals: Interval[] = body.intervals;
    for (const interval of intervals) {
      if (interval.hour < 9 || interval.hour >= 17) expect(interval.required, `${interval.hour}:00`).toBe(0);
      else expect(interval.required, `${interval.hour}:00`).toBeGreaterThan(0);
    }
    // 4 emails an hour of 8 minutes, answered within 4 business hours: about the seeds' formula
    // (4 × 480 ÷ 3600 ÷ 0.7 = 0.76, ÷ (1 − 0.3) for shrinkage), never more.
    const workload = (4 * 480) / 3600 / 0.7 / 0.7;
    for (const interval of intervals.filter((each) => each.required > 0)) expect(interval.required).toBeLessThanOrEqual(workload + 1e-9);
  });

  it('counts the agents on shift against the required, and flags the buffer both ways', async () => {
    const { services } = ctx();
    const agents = await Promise.all([0, 1, 2].map(() => make.user(services, desk, 'agent')));
    const shift = await call('POST', '/api/v1/wfm/shifts', { name: 'Phones', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', channels: ['phone'] });
    expect(shift.status).toBe(201);
    const assigned = await call('PUT', `/api/v1/wfm/shifts/${shift.body.id}/weeks/2026-06-01/agents`, { userIds: agents.map((agent) => agent.user.id) });
    expect(assigned.status).toBe(200);
    const { body } = await call('GET', '/api/v1/wfm/staffing?days=1');
    const ten = hourOf(body.intervals, 10);
    const phone = ten.byChannel.find((figures) => figures.channel === 'phone') as Figures;
    expect(phone.scheduled).toBe(3);
    expect(phone.staffing).toBe('under');
    expect(ten.scheduled).toBe(3);
    expect(ten.required).toBeCloseTo(ten.byChannel.reduce((sum, figures) => sum + figures.required, 0), 9);
    // 11:00: three agents on the phones, no calls expected: over-staffed.
    expect(hourOf(body.intervals, 11).byChannel.find((figures) => figures.channel === 'phone')).toMatchObject({ scheduled: 3, required: 0, staffing: 'over' });
    expect(hourOf(body.intervals, 8)).toMatchObject({ scheduled: 0 });
    expect(body.summary.under).toBeGreaterThan(0);
    expect(body.summary.over).toBeGreaterThan(0);
  });

  it('keeps settings per workspace that supervisors change, and plans with them', async () => {
    const defaults = await call('GET', '/api/v1/wfm/settings');
    expect(defaults.status).toBe(200);
    expect(defaults.body).toMatchObject({ serviceLevel: { targetPercent: 80, targetSeconds: 20 }, maxOccupancy: null, shrinkage: 0.3, buffer: 0.15 });
    expect(defaults.body.channels.phone).toEqual({ method: 'erlang-c', occupancy: 0.55, firstResponseMinutes: 240, defaultAhtSeconds: 360 });
    expect(defaults.body.channels.chat.occupancy).toBe(0.7);

    const changed = await call('PATCH', '/api/v1/wfm/settings', { shrinkage: 0, channels: { phone: { method: 'workload' } } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ shrinkage: 0, buffer: 0.15, channels: { phone: { method: 'workload', occupancy: 0.55 } } });
    const ten = hourOf((await call('GET', '/api/v1/wfm/staffing?days=1&channel=phone')).body.intervals, 10);
    expect(ten.required).toBeCloseTo((ten.contacts * 480) / (3600 * 0.55), 9);
    expect((await call('PATCH', '/api/v1/wfm/settings', { shrinkage: 0.3, channels: { phone: { method: 'erlang-c' } } }, 'admin')).status).toBe(200);
    const audit = await ctx().database.handle.db.selectFrom('audit_log').select('action').where('workspace_id', '=', desk.id).where('action', '=', 'wfm.settings_changed').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses bad settings and bad queries as problems naming the field', async () => {
    for (const payload of [{ shrinkage: 1 }, { buffer: -0.1 }, { channels: { phone: { method: 'magic' } } }, { channels: { phone: { occupancy: 0 } } }, { serviceLevel: { targetPercent: 100 } }]) {
      const refused = await call('PATCH', '/api/v1/wfm/settings', payload);
      expect(refused.status, JSON.stringify(payload)).toBe(400);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ type: '/problems/validation', status: 400 });
    }
    for (const query of ['days=0', 'days=29', 'channel=fax']) {
      const refused = await call('GET', `/api/v1/wfm/staffing?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.type).toContain('application/problem+json');
    }
  });

  it('answers the Erlang C calculator with the CLI’s function and figures', async () => {
    const { status, body } = await call('GET', '/api/v1/wfm/erlang-c?contactsPerHour=100&ahtSeconds=240&targetPercent=80&targetSeconds=20');
    expect(status).toBe(200);
    // The documented output of `rapport wfm erlang-c` for the same flags (docs/staffing.md).
    expect(body).toEqual({
      agents: 10,
      serviceLevel: 0.8677602807199964,
      probabilityOfWaiting: 0.17458192373801312,
      averageSpeedOfAnswerSeconds: 12.569898509136946,
      occupancy: 0.6666666666666666,
      scheduledAgents: 10,
      trafficErlangs: 100 * 240 / 3600,
    });
    const shrunk = await call('GET', '/api/v1/wfm/erlang-c?contactsPerHour=100&ahtSeconds=240&targetPercent=80&targetSeconds=20&shrinkage=0.3&maxOccupancy=0.6');
    expect(shrunk.body).toMatchObject({ agents: 12, scheduledAgents: 18, occupancy: 0.5555555555555556 });
    for (const query of ['contactsPerHour=0&ahtSeconds=240&targetPercent=80&targetSeconds=20', 'contactsPerHour=100&ahtSeconds=240&targetPercent=100&targetSeconds=20', 'contactsPerHour=abc&ahtSeconds=240&targetPercent=80&targetSeconds=20', 'contactsPerHour=1e12&ahtSeconds=86400&targetPercent=80&targetSeconds=20']) {
      const refused = await call('GET', `/api/v1/wfm/erlang-c?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.type).toBe('/problems/validation');
    }
  });

  it('is for supervisors and admins only', async () => {
    for (const role of ['agent', 'read-only']) {
      for (const [method, url] of [['GET', '/api/v1/wfm/staffing'], ['GET', '/api/v1/wfm/settings'], ['PATCH', '/api/v1/wfm/settings'], ['GET', '/api/v1/wfm/erlang-c?contactsPerHour=1&ahtSeconds=1&targetPercent=80&targetSeconds=20']] as const) {
        const refused = await call(method, url, method === 'PATCH' ? { shrinkage: 0.1 } : undefined, role);
        expect(refused.status, `${method} ${url} as ${role}`).toBe(403);
        expect(refused.type).toContain('application/problem+json');
      }
    }
    expect((await call('GET', '/api/v1/wfm/staffing?days=1', undefined, 'admin')).status).toBe(200);
  });
});
