import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastWholePeriod, latestOccurrence, periodHolding, periodToDate, previousPeriod } from './report-periods.ts';

const local = (text: string) => Date.parse(`${text}Z`);

describe('report periods', () => {
  it('takes the last whole week (Monday to Sunday), month and quarter before a day', () => {
    expect(lastWholePeriod('weekly', '2026-03-11')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(lastWholePeriod('weekly', '2026-03-09')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(lastWholePeriod('monthly', '2026-03-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(lastWholePeriod('monthly', '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastWholePeriod('quarterly', '2026-04-06')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(lastWholePeriod('quarterly', '2026-02-15')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(periodToDate('monthly', '2026-03-11')).toEqual({ from: '2026-03-01', to: '2026-03-11' });
    expect(previousPeriod({ from: '2026-03-02', to: '2026-03-08' })).toEqual({ from: '2026-02-23', to: '2026-03-01' });
  });

  it('always holds the day, and the last whole period ends the day before the current one starts', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.constantFrom('weekly' as const, 'monthly' as const, 'quarterly' as const), (today, preset) => {
        const current = periodHolding(preset, today);
        expect(current.from <= today && today <= current.to).toBe(true);
        const last = lastWholePeriod(preset, today);
        expect(Date.parse(current.from) - Date.parse(last.to)).toBe(86_400_000);
      }),
    );
  });

  it('sends weekly every chosen weekday, monthly on the first one of the month, quarterly on the first one of a quarter', () => {
    const weekly = { preset: 'weekly' as const, weekday: 'mon' as const, time: '08:00' };
    expect(latestOccurrence(weekly, local('2026-03-09T08:00:00')).day).toBe('2026-03-09');
    expect(latestOccurrence(weekly, local('2026-03-09T07:59:00')).day).toBe('2026-03-02');
    expect(latestOccurrence(weekly, local('2026-03-11T12:00:00')).day).toBe('2026-03-09');
    const monthly = { ...weekly, preset: 'monthly' as const };
    expect(latestOccurrence(monthly, local('2026-03-20T12:00:00')).day).toBe('2026-03-02');
    expect(latestOccurrence(monthly, local('2026-03-02T07:00:00')).day).toBe('2026-02-02');
    const quarterly = { ...weekly, preset: 'quarterly' as const, weekday: 'fri' as const };
    expect(latestOccurrence(quarterly, local('2026-06-30T12:00:00')).day).toBe('2026-04-03');
    expect(latestOccurrence(quarterly, local('2026-07-03T09:00:00')).day).toBe('2026-07-03');
  });
});
