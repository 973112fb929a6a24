import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// Shifts, weekly assignments, absences and the schedule. Today is Tuesday 2026-06-02 (UTC desk);
// the week of 2026-06-01 is this week.
const NOW = '2026-06-02T10:00:00Z';
const WEEK = '2026-06-01';

interface ScheduledShift {
  id: string;
  name: string;
  agents: Array<{ userId: string; name: string; isSenior: boolean; skills: string[]; absentDays: string[] }>;
  byDay: Array<{ day: string; start: string; end: string; agents: number; seniors: number; hasTooFewSeniors: boolean }>;
  hasTooFewSeniors: boolean;
}

eachDialectApp('WFM shifts and schedule API', (ctx: () => AppContext) => {
  let desk: Workspace;
  const tokens: Record<string, string> = {};
  const people: Record<string, { id: string; token: string }> = {};
  let dayShift: string;

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, who = 'supervisor') => {
    const token = tokens[who] ?? people[who].token;
    const response = await ctx().app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
    return { status: response.statusCode, type: String(response.headers['content-type'] ?? ''), body: response.body ? response.json() : null };
  };
  const scheduleOf = async (week = WEEK) => (await call('GET', `/api/v1/wfm/schedule?week=${week}`)).body;
  const shiftIn = (schedule: { shifts: ScheduledShift[] }, id: string) => schedule.shifts.find((shift) => shift.id === id) as ScheduledShift;
  const assign = (shiftId: string, names: string[], week = WEEK, who = 'supervisor') =>
    call('PUT', `/api/v1/wfm/shifts/${shiftId}/weeks/${week}/agents`, { userIds: names.map((name) => people[name].id) }, who);

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set(NOW);
    desk = await make.workspace(services);
    for (const role of ['admin', 'supervisor', 'read-only'] as const) tokens[role] = (await make.token(services, desk, role)).token;
    for (const name of ['ana', 'ben', 'cat', 'dan', 'eve']) {
      const { user, token } = await make.token(services, desk, 'agent');
      people[name] = { id: user.id, token };
    }
    // Seniority is a user attribute, set by an admin.
    for (const name of ['ana', 'ben']) {
      const set = await call('PATCH', `/api/v1/users/${people[name].id}`, { isSenior: true }, 'admin');
      expect(set.status).toBe(200);
      expect(set.body.isSenior).toBe(true);
    }
    await services.routing.updateAgentState(desk.admin, people.ana.id, { skills: ['billing', 'german'] });
  });

  it('lets supervisors add shifts and refuses bad ones as problems', async () => {
    const created = await call('POST', '/api/v1/wfm/shifts', { name: 'Day', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', channels: ['email', 'phone'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Day', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', channels: ['email', 'phone'], minutes: 480 });
    dayShift = created.body.id;
    expect((await call('POST', '/api/v1/wfm/shifts', { name: 'Day', days: ['sat'], start: '09:00', end: '13:00', channels: ['chat'] })).status).toBe(409);
    for (const [payload, field] of [
      [{ name: 'Bad', days: ['mon'], start: '09:00', end: '09:00', channels: ['chat'] }, 'end'],
      [{ name: 'Bad', days: ['mon'], start: '9am', end: '17:00', channels: ['chat'] }, 'start'],
      [{ name: 'Bad', days: ['funday'], start: '09:00', end: '17:00', channels: ['chat'] }, 'days'],
      [{ name: 'Bad', days: [], start: '09:00', end: '17:00', channels: ['chat'] }, 'days'],
      [{ name: 'Bad', days: ['mon'], start: '09:00', end: '17:00', channels: ['fax'] }, 'channels'],
    ] as const) {
      const refused = await call('POST', '/api/v1/wfm/shifts', payload);
      expect(refused.status, JSON.stringify(payload)).toBe(400);
      expect(refused.type).toContain('application/problem+json');
      expect(JSON.stringify(refused.body.fields ?? {}) + refused.body.detail, JSON.stringify(payload)).toContain(field);
    }
    expect((await call('GET', '/api/v1/wfm/shifts')).body.items.map((shift: { name: string }) => shift.name)).toEqual(['Day']);
  });

  it('flags a shift with fewer than two seniors, day by day, absences included', async () => {
    expect((await assign(dayShift, ['ana', 'cat', 'dan'])).status).toBe(200);
    let shift = shiftIn(await scheduleOf(), dayShift);
    expect(shift.hasTooFewSeniors).toBe(true);
    expect(shift.byDay.map((day) => day.seniors)).toEqual([1, 1, 1, 1, 1]);
    expect(shift.agents[0]).toMatchObject({ name: expect.any(String), isSenior: true, skills: ['billing', 'german'] });

    expect((await assign(dayShift, ['ana', 'ben', 'cat', 'dan'])).status).toBe(200);
    let schedule = await scheduleOf();
    shift = shiftIn(schedule, dayShift);
    expect(shift.hasTooFewSeniors).toBe(false);
    expect(schedule.warnings.shiftsWithTooFewSeniors).toBe(0);
    expect(shift.byDay[0]).toEqual({ day: '2026-06-01', start: '2026-06-01T09:00:00.000Z', end: '2026-06-01T17:00:00.000Z', agents: 4, seniors: 2, hasTooFewSeniors: false });

    // Ben is away Wednesday and Thursday: those days have one senior.
    const away = await call('POST', '/api/v1/wfm/absences', { userId: people.ben.id, fromDay: '2026-06-03', toDay: '2026-06-04', reason: 'vacation' });
    expect(away.status).toBe(201);
    schedule = await scheduleOf();
    shift = shiftIn(schedule, dayShift);
    expect(shift.byDay.map((day) => [day.day, day.agents, day.hasTooFewSeniors])).toEqual([
      ['2026-06-01', 4, false],
      ['2026-06-02', 4, false],
      ['2026-06-03', 3, true],
      ['2026-06-04', 3, true],
      ['2026-06-05', 4, false],
    ]);
    expect(shift.agents.find((agent) => agent.userId === people.ben.id)?.absentDays).toEqual(['2026-06-03', '2026-06-04']);
    expect(schedule.warnings.shiftsWithTooFewSeniors).toBe(1);
  });

  it('shows scheduled against required per local hour, with the buffer flags, and nothing required outside the forecast', async () => {
    const schedule = await scheduleOf();
    expect(schedule.intervals).toHaveLength(7 * 24);
    const at = (day: string, hour: number) => schedule.intervals.find((interval: { day: string; hour: number }) => interval.day === day && interval.hour === hour);
    expect(at('2026-06-01', 10)).toMatchObject({ at: '2026-06-01T10:00:00.000Z', scheduled: 4, required: null, gap: null, staffing: null });
    // From today on the forecast applies: no history, so nothing is required and four agents are too many.
    expect(at('2026-06-02', 10)).toMatchObject({ scheduled: 4, required: 0, gap: 4, staffing: 'over' });
    expect(at('2026-06-03', 10)).toMatchObject({ scheduled: 3 });
    expect(at('2026-06-02', 8)).toMatchObject({ scheduled: 0, required: 0, staffing: 'ok' });
    expect(schedule.warnings.overstaffedIntervals).toBe(4 * 8);
    const later = await scheduleOf('2026-08-03');
    expect(later.intervals.every((interval: { required: null }) => interval.required === null)).toBe(true);
    expect(later.shifts.every((shift: ScheduledShift) => shift.agents.length === 0 && shift.hasTooFewSeniors)).toBe(true);
  });

  it('never puts an agent on two shifts at once, across the end of a week too', async () => {
    const late = await call('POST', '/api/v1/wfm/shifts', { name: 'Late', days: ['mon'], start: '16:00', end: '20:00', channels: ['chat'] });
    const clash = await assign(late.body.id, ['cat']);
    expect(clash.status).toBe(409);
    expect(clash.type).toContain('application/problem+json');
    expect(clash.body.detail).toContain('at once');
    expect((await assign(late.body.id, ['eve'])).status).toBe(200);

    const night = await call('POST', '/api/v1/wfm/shifts', { name: 'Sunday night', days: ['sun'], start: '22:00', end: '06:00', channels: ['phone'] });
    const early = await call('POST', '/api/v1/wfm/shifts', { name: 'Early Monday', days: ['mon'], start: '05:00', end: '09:00', channels: ['phone'] });
    expect((await assign(night.body.id, ['eve'])).status).toBe(200);
    expect((await assign(early.body.id, ['eve'], '2026-06-08')).status).toBe(409);
    // New times are checked against the agents already on the shift: Eve alone is on the late one.
    expect((await call('PATCH', `/api/v1/wfm/shifts/${late.body.id}`, { start: '10:00' })).status).toBe(200);
    expect((await assign(late.body.id, ['eve', 'cat'])).status).toBe(409);
    const moved = await call('PATCH', `/api/v1/wfm/shifts/${night.body.id}`, { days: ['mon'], start: '19:00' });
    expect(moved.status).toBe(409);
    expect(moved.body.fields).toEqual({ userIds: 'on two shifts at once' });
    expect((await call('DELETE', `/api/v1/wfm/shifts/${early.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/wfm/shifts/${early.body.id}`)).status).toBe(404);
  });

  it('refuses assignments of a bad week or of someone who takes no tickets', async () => {
    const notMonday = await assign(dayShift, ['ana'], '2026-06-02');
    expect(notMonday.status).toBe(400);
    expect(notMonday.body.fields).toEqual({ week: 'not a Monday' });
    expect((await call('PUT', `/api/v1/wfm/shifts/${dayShift}/weeks/2026-6-1/agents`, { userIds: [] })).status).toBe(400);
    const readOnlyUser = (await ctx().services.users.list(desk.admin)).find((user) => user.role === 'read-only');
    const refused = await call('PUT', `/api/v1/wfm/shifts/${dayShift}/weeks/${WEEK}/agents`, { userIds: [readOnlyUser?.id] });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields)).toEqual(['userIds']);
    expect((await call('PUT', `/api/v1/wfm/shifts/no-such-shift/weeks/${WEEK}/agents`, { userIds: [] })).status).toBe(404);
    expect((await call('GET', '/api/v1/wfm/schedule?week=2026-06-03')).status).toBe(400);
    expect((await call('GET', '/api/v1/wfm/schedule')).status).toBe(400);
  });

  it('shows agents their own shifts, with whom and when they are away', async () => {
    const mine = await call('GET', '/api/v1/wfm/my-shifts?weeks=1', undefined, 'ben');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ timeZone: 'UTC', from: WEEK, weeks: 1 });
    expect(mine.body.shifts.map((shift: { day: string; absent: boolean }) => [shift.day, shift.absent])).toEqual([
      ['2026-06-01', false],
      ['2026-06-02', false],
      ['2026-06-03', true],
      ['2026-06-04', true],
      ['2026-06-05', false],
    ]);
    expect(mine.body.shifts[0]).toMatchObject({ name: 'Day', localStart: '09:00', localEnd: '17:00', channels: ['email', 'phone'], start: '2026-06-01T09:00:00.000Z' });
    expect(mine.body.shifts[0].colleagues).toHaveLength(3);
    expect(mine.body.shifts[2].colleagues).toHaveLength(3);
    const eves = (await call('GET', '/api/v1/wfm/my-shifts?weeks=2', undefined, 'eve')).body.shifts;
    expect(eves.map((shift: { name: string; day: string }) => `${shift.name} ${shift.day}`)).toEqual(['Late 2026-06-01', 'Sunday night 2026-06-07']);
    expect((await call('GET', '/api/v1/wfm/my-shifts?from=2026-06-02', undefined, 'eve')).status).toBe(400);
    expect((await call('GET', '/api/v1/wfm/my-shifts', undefined, 'supervisor')).body.shifts).toEqual([]);
  });

  it('lists absences a page at a time, per agent too', async () => {
    await call('POST', '/api/v1/wfm/absences', { userId: people.cat.id, fromDay: '2026-06-10', toDay: '2026-06-10', reason: 'training', note: 'Product course' });
    await call('POST', '/api/v1/wfm/absences', { userId: people.dan.id, fromDay: '2026-05-01', toDay: '2026-05-02', reason: 'sick' });
    const first = await call('GET', '/api/v1/wfm/absences?from=2026-06-01&limit=1');
    expect(first.body.items).toMatchObject([{ userId: people.ben.id, fromDay: '2026-06-03', toDay: '2026-06-04', reason: 'vacation', note: null }]);
    const second = await call('GET', `/api/v1/wfm/absences?from=2026-06-01&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ userId: people.cat.id, reason: 'training', note: 'Product course' }], nextCursor: null });
    expect((await call('GET', `/api/v1/wfm/absences?userId=${people.dan.id}`)).body.items).toHaveLength(1);
    for (const [payload, field] of [
      [{ userId: people.cat.id, fromDay: '2026-06-10', toDay: '2026-06-09', reason: 'vacation' }, 'toDay'],
      [{ userId: people.cat.id, fromDay: '2026-02-30', toDay: '2026-03-01', reason: 'vacation' }, 'fromDay'],
      [{ userId: 'nobody', fromDay: '2026-06-10', toDay: '2026-06-10', reason: 'vacation' }, 'userId'],
      [{ userId: people.cat.id, fromDay: '2026-06-10', toDay: '2027-06-11', reason: 'vacation' }, 'toDay'],
    ] as const) {
      const refused = await call('POST', '/api/v1/wfm/absences', payload);
      expect(refused.status, JSON.stringify(payload)).toBe(400);
      expect(Object.keys(refused.body.fields), JSON.stringify(payload)).toEqual([field]);
    }
    const removed = await call('DELETE', `/api/v1/wfm/absences/${second.body.items[0].id}`);
    expect(removed.status).toBe(204);
  });

  it('lets only supervisors and admins plan; agents see their own shifts; read-only staff neither', async () => {
    const planning = [
      ['GET', '/api/v1/wfm/shifts'],
      ['POST', '/api/v1/wfm/shifts', { name: 'Sneaky', days: ['mon'], start: '09:00', end: '10:00', channels: ['chat'] }],
      ['PATCH', `/api/v1/wfm/shifts/${dayShift}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/wfm/shifts/${dayShift}`],
      ['PUT', `/api/v1/wfm/shifts/${dayShift}/weeks/${WEEK}/agents`, { userIds: [] }],
      ['GET', `/api/v1/wfm/schedule?week=${WEEK}`],
      ['GET', '/api/v1/wfm/absences'],
      ['POST', '/api/v1/wfm/absences', { userId: people.ana.id, fromDay: '2026-06-10', toDay: '2026-06-10', reason: 'other' }],
      ['DELETE', '/api/v1/wfm/absences/any'],
    ] as const;
    for (const who of ['ana', 'read-only']) {
      for (const [method, url, payload] of planning) {
        const refused = await call(method, url, payload, who);
        expect(refused.status, `${method} ${url} as ${who}`).toBe(403);
        expect(refused.type).toContain('application/problem+json');
      }
    }
    expect((await call('GET', '/api/v1/wfm/my-shifts', undefined, 'read-only')).status).toBe(403);
    expect((await call('GET', '/api/v1/wfm/my-shifts', undefined, 'ana')).status).toBe(200);
    expect((await call('GET', `/api/v1/wfm/schedule?week=${WEEK}`, undefined, 'admin')).status).toBe(200);
    // Seniority is an admin's to set.
    expect((await call('PATCH', `/api/v1/users/${people.cat.id}`, { isSenior: true }, 'supervisor')).status).toBe(403);
    // Nothing changed by the refused calls.
    expect(shiftIn(await scheduleOf(), dayShift).agents).toHaveLength(4);
  });
});
