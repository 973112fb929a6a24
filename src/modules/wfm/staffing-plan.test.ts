import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../sla/calendar.ts';
import { agentsForServiceLevel } from './erlang-c.ts';
import { type ChannelDemand, planStaffing, requiredByMethod, type StaffingPlanInput, staffingOf } from './staffing-plan.ts';
import { requiredAgents } from './staffing.ts';

const HOUR = 3_600_000;
const ALWAYS = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
const intervals = (count: number) => Array.from({ length: count }, (_, index) => ({ start: index * HOUR, end: (index + 1) * HOUR }));
const settings = { serviceLevel: { targetPercent: 80, targetSeconds: 20 }, maxOccupancy: null, shrinkage: 0.3, buffer: 0.15 };
const demand = (channel: string, method: ChannelDemand['method'], contacts: number[], ahtSeconds = 300): ChannelDemand => ({
  channel,
  method,
  contacts,
  ahtSeconds,
  occupancy: 0.7,
  firstResponseMinutes: 240,
});
const base = (count: number): Omit<StaffingPlanInput, 'demands' | 'shifts'> => ({ intervals: intervals(count), settings, calendar: ALWAYS });

describe('staffingOf', () => {
  it('flags scheduled agents beyond the buffer either way, and nothing at its edges', () => {
    expect(staffingOf(10, 8.5, 0.15)).toBe('ok');
    expect(staffingOf(10, 8.49, 0.15)).toBe('under');
    expect(staffingOf(10, 11.5, 0.15)).toBe('ok');
    expect(staffingOf(10, 11.51, 0.15)).toBe('over');
    expect(staffingOf(0, 0, 0.15)).toBe('ok');
    expect(staffingOf(0, 1, 0.15)).toBe('over');
    expect(staffingOf(0.3, 0, 0.15)).toBe('under');
  });
});

describe('requiredByMethod', () => {
  it('uses the CLI’s Erlang C for a service-level channel, scheduled agents after shrinkage', () => {
    const required = requiredByMethod(demand('phone', 'erlang-c', [100, 0, 12.5], 240), base(3));
    const plan = agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 240, targetPercent: 80, targetSeconds: 20, shrinkage: 0.3 });
    expect(required[0]).toBe(plan.scheduledAgents);
    expect(required[0]).toBe(15); // 10 on the line (the CLI's example) ÷ 0.7
    expect(required[1]).toBe(0);
    expect(Number.isInteger(required[2])).toBe(true);
  });

  it('uses the seeds’ formula for a workload channel, over shrinkage and not rounded', () => {
    const [required] = requiredByMethod(demand('social', 'workload', [70], 360), base(1));
    expect(required).toBeCloseTo(requiredAgents({ contactsPerHour: 70, ahtSeconds: 360, occupancy: 0.7 }).agents / 0.7, 12);
  });

  it('turns an interval’s contacts into a rate per hour: a repeated hour lasts two', () => {
    const [required] = requiredByMethod(demand('social', 'workload', [140], 360), { ...base(1), intervals: [{ start: 0, end: 2 * HOUR }] });
    expect(required).toBeCloseTo(requiredAgents({ contactsPerHour: 70, ahtSeconds: 360, occupancy: 0.7 }).agents / 0.7, 12);
    expect(requiredByMethod(demand('phone', 'erlang-c', [5]), { ...base(1), intervals: [{ start: 0, end: 0 }] })).toEqual([0]);
  });

  const contacts = fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 1, maxLength: 24 });
  it('never requires fewer agents for more contacts, by any method', () => {
    fc.assert(
      fc.property(fc.constantFrom('erlang-c' as const, 'workload' as const, 'backlog' as const), contacts, fc.double({ min: 0, max: 50, noNaN: true }), (method, volumes, extra) => {
        const input = base(volumes.length);
        const before = requiredByMethod(demand('email', method, volumes), input);
        const after = requiredByMethod(demand('email', method, volumes.map((count) => count + extra)), input);
        before.forEach((agents, index) => {
          expect(agents).toBeLessThanOrEqual(after[index] + 1e-9 * Math.max(1, after[index]));
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('planStaffing', () => {
  it('shares a blended shift’s agents by what each channel requires, and counts them once in the total', () => {
    const plan = planStaffing({
      ...base(2),
      demands: [demand('phone', 'workload', [100, 0], 252), demand('chat', 'workload', [25, 0], 252)],
      // 6 agents on both channels for the first hour and a half.
      shifts: [{ start: 0, end: 1.5 * HOUR, channels: ['phone', 'chat'], agents: 6 }],
    });
    const [first, second] = plan;
    // phone: 100 × 252 ÷ 3600 ÷ 0.7 ÷ 0.7 = 14.29 required; chat a quarter of that.
    expect(first.byChannel.map((figures) => figures.channel)).toEqual(['phone', 'chat']);
    expect(first.byChannel[0].scheduled).toBeCloseTo(4.8, 12);
    expect(first.byChannel[1].scheduled).toBeCloseTo(1.2, 12);
    expect(first.scheduled).toBe(6);
    expect(first.required).toBeCloseTo(first.byChannel[0].required + first.byChannel[1].required, 12);
    expect(first.gap).toBeCloseTo(6 - first.required, 12);
    expect(first.staffing).toBe('under');
    // Nothing required in the second hour: the half hour of 6 agents is split evenly, and flagged as too many.
    expect(second.byChannel.map((figures) => figures.scheduled)).toEqual([1.5, 1.5]);
    expect(second.staffing).toBe('over');
  });

  it('never loses or invents an agent when sharing shifts among channels', () => {
    const channels = ['email', 'chat', 'phone'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 80, noNaN: true }), { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 3 }),
        fc.array(
          fc.record({ from: fc.integer({ min: 0, max: 5 }), hours: fc.integer({ min: 1, max: 6 }), channels: fc.subarray(channels, { minLength: 1 }), agents: fc.integer({ min: 0, max: 9 }) }),
          { maxLength: 5 },
        ),
        (volumes, shifts) => {
          const plan = planStaffing({
            ...base(6),
            demands: channels.map((channel, index) => demand(channel, index === 0 ? 'backlog' : index === 1 ? 'workload' : 'erlang-c', volumes[index])),
            shifts: shifts.map((shift) => ({ start: shift.from * HOUR, end: (shift.from + shift.hours) * HOUR, channels: shift.channels, agents: shift.agents })),
          });
          for (const interval of plan) {
            expect(interval.byChannel.reduce((sum, figures) => sum + figures.scheduled, 0)).toBeCloseTo(interval.scheduled, 9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
