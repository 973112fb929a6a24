import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEEK_ORDER } from './vocabulary.ts';
import { coverageOf, doShiftsOverlap, findShiftProblem, type ShiftPattern, seniorCoverage, shiftInstances, shiftMinutes } from './shifts.ts';

const HOUR = 3_600_000;
const weekdays: ShiftPattern['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('shift patterns', () => {
  it('says what is wrong with a shift that cannot be worked', () => {
    expect(findShiftProblem({ days: ['mon'], start: '09:00', end: '17:00' })).toBeNull();
    expect(findShiftProblem({ days: ['mon'], start: '22:00', end: '06:00' })).toBeNull();
    expect(findShiftProblem({ days: ['mon'], start: '24:00', end: '06:00' })?.field).toBe('start');
    expect(findShiftProblem({ days: ['mon'], start: '09:00', end: '09:00' })?.field).toBe('end');
    expect(findShiftProblem({ days: ['mon'], start: '00:00', end: '24:00' })?.field).toBe('end');
    expect(findShiftProblem({ days: ['mon'], start: '9:00', end: '17:00' })?.field).toBe('start');
    expect(findShiftProblem({ days: [], start: '09:00', end: '17:00' })?.field).toBe('days');
  });

  it('measures a shift, the night ones into the next day', () => {
    expect(shiftMinutes({ start: '09:00', end: '17:00' })).toBe(480);
    expect(shiftMinutes({ start: '22:00', end: '06:00' })).toBe(480);
    expect(shiftMinutes({ start: '08:00', end: '24:00' })).toBe(960);
    expect(shiftMinutes({ start: '16:30', end: '00:15' })).toBe(465);
  });

  it('places a week’s shifts in real time, across a clock change', () => {
    // Berlin moves to summer time on Sunday 2026-03-29 at 02:00.
    const nights = shiftInstances({ days: ['sat', 'sun'], start: '22:00', end: '06:00' }, '2026-03-23', 'Europe/Berlin');
    expect(nights.map((shift) => shift.day)).toEqual(['2026-03-28', '2026-03-29']);
    expect(new Date(nights[0].start).toISOString()).toBe('2026-03-28T21:00:00.000Z');
    expect((nights[0].end - nights[0].start) / HOUR).toBe(7); // the night the clock jumps
    expect((nights[1].end - nights[1].start) / HOUR).toBe(8);
    const days = shiftInstances({ days: weekdays, start: '09:00', end: '17:00' }, '2026-06-01', 'UTC');
    expect(days.map((shift) => new Date(shift.start).toISOString())).toEqual(
      ['01', '02', '03', '04', '05'].map((day) => `2026-06-${day}T09:00:00.000Z`),
    );
  });

  it('finds agents on two shifts at once, across the end of a week too', () => {
    const office: ShiftPattern = { days: weekdays, start: '09:00', end: '17:00' };
    expect(doShiftsOverlap(office, { days: ['mon'], start: '16:00', end: '20:00' }, 0)).toBe(true);
    expect(doShiftsOverlap(office, { days: ['mon'], start: '17:00', end: '20:00' }, 0)).toBe(false);
    expect(doShiftsOverlap(office, { days: ['sat'], start: '09:00', end: '17:00' }, 0)).toBe(false);
    const sundayNight: ShiftPattern = { days: ['sun'], start: '22:00', end: '06:00' };
    const earlyMonday: ShiftPattern = { days: ['mon'], start: '05:00', end: '13:00' };
    expect(doShiftsOverlap(sundayNight, earlyMonday, 1)).toBe(true);
    expect(doShiftsOverlap(sundayNight, earlyMonday, 0)).toBe(false);
    expect(doShiftsOverlap(earlyMonday, sundayNight, -1)).toBe(true);
  });

  const pattern = fc.record({
    days: fc.subarray([...WEEK_ORDER], { minLength: 1 }),
    start: fc.integer({ min: 0, max: 95 }).map((quarter) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`),
    end: fc.integer({ min: 0, max: 95 }).map((quarter) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`),
  });

  it('overlap is symmetric and agrees with the real instants of the shifts', () => {
    fc.assert(
      fc.property(pattern, pattern, fc.constantFrom(-1 as const, 0 as const, 1 as const), (a, b, weeks) => {
        fc.pre(findShiftProblem(a) === null && findShiftProblem(b) === null);
        expect(doShiftsOverlap(a, b, weeks)).toBe(doShiftsOverlap(b, a, (-weeks || 0) as -1 | 0 | 1));
        const week = '2026-06-08';
        const later = new Date(Date.parse(week) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
        const real = shiftInstances(a, week, 'UTC').some((x) => shiftInstances(b, later, 'UTC').some((y) => x.start < y.end && y.start < x.end));
        expect(doShiftsOverlap(a, b, weeks)).toBe(real);
      }),
      { numRuns: 500 },
    );
  });

  it('covers the share of an interval a shift is worked in', () => {
    const shift = { start: 9.5 * HOUR, end: 17 * HOUR };
    expect(coverageOf(shift, 9 * HOUR, 10 * HOUR)).toBe(0.5);
    expect(coverageOf(shift, 10 * HOUR, 11 * HOUR)).toBe(1);
    expect(coverageOf(shift, 17 * HOUR, 18 * HOUR)).toBe(0);
    expect(coverageOf(shift, 12 * HOUR, 12 * HOUR)).toBe(0);
  });

  it('flags every day of a shift with fewer than two seniors working it', () => {
    const seniors = new Set(['ana', 'ben']);
    const coverage = seniorCoverage(
      [
        { day: '2026-06-01', userIds: ['ana', 'ben', 'cat'] },
        { day: '2026-06-02', userIds: ['ana', 'cat', 'dan'] },
        { day: '2026-06-03', userIds: [] },
      ],
      (userId) => seniors.has(userId),
    );
    expect(coverage).toEqual([
      { day: '2026-06-01', agents: 3, seniors: 2, hasTooFewSeniors: false },
      { day: '2026-06-02', agents: 3, seniors: 1, hasTooFewSeniors: true },
      { day: '2026-06-03', agents: 0, seniors: 0, hasTooFewSeniors: true },
    ]);
  });
});
