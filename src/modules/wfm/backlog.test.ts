import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBusinessTime } from '../sla/business-hours.ts';
import { parseCalendar } from '../sla/calendar.ts';
import { type BacklogInput, type BacklogInterval, backlogAgents } from './backlog.ts';
import { requiredAgents } from './staffing.ts';

const HOUR = 3_600_000;
// Monday 2026-06-01 00:00 UTC.
const MONDAY = Date.parse('2026-06-01T00:00:00Z');
const ALWAYS = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
const OFFICE = parseCalendar({
  timezone: 'UTC',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
});

const hourly = (arrivals: number[], from = MONDAY): BacklogInterval[] =>
  arrivals.map((tickets, index) => ({ start: from + index * HOUR, end: from + (index + 1) * HOUR, arrivals: tickets }));

const peakOf = (agents: number[]) => Math.max(0, ...agents);
const sumOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

describe('backlogAgents', () => {
  it('needs the seeds’ formula (a hair less) for steady arrivals around the clock', () => {
    // 12 tickets an hour of 300 s at 75 %: 12 × 300 ÷ (3600 × 0.75) = 4/3 agents by the workload formula.
    const plan = backlogAgents({ calendar: ALWAYS, intervals: hourly(Array(48).fill(12)), ahtSeconds: 300, firstResponseMinutes: 240, occupancy: 0.75 });
    const workload = requiredAgents({ contactsPerHour: 12, ahtSeconds: 300, occupancy: 0.75 }).agents;
    // The last 4 hours' tickets are due after the horizon, so the 48 hours carry 45 hours of work.
    for (const agents of plan.agents) expect(agents).toBeCloseTo((workload * 45) / 48, 12);
    expect(plan.dueAfterHorizon).toBeCloseTo(36, 12);
    expect(plan.businessMinutes).toEqual(Array(48).fill(60));
  });

  it('answers the night’s email in the first four business hours of the morning, and staffs nobody while closed', () => {
    // Monday 00:00–Tuesday 24:00; 4 tickets every hour of the day and night, 360 s each, at 100 %.
    const plan = backlogAgents({ calendar: OFFICE, intervals: hourly(Array(48).fill(4)), ahtSeconds: 360, firstResponseMinutes: 240, occupancy: 1 });
    const monday = plan.agents.slice(0, 24);
    expect(monday.slice(0, 9).every((agents) => agents === 0)).toBe(true);
    expect(monday.slice(17).every((agents) => agents === 0)).toBe(true);
    // Monday 09:00: 36 tickets from the night, due by 13:00, and 4 an hour after them.
    // The densest window is 09:00–13:00: the night's 36 and the 09:00 hour's 4 tickets, 40 × 0.1 h ÷ 4 h.
    for (const agents of monday.slice(9, 13)) expect(agents).toBeCloseTo(1, 12);
    // Tuesday 09:00–13:00 is denser still (the 68 tickets of the evening, the night and 09:00): 1.7 agents.
    // That leaves Monday 13:00–17:00 every ticket of 10:00–17:00 (28), those due Tuesday morning too.
    for (const agents of monday.slice(13, 17)) expect(agents).toBeCloseTo(0.7, 12);
    for (const agents of plan.agents.slice(33, 37)) expect(agents).toBeCloseTo(1.7, 12);
    // Tuesday afternoon: the tickets of 10:00–13:00; those of 13:00 on are due after the horizon.
    for (const agents of plan.agents.slice(37, 41)) expect(agents).toBeCloseTo(0.4, 12);
    expect(plan.dueAfterHorizon).toBeCloseTo(12 + 28, 12);
    expect(plan.businessMinutes.slice(9, 17)).toEqual(Array(8).fill(60));
    expect(plan.businessMinutes[8]).toBe(0);
  });

  it('answers within the interval when the target is shorter than it, with the closed hours’ tickets at the opening', () => {
    const arrivals = Array(24).fill(0);
    arrivals[3] = 5; // at night: waits for 09:00
    arrivals[10] = 2;
    arrivals[20] = 7; // after closing: waits for Tuesday, beyond the horizon
    const plan = backlogAgents({ calendar: OFFICE, intervals: hourly(arrivals), ahtSeconds: 720, firstResponseMinutes: 30, occupancy: 0.5 });
    expect(plan.agents[9]).toBeCloseTo(2, 12); // 5 × 0.2 h ÷ 0.5
    expect(plan.agents[10]).toBeCloseTo(0.8, 12);
    expect(sumOf(plan.agents)).toBeCloseTo(2.8, 12);
    expect(plan.dueAfterHorizon).toBe(7);
  });

  it('counts only business time in an interval the calendar opens or closes in', () => {
    const calendar = parseCalendar({ timezone: 'UTC', hours: { mon: [['09:30', '12:15']] } });
    const arrivals = Array(24).fill(0);
    arrivals[12] = 4; // 12:00–13:00: a quarter of them before the close at 12:15
    const plan = backlogAgents({ calendar, intervals: hourly(arrivals), ahtSeconds: 60, firstResponseMinutes: 1, occupancy: 1 });
    expect(plan.businessMinutes.slice(9, 13)).toEqual([30, 60, 60, 15]);
    // One ticket at 12:00 is due within the 15 minutes; three come after closing and wait for next Monday.
    expect(plan.agents[12]).toBeCloseTo(1 / 15, 12);
    expect(plan.dueAfterHorizon).toBeCloseTo(3, 12);
  });

  it('refuses inputs it cannot plan', () => {
    const base: BacklogInput = { calendar: ALWAYS, intervals: hourly([1]), ahtSeconds: 60, firstResponseMinutes: 240, occupancy: 0.7 };
    expect(() => backlogAgents({ ...base, ahtSeconds: 0 })).toThrow(/ahtSeconds/);
    expect(() => backlogAgents({ ...base, firstResponseMinutes: 0 })).toThrow(/firstResponseMinutes/);
    expect(() => backlogAgents({ ...base, occupancy: 1.5 })).toThrow(/occupancy/);
    expect(() => backlogAgents({ ...base, intervals: [{ start: 0, end: HOUR, arrivals: 1 }, { start: 2 * HOUR, end: 3 * HOUR, arrivals: 1 }] })).toThrow(/start where/);
    expect(() => backlogAgents({ ...base, intervals: hourly([-1]) })).toThrow(/below 0/);
    expect(backlogAgents({ ...base, intervals: [] })).toEqual({ agents: [], businessMinutes: [], dueAfterHorizon: 0 });
  });

  it('plans 28 days around the clock quickly enough for a request', () => {
    const arrivals = Array.from({ length: 28 * 24 }, (_, index) => 10 + 8 * Math.sin(index / 3.8) + (index % 7));
    const plan = backlogAgents({ calendar: ALWAYS, intervals: hourly(arrivals), ahtSeconds: 420, firstResponseMinutes: 240, occupancy: 0.7 });
    expect(plan.agents).toHaveLength(672);
  });
});

// Random desks: a calendar, a day or three of hourly arrivals (some at night), a target, AHT and occupancy.
const calendars = fc.constantFrom(ALWAYS, OFFICE, parseCalendar({ timezone: 'Europe/Berlin', hours: { mon: [['08:30', '12:00'], ['13:00', '18:45']], tue: [['10:00', '14:00']], sat: [['09:00', '10:30']] } }));
const desk = fc.record({
  calendar: calendars,
  arrivals: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 25, noNaN: true })), { minLength: 1, maxLength: 72 }),
  ahtSeconds: fc.integer({ min: 30, max: 1800 }),
  firstResponseMinutes: fc.integer({ min: 1, max: 1200 }),
  occupancy: fc.double({ min: 0.3, max: 1, noNaN: true }),
});
const inputOf = (d: { calendar: BacklogInput['calendar']; arrivals: number[]; ahtSeconds: number; firstResponseMinutes: number; occupancy: number }): BacklogInput => ({
  calendar: d.calendar,
  intervals: hourly(d.arrivals),
  ahtSeconds: d.ahtSeconds,
  firstResponseMinutes: d.firstResponseMinutes,
  occupancy: d.occupancy,
});
// Float sums taken in different orders differ in the last digits.
const atMost = (a: number, b: number) => a <= b + 1e-9 * Math.max(1, Math.abs(b));

describe('backlogAgents properties', () => {
  it('more tickets never need fewer agents, in any interval', () => {
    fc.assert(
      fc.property(desk, fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 72, maxLength: 72 }), (d, extra) => {
        const more = { ...d, arrivals: d.arrivals.map((tickets, index) => tickets + extra[index]) };
        const before = backlogAgents(inputOf(d)).agents;
        const after = backlogAgents(inputOf(more)).agents;
        before.forEach((agents, index) => {
          expect(atMost(agents, after[index]), `interval ${index}: ${agents} → ${after[index]}`).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a longer target never needs more agents at the peak, nor more agent-hours', () => {
    fc.assert(
      fc.property(desk, fc.integer({ min: 0, max: 600 }), (d, longer) => {
        const before = backlogAgents(inputOf(d));
        const after = backlogAgents(inputOf({ ...d, firstResponseMinutes: d.firstResponseMinutes + longer }));
        expect(atMost(peakOf(after.agents), peakOf(before.agents))).toBe(true);
        const hoursOf = (plan: typeof before) => sumOf(plan.agents.map((agents, index) => (agents * plan.businessMinutes[index]) / 60));
        expect(atMost(hoursOf(after), hoursOf(before))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('answers every ticket in time when staffed as planned (earliest due first)', () => {
    fc.assert(
      fc.property(desk, (d) => {
        const input = inputOf(d);
        const plan = backlogAgents(input);
        expect(lateWork(input, plan.agents)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('has the lowest peak any in-time plan can have', () => {
    fc.assert(
      fc.property(desk, (d) => {
        const input = inputOf(d);
        const peak = peakOf(backlogAgents(input).agents);
        // A flat staffing a little under the peak, in every business interval, leaves work late.
        if (peak > 1e-6) expect(lateWork(input, input.intervals.map(() => peak * 0.999))).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('never needs more than the seeds’ formula for steady arrivals', () => {
    fc.assert(
      fc.property(desk, fc.double({ min: 0.1, max: 50, noNaN: true }), (d, perHour) => {
        const input = inputOf({ ...d, arrivals: d.arrivals.map(() => perHour) });
        const workload = requiredAgents({ contactsPerHour: perHour, ahtSeconds: d.ahtSeconds, occupancy: d.occupancy }).agents;
        for (const agents of backlogAgents({ ...input, calendar: ALWAYS }).agents) expect(atMost(agents, workload)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * Work (agent-milliseconds) still undone at its due edge when `agents` staff each interval's business
 * time, working the earliest-due tickets first: the model's own timing (tickets released at edges,
 * due at the last edge within the target), simulated independently of the planning code.
 */
function lateWork(input: BacklogInput, agents: number[]): number {
  const plan = backlogAgents(input);
  const slots = plan.businessMinutes.map((minutes, interval) => ({ interval, ms: minutes * 60_000 })).filter((slot) => slot.ms > 0);
  const edges = [0];
  for (const slot of slots) edges.push(edges[edges.length - 1] + slot.ms);
  // Releases: replay the model's rule through business periods at one-minute resolution.
  const released = releasesByEdge(input, slots.map((slot) => slot.interval));
  const target = input.firstResponseMinutes * 60_000;
  const queue: Array<{ due: number; work: number }> = [];
  let late = 0;
  for (let k = 0; k < slots.length; k++) {
    if (released[k] > 0 && edges[k] + target <= edges[slots.length]) {
      let due = k + 1;
      while (due < slots.length && edges[due + 1] <= edges[k] + target) due++;
      queue.push({ due, work: released[k] * input.ahtSeconds * 1000 });
    }
    queue.sort((a, b) => a.due - b.due);
    let capacity = agents[slots[k].interval] * input.occupancy * slots[k].ms;
    for (const job of queue) {
      const done = Math.min(capacity, job.work);
      job.work -= done;
      capacity -= done;
    }
    for (const job of queue) if (job.due === k + 1 && job.work > 1e-9 * input.ahtSeconds * 1000) late += job.work;
    for (let index = queue.length - 1; index >= 0; index--) if (queue[index].due <= k + 1) queue.splice(index, 1);
  }
  return late;
}

/** Tickets released at each business edge, found by sampling each interval's minutes against the calendar. */
function releasesByEdge(input: BacklogInput, businessIntervals: number[]): number[] {
  const released = new Array<number>(businessIntervals.length + 1).fill(0);
  let edge = 0;
  input.intervals.forEach((interval, index) => {
    const minutes = Math.round((interval.end - interval.start) / 60_000);
    const isBusiness = businessIntervals[edge] === index;
    if (!isBusiness) {
      released[edge] += interval.arrivals;
      return;
    }
    // The quarter hours after the interval's last open one wait for the next edge (the calendars open and close on quarters).
    let lastOpen = -1;
    for (let quarter = 0; quarter < minutes / 15; quarter++) if (isBusinessTime(input.calendar, new Date(interval.start + quarter * 900_000))) lastOpen = quarter;
    const late = (interval.arrivals * (minutes - 15 * (lastOpen + 1))) / minutes;
    released[edge] += interval.arrivals - late;
    released[edge + 1] += late;
    edge++;
  });
  return released;
}
