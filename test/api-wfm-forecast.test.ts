import { beforeAll, expect, it } from 'vitest';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// The forecast reads the hourly volume rows the metrics projector keeps, and the holidays of the
// workspace's "Business hours" calendar. Today is Tuesday 2026-06-02.
const NOW = '2026-06-02T10:00:00Z';
const DAY_MS = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse('2026-06-02T00:00:00Z') - days * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const isWeekday = (day: string) => weekdayOf(day) >= 1 && weekdayOf(day) <= 5;

interface Hour {
  at: string;
  day: string;
  weekday: string;
  hour: number;
  contacts: number;
}

eachDialectApp('WFM forecast API', (ctx: () => AppContext) => {
  let berlin: Workspace;
  let berlinSupervisor: string;
  let desk: Workspace;
  let supervisor: string;
  let agent: string;

  const get = async (url: string, token = supervisor) => {
    const response = await ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.json() };
  };
  const hourOf = (hours: Hour[], day: string, hour: number) => {
    const found = hours.find((h) => h.day === day && h.hour === hour);
    if (!found) throw new Error(`no forecast for ${day} ${hour}:00`);
    return found;
  };

  beforeAll(async () => {
    const { services, clock, database } = ctx();
    clock.set(NOW);

    // Through the services: one chat ticket every Monday at 09:30 Berlin time for the last 8 weeks.
    berlin = await make.workspace(services);
    await services.workspace.update(berlin.admin, { timezone: 'Europe/Berlin' });
    berlinSupervisor = (await make.token(services, berlin, 'supervisor')).token;
    const berlinAgent = await make.token(services, berlin, 'agent');
    for (let week = 1; week <= 8; week++) {
      clock.set(`${daysBefore(7 * week - 6)}T07:30:00Z`);
      await make.ticket(services, berlinAgent.actor, { channel: 'chat' });
    }
    clock.set(NOW);
    await createMetricsProjector({ db: database.handle.db, clock }).drain();

    // Rows written directly (UTC desk): email at 10:00 on weekdays, 6 a day in weeks 5–12 before
    // today and 9 in the last 4; Wednesday 2026-05-20 was a holiday (no rows), 2026-06-10 will be one.
    desk = await make.workspace(services);
    supervisor = (await make.token(services, desk, 'supervisor')).token;
    agent = (await make.token(services, desk, 'agent')).token;
    const rows = [];
    for (let days = 1; days <= 84; days++) {
      const day = daysBefore(days);
      if (isWeekday(day) && day !== '2026-05-20') rows.push({ workspace_id: desk.id, day, hour: 10, channel: 'email', created: days <= 28 ? 9 : 6 });
    }
    await database.handle.db.insertInto('metric_volume').values(rows).execute();
    const calendars = await services.sla.listCalendars(desk.admin);
    const business = calendars.find((calendar) => calendar.name === 'Business hours');
    if (!business) throw new Error('no Business hours calendar');
    await services.sla.updateCalendar(desk.admin, business.id, { definition: { ...business.definition, holidays: ['2026-05-20', '2026-06-10'] } });
  });

  it('forecasts tickets created through the desk, at the instants of the local hours', async () => {
    const { status, body } = await get('/api/v1/wfm/forecast', berlinSupervisor);
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2026-06-02', to: '2026-06-29', timeZone: 'Europe/Berlin', method: { name: 'weighted-weekday-hour', weeks: 8 } });
    expect(body.byChannel).toHaveLength(1);
    const [chat] = body.byChannel;
    expect(chat).toMatchObject({ channel: 'chat', trend: 1, total: 4, accuracy: { mape: 0, bias: 0 } });
    expect(chat.hours).toHaveLength(28 * 24);
    expect(hourOf(chat.hours, '2026-06-08', 9)).toEqual({ at: '2026-06-08T07:00:00.000Z', day: '2026-06-08', weekday: 'mon', hour: 9, contacts: 1 });
    expect(chat.hours[0]).toEqual({ at: '2026-06-01T22:00:00.000Z', day: '2026-06-02', weekday: 'tue', hour: 0, contacts: 0 });
  });

  it('weights recent weeks, applies the trend, closes holidays and skips past ones', async () => {
    const { status, body } = await get('/api/v1/wfm/forecast?channel=email');
    expect(status).toBe(200);
    const [email] = body.byChannel;
    // Weekdays but not 2026-05-20 against the same weekday 4 weeks before: 171 ÷ 114.
    expect(email.trend).toBe(1.5);
    // Tuesday 10:00: weights 8+7+6+5 on 9 contacts, 4+3+2+1 on 6, times the trend.
    expect(hourOf(email.hours, '2026-06-02', 10).contacts).toBeCloseTo(((26 * 9 + 10 * 6) / 36) * 1.5, 10);
    expect(hourOf(email.hours, '2026-06-02', 10).at).toBe('2026-06-02T10:00:00.000Z');
    // Wednesday 10:00: the holiday of 2026-05-20 (weight 7) is left out, not counted as 0.
    const wednesday = ((19 * 9 + 10 * 6) / 29) * 1.5;
    expect(hourOf(email.hours, '2026-06-03', 10).contacts).toBeCloseTo(wednesday, 10);
    expect(hourOf(email.hours, '2026-06-10', 10).contacts).toBe(0);
    expect(hourOf(email.hours, '2026-06-17', 10).contacts).toBeCloseTo(wednesday, 10);
    expect(hourOf(email.hours, '2026-06-06', 10).contacts).toBe(0);
    expect(hourOf(email.hours, '2026-06-02', 11).contacts).toBe(0);
    // 20 weekdays in the four weeks: 3 Wednesdays open, 16 other days.
    expect(email.total).toBeCloseTo(16 * 12.25 + 3 * wednesday, 9);
  });

  it('reports its accuracy on the last four weeks held back', async () => {
    const [email] = (await get('/api/v1/wfm/forecast?channel=email')).body.byChannel;
    // From the history before, every weekday forecast 6 where 9 came: off by a third, too low.
    expect(email.accuracy.mape).toBeCloseTo(1 / 3, 12);
    expect(email.accuracy.bias).toBeCloseTo(-1 / 3, 12);
    const phone = (await get('/api/v1/wfm/forecast?channel=phone')).body.byChannel;
    expect(phone).toMatchObject([{ channel: 'phone', trend: 1, total: 0, accuracy: { mape: null, bias: null } }]);
    expect((await get('/api/v1/wfm/forecast')).body.byChannel.map((row: { channel: string }) => row.channel)).toEqual(['email']);
  });

  it('is for supervisors and admins, and refuses a bad channel as a problem', async () => {
    const refused = await get('/api/v1/wfm/forecast', agent);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
    const bad = await get('/api/v1/wfm/forecast?channel=fax');
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ type: '/problems/validation', status: 400 });
    expect((await get('/api/v1/wfm/forecast?weeks=0')).status).toBe(400);
  });
});
