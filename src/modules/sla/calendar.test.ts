import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { isKnownTimeZone } from '../../lib/timezone.ts';
import { CalendarDefinition, findCalendarFault, parseCalendar, parseLocalDate } from './calendar.ts';

const HOUR = 3_600_000;
const example = {
  timezone: 'Europe/Berlin',
  hours: {
    mon: [['09:00', '17:00']],
    tue: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
  },
  holidays: ['2026-12-25'],
};

const problemOf = (input: unknown) => {
  try {
    parseCalendar(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).message;
  }
  throw new Error('expected the calendar to be refused');
};

describe('parseCalendar', () => {
  it('reads the documented example', () => {
    const calendar = parseCalendar(example);
    expect(calendar.timeZone).toBe('Europe/Berlin');
    expect(calendar.weeklyHours[1]).toEqual([[9 * HOUR, 17 * HOUR]]);
    expect(calendar.weeklyHours[2]).toEqual([
      [9 * HOUR, 12 * HOUR],
      [13 * HOUR, 17 * HOUR],
    ]);
    // Days without an entry are closed.
    for (const day of [0, 3, 4, 5, 6]) expect(calendar.weeklyHours[day]).toEqual([]);
    expect([...calendar.holidays]).toEqual([parseLocalDate('2026-12-25')]);
  });

  it('opens every day around the clock when alwaysOpen is set, and keeps its holidays', () => {
    const calendar = parseCalendar({ timezone: 'UTC', alwaysOpen: true, holidays: ['2026-01-01'] });
    expect(calendar.weeklyHours).toEqual(Array.from({ length: 7 }, () => [[0, 24 * HOUR]]));
    expect(calendar.holidays.size).toBe(1);
  });

  it('accepts 24:00 as a closing time, 00:00 as an opening and a one-digit hour', () => {
    const calendar = parseCalendar({ timezone: 'UTC', hours: { sat: [['00:00', '24:00']], sun: [['9:30', '12:00']] } });
    expect(calendar.weeklyHours[6]).toEqual([[0, 24 * HOUR]]);
    expect(calendar.weeklyHours[0]).toEqual([[9.5 * HOUR, 12 * HOUR]]);
  });

  it('merges overlapping and touching intervals and sorts them', () => {
    const calendar = parseCalendar({
      timezone: 'UTC',
      hours: {
        wed: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
          ['11:00', '13:00'],
          ['18:00', '19:00'],
        ],
      },
    });
    expect(calendar.weeklyHours[3]).toEqual([
      [9 * HOUR, 17 * HOUR],
      [18 * HOUR, 19 * HOUR],
    ]);
  });

  it('accepts full day names in any case', () => {
    const calendar = parseCalendar({
      timezone: 'UTC',
      hours: { Monday: [['09:00', '10:00']], SUN: [['10:00', '11:00']] },
    });
    expect(calendar.weeklyHours[1]).toEqual([[9 * HOUR, 10 * HOUR]]);
    expect(calendar.weeklyHours[0]).toEqual([[10 * HOUR, 11 * HOUR]]);
  });

  it('accepts a calendar without hours (closed: computing a due time then fails)', () => {
    expect(parseCalendar({ timezone: 'Asia/Kolkata' }).weeklyHours.flat()).toEqual([]);
  });

  it('accepts half-hour zones and extra top-level fields', () => {
    expect(parseCalendar({ timezone: 'Asia/Kolkata', name: 'India desk', hours: {} }).timeZone).toBe('Asia/Kolkata');
  });
});

describe('parseCalendar refuses bad calendars with one plain sentence', () => {
  it('names an unknown time zone', () => {
    expect(problemOf({ timezone: 'Mars/Olympus', hours: {} })).toBe('Unknown time zone "Mars/Olympus".');
  });

  it('asks for a missing time zone', () => {
    expect(problemOf({ hours: {} })).toBe('The calendar needs a "timezone", e.g. "Europe/Berlin".');
    expect(problemOf({ timezone: '' })).toBe('The calendar needs a "timezone", e.g. "Europe/Berlin".');
    expect(problemOf({ timezone: 42 })).toBe('The calendar needs a "timezone", e.g. "Europe/Berlin".');
  });

  it('names an impossible time and its day', () => {
    expect(problemOf({ timezone: 'UTC', hours: { tue: [['09:00', '25:00']] } })).toBe(
      'Invalid time "25:00" on tue: use HH:MM between 00:00 and 24:00.',
    );
    for (const time of ['12:60', '24:30', '9', 'noon', '-1:00', '09:00:00']) {
      expect(problemOf({ timezone: 'UTC', hours: { mon: [[time, '23:00']] } })).toMatch(/^Invalid time .* on mon/);
    }
  });

  it('refuses an interval that ends before or when it starts', () => {
    expect(problemOf({ timezone: 'UTC', hours: { mon: [['17:00', '09:00']] } })).toBe(
      'Interval ["17:00","09:00"] on mon must end after it starts.',
    );
    expect(problemOf({ timezone: 'UTC', hours: { mon: [['09:00', '09:00']] } })).toMatch(/must end after it starts/);
  });

  it('refuses malformed hours', () => {
    expect(problemOf({ timezone: 'UTC', hours: [] })).toMatch(/^"hours" must be an object/);
    expect(problemOf({ timezone: 'UTC', hours: { funday: [] } })).toBe(
      'Unknown day "funday" in hours: use mon, tue, wed, thu, fri, sat or sun.',
    );
    expect(problemOf({ timezone: 'UTC', hours: { mon: '09:00-17:00' } })).toMatch(/^Hours for mon must be a list/);
    expect(problemOf({ timezone: 'UTC', hours: { mon: [['09:00']] } })).toMatch(/^Each interval on mon must be a pair/);
    expect(problemOf({ timezone: 'UTC', hours: { mon: [[9, 17]] } })).toMatch(/^Each interval on mon must be a pair/);
  });

  it('refuses bad holidays', () => {
    expect(problemOf({ timezone: 'UTC', holidays: '2026-12-25' })).toMatch(/^"holidays" must be a list/);
    expect(problemOf({ timezone: 'UTC', holidays: ['2026-02-30'] })).toBe(
      'Invalid holiday "2026-02-30": use a real date as YYYY-MM-DD.',
    );
    expect(problemOf({ timezone: 'UTC', holidays: ['25.12.2026'] })).toMatch(/^Invalid holiday/);
    expect(problemOf({ timezone: 'UTC', holidays: [20261225] })).toMatch(/^Invalid holiday 20261225/);
  });

  it('refuses a non-boolean alwaysOpen and anything that is not an object', () => {
    expect(problemOf({ timezone: 'UTC', alwaysOpen: 'yes' })).toBe('"alwaysOpen" must be true or false.');
    for (const input of [null, [], 'Europe/Berlin', 7]) {
      expect(problemOf(input)).toBe('The calendar must be a JSON object with a "timezone".');
    }
  });
});

describe('helpers and schema', () => {
  it('knows IANA zones', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads local dates as days since 1970', () => {
    expect(parseLocalDate('1970-01-02')).toBe(1);
    expect(parseLocalDate('2026-03-02')).toBe(Date.UTC(2026, 2, 2) / 86_400_000);
    expect(parseLocalDate('2025-02-29')).toBeUndefined();
    expect(parseLocalDate('2026-3-2')).toBeUndefined();
  });

  it('has a TypeBox schema for the same shape', () => {
    expect(Value.Check(CalendarDefinition, example)).toBe(true);
    expect(Value.Check(CalendarDefinition, { timezone: 'UTC', alwaysOpen: true })).toBe(true);
    expect(Value.Check(CalendarDefinition, { timezone: 'UTC', hours: { mon: [['09:00', '25:00']] } })).toBe(false);
    expect(Value.Check(CalendarDefinition, { timezone: 'UTC', hours: { funday: [] } })).toBe(false);
  });
});

describe('findCalendarFault', () => {
  const mondays = (weeks: number, from = Date.UTC(2026, 0, 5)) =>
    Array.from({ length: weeks }, (_, week) => new Date(from + week * 7 * 86_400_000).toISOString().slice(0, 10));

  it('names a calendar without open hours', () => {
    expect(findCalendarFault(parseCalendar({ timezone: 'UTC', hours: {} }))).toEqual({ field: 'hours', problem: 'has no open hours' });
    expect(findCalendarFault(parseCalendar({ timezone: 'UTC', hours: { mon: [], sat: [] } }))?.field).toBe('hours');
  });

  it('names holidays that close every open day for ten years, and only then', () => {
    const mondaysOnly = { timezone: 'UTC', hours: { mon: [['09:00', '17:00']] } };
    expect(findCalendarFault(parseCalendar({ ...mondaysOnly, holidays: mondays(12 * 53) }))).toEqual({
      field: 'holidays',
      problem: 'is closed on every open day for ten years or more from 2026-01-05 (holidays)',
    });
    // Nine years of Mondays off, or one Monday open in the middle of twelve, leave it opening.
    expect(findCalendarFault(parseCalendar({ ...mondaysOnly, holidays: mondays(9 * 52) }))).toBeNull();
    const oneOpen = mondays(12 * 53).filter((_, week) => week !== 300);
    expect(findCalendarFault(parseCalendar({ ...mondaysOnly, holidays: oneOpen }))).toBeNull();
    // Holidays on closed weekdays close nothing.
    expect(findCalendarFault(parseCalendar({ ...mondaysOnly, holidays: mondays(12 * 53, Date.UTC(2026, 0, 6)) }))).toBeNull();
    expect(findCalendarFault(parseCalendar({ timezone: 'Europe/Berlin', alwaysOpen: true, holidays: mondays(12 * 53) }))).toBeNull();
  });

  it('finds nothing wrong with an ordinary calendar', () => {
    expect(findCalendarFault(parseCalendar(example))).toBeNull();
  });
});
