import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../sla/calendar.ts';
import { followUpDueAt } from './due.ts';

const weekdays = (timezone: string, holidays: string[] = []) =>
  parseCalendar({
    timezone,
    hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
    holidays,
  });
const due = (calendar: ReturnType<typeof parseCalendar>, at: string) => followUpDueAt(calendar, new Date(at)).toISOString();

describe('followUpDueAt: the end of the second business day after the answer', () => {
  const utc = weekdays('UTC');
  it('Friday 15:00 is due Tuesday 17:00', () => expect(due(utc, '2026-03-06T15:00:00Z')).toBe('2026-03-10T17:00:00.000Z'));
  it('the answer day never counts, before or after its hours', () => {
    expect(due(utc, '2026-03-02T08:00:00Z')).toBe('2026-03-04T17:00:00.000Z');
    expect(due(utc, '2026-03-02T18:30:00Z')).toBe('2026-03-04T17:00:00.000Z');
  });
  it('a weekend answer is due Tuesday', () => expect(due(utc, '2026-03-07T12:00:00Z')).toBe('2026-03-10T17:00:00.000Z'));
  it('skips holidays', () => expect(due(weekdays('UTC', ['2026-03-09']), '2026-03-06T15:00:00Z')).toBe('2026-03-11T17:00:00.000Z'));
  it('closes at local time in the calendar zone', () =>
    expect(due(weekdays('Europe/Berlin'), '2026-03-06T14:00:00Z')).toBe('2026-03-10T16:00:00.000Z'));
  it('split hours close at the end of the last period', () => {
    const split = parseCalendar({ timezone: 'UTC', hours: { mon: [['09:00', '12:00'], ['13:00', '18:00']], tue: [['09:00', '12:00'], ['13:00', '18:00']] } });
    expect(due(split, '2026-03-06T15:00:00Z')).toBe('2026-03-10T18:00:00.000Z');
  });
  it('always open: the end of the second calendar day after', () =>
    expect(due(parseCalendar({ timezone: 'UTC', alwaysOpen: true }), '2026-03-06T15:00:00Z')).toBe('2026-03-09T00:00:00.000Z'));
  it('a calendar that never opens: two calendar days', () =>
    expect(due(parseCalendar({ timezone: 'UTC' }), '2026-03-06T15:00:00Z')).toBe('2026-03-08T15:00:00.000Z'));
});
