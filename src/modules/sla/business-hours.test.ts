import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMillisBetween,
  isBusinessTime,
  listBusinessPeriods,
  type Pause,
  wallToInstant,
} from './business-hours.ts';
import { type BusinessCalendar, parseCalendar } from './calendar.ts';

const HOUR = 3_600_000;
const officeDay = [['09:00', '17:00']];
const weekdays = (zone: string, day = officeDay, holidays: string[] = []) =>
  parseCalendar({ timezone: zone, hours: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays });
const everyDay = (zone: string, day: string[][], holidays: string[] = []) =>
  parseCalendar({
    timezone: zone,
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays,
  });

const berlin = weekdays('Europe/Berlin');
const pairs = (list: [string, string][]): Pause[] => list.map(([a, b]) => [new Date(a), new Date(b)]);
/** The due instant, failing the test when the calendar gives a reason instead. */
const dueDate = (...args: Parameters<typeof addBusinessMinutes>) => {
  const due = addBusinessMinutes(...args);
  if ('reason' in due) throw new Error(due.reason);
  return due.at;
};
const due = (calendar: BusinessCalendar, start: string, minutes: number, pauses: [string, string][] = []) =>
  dueDate(calendar, new Date(start), minutes, pairs(pauses)).toISOString();
const elapsedHours = (calendar: BusinessCalendar, from: string, to: string, pauses: [string, string][] = []) =>
  businessMillisBetween(calendar, new Date(from), new Date(to), pairs(pauses)) / HOUR;

describe('addBusinessMinutes on a Berlin office calendar (Mon–Fri 09:00–17:00)', () => {
  it('counts from the start inside business hours', () => {
    // 08:00Z is 09:00 CET.
    expect(due(berlin, '2026-03-02T08:00:00Z', 60)).toBe('2026-03-02T09:00:00.000Z');
  });

  it('starts counting at the next opening when the start is before opening', () => {
    expect(due(berlin, '2026-03-02T05:00:00Z', 60)).toBe('2026-03-02T09:00:00.000Z');
  });

  it('carries the rest over a weekend', () => {
    // Friday 16:30 CET + 60: 30 on Friday, 30 on Monday from 09:00.
    expect(due(berlin, '2026-03-06T15:30:00Z', 60)).toBe('2026-03-09T08:30:00.000Z');
  });

  it('starts on Monday morning when the start is on a Saturday', () => {
    expect(due(berlin, '2026-03-07T10:00:00Z', 30)).toBe('2026-03-09T08:30:00.000Z');
  });

  it('is due at the closing time when the target runs out exactly then', () => {
    expect(due(berlin, '2026-03-02T15:00:00Z', 60)).toBe('2026-03-02T16:00:00.000Z');
  });

  it('treats the closing time as closed (intervals are half-open)', () => {
    expect(due(berlin, '2026-03-02T16:00:00Z', 0)).toBe('2026-03-03T08:00:00.000Z');
    expect(due(berlin, '2026-03-02T16:00:00Z', 1)).toBe('2026-03-03T08:01:00.000Z');
  });

  it('is due at the start itself for zero minutes inside hours', () => {
    expect(due(berlin, '2026-03-02T10:15:30Z', 0)).toBe('2026-03-02T10:15:30.000Z');
  });

  it('is due at the next opening for zero minutes outside hours', () => {
    expect(due(berlin, '2026-03-08T12:00:00Z', 0)).toBe('2026-03-09T08:00:00.000Z');
  });

  it('accepts a start with any offset and seconds', () => {
    // 10:15:30+02:00 is 08:15:30Z, 09:15:30 in Berlin.
    expect(due(berlin, '2026-03-02T10:15:30+02:00', 30)).toBe('2026-03-02T08:45:30.000Z');
  });

  it('counts fractional minutes to the millisecond', () => {
    expect(due(berlin, '2026-03-02T08:00:00Z', 0.5)).toBe('2026-03-02T08:00:30.000Z');
    expect(due(berlin, '2026-03-02T08:00:00Z', 1 / 60)).toBe('2026-03-02T08:00:01.000Z');
  });

  it('handles one whole working day and one whole week', () => {
    expect(due(berlin, '2026-03-02T08:00:00Z', 480)).toBe('2026-03-02T16:00:00.000Z');
    expect(due(berlin, '2026-03-02T08:00:00Z', 481)).toBe('2026-03-03T08:01:00.000Z');
    expect(due(berlin, '2026-03-02T08:00:00Z', 5 * 480)).toBe('2026-03-06T16:00:00.000Z');
  });

  it('handles large targets quickly and exactly', () => {
    // 100000 min = 208 days of 8 h + 160 min; 208 business days from Mon 2 Mar = 41 weeks + 3 days.
    expect(due(berlin, '2026-03-02T08:00:00Z', 100_000)).toBe('2026-12-17T10:40:00.000Z');
  });
});

describe('lunch breaks, Sundays and 24:00', () => {
  const lunch = parseCalendar({
    timezone: 'Europe/Berlin',
    hours: {
      tue: [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
    },
  });

  it('skips the lunch break', () => {
    // Tuesday 11:30 CET + 60: 30 before lunch, 30 after.
    expect(due(lunch, '2026-03-03T10:30:00Z', 60)).toBe('2026-03-03T12:30:00.000Z');
  });

  it('is due when lunch starts if the target runs out then', () => {
    expect(due(lunch, '2026-03-03T10:00:00Z', 60)).toBe('2026-03-03T11:00:00.000Z');
  });

  it('starts after lunch when the start falls in the break', () => {
    expect(due(lunch, '2026-03-03T11:20:00Z', 10)).toBe('2026-03-03T12:10:00.000Z');
  });

  it('waits a week when only Tuesday is open', () => {
    expect(due(lunch, '2026-03-03T16:00:00Z', 1)).toBe('2026-03-10T08:01:00.000Z');
  });

  it('opens on Sunday when the calendar says so', () => {
    const sunday = parseCalendar({ timezone: 'UTC', hours: { sun: [['10:00', '14:00']] } });
    expect(due(sunday, '2026-03-07T12:00:00Z', 90)).toBe('2026-03-08T11:30:00.000Z');
  });

  it('treats 24:00 as the end of the day', () => {
    const late = parseCalendar({ timezone: 'UTC', hours: { fri: [['20:00', '24:00']], sat: [['00:00', '02:00']] } });
    expect(due(late, '2026-03-06T23:30:00Z', 60)).toBe('2026-03-07T00:30:00.000Z');
    expect(due(late, '2026-03-06T23:00:00Z', 60)).toBe('2026-03-07T00:00:00.000Z');
    expect(due(late, '2026-03-06T20:00:00Z', 360)).toBe('2026-03-07T02:00:00.000Z');
    expect(elapsedHours(late, '2026-03-06T00:00:00Z', '2026-03-08T00:00:00Z')).toBe(6);
  });

  it('takes the union of overlapping intervals on one day', () => {
    const overlapping = parseCalendar({
      timezone: 'UTC',
      hours: {
        mon: [
          ['09:00', '13:00'],
          ['12:00', '17:00'],
        ],
      },
    });
    expect(elapsedHours(overlapping, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toBe(8);
    expect(due(overlapping, '2026-03-02T09:00:00Z', 480)).toBe('2026-03-02T17:00:00.000Z');
  });
});

describe('holidays', () => {
  // Good Friday and Easter Monday 2026 sit on either side of a weekend.
  const easter = weekdays('Europe/Berlin', officeDay, ['2026-04-03', '2026-04-06']);

  it('skips a holiday next to a weekend', () => {
    // Thursday 16:00 CEST + 120: 60 on Thursday, then Friday, the weekend and Monday are closed.
    expect(due(easter, '2026-04-02T14:00:00Z', 120)).toBe('2026-04-07T08:00:00.000Z');
  });

  it('gives the next working day for zero minutes on a holiday', () => {
    expect(due(easter, '2026-04-03T09:00:00Z', 0)).toBe('2026-04-07T07:00:00.000Z');
  });

  it('closes the local date, not the UTC date', () => {
    const nightShift = parseCalendar({ timezone: 'Asia/Kolkata', alwaysOpen: true, holidays: ['2026-03-03'] });
    // 2026-03-03 in Kolkata is 2026-03-02T18:30Z to 2026-03-03T18:30Z.
    expect(due(nightShift, '2026-03-02T18:00:00Z', 60)).toBe('2026-03-03T19:00:00.000Z');
  });

  it('still closes an always-open calendar', () => {
    const allDay = parseCalendar({ timezone: 'UTC', alwaysOpen: true, holidays: ['2026-03-03'] });
    expect(due(allDay, '2026-03-02T23:00:00Z', 90)).toBe('2026-03-04T00:30:00.000Z');
  });
});

describe('daylight-saving changes', () => {
  it('Berlin spring: the weekend change does not shift Monday opening', () => {
    // Friday 27 Mar 16:00 CET + 120: 60 on Friday, Monday 30 Mar opens 09:00 CEST (07:00Z).
    expect(due(berlin, '2026-03-27T15:00:00Z', 120)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('Berlin fall: Monday after the change opens at 08:00Z', () => {
    expect(due(berlin, '2026-10-23T14:00:00Z', 120)).toBe('2026-10-26T09:00:00.000Z');
  });

  it('Berlin: 00:00–06:00 holds 5 real hours on the spring night and 7 on the fall night', () => {
    const nights = everyDay('Europe/Berlin', [['00:00', '06:00']]);
    expect(elapsedHours(nights, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(5);
    expect(elapsedHours(nights, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(7);
    expect(elapsedHours(nights, '2026-06-05T12:00:00Z', '2026-06-06T12:00:00Z')).toBe(6);
    // Midnight CET is 23:00Z; 06:00 CEST is 04:00Z.
    expect(due(nights, '2026-03-28T23:00:00Z', 300)).toBe('2026-03-29T04:00:00.000Z');
    expect(due(nights, '2026-03-28T23:00:00Z', 301)).toBe('2026-03-29T22:01:00.000Z');
    // Midnight CEST is 22:00Z; 06:00 CET is 05:00Z.
    expect(due(nights, '2026-10-24T22:00:00Z', 420)).toBe('2026-10-25T05:00:00.000Z');
  });

  it('Berlin: a 24/7 calendar has 23- and 25-hour days', () => {
    const allDay = parseCalendar({ timezone: 'Europe/Berlin', alwaysOpen: true, holidays: ['2026-03-30'] });
    // 29 Mar runs 28T23:00Z–29T22:00Z; the holiday on 30 Mar runs to 30T22:00Z.
    expect(due(allDay, '2026-03-28T23:00:00Z', 23 * 60)).toBe('2026-03-29T22:00:00.000Z');
    expect(due(allDay, '2026-03-28T23:00:00Z', 23 * 60 + 1)).toBe('2026-03-30T22:01:00.000Z');
    expect(elapsedHours(allDay, '2026-10-24T22:00:00Z', '2026-10-26T00:00:00Z')).toBe(26);
  });

  it('New York: weekends around both changes', () => {
    const newYork = weekdays('America/New_York');
    // Fri 6 Mar 16:00 EST (21:00Z) + 120 -> Mon 9 Mar 10:00 EDT (14:00Z).
    expect(due(newYork, '2026-03-06T21:00:00Z', 120)).toBe('2026-03-09T14:00:00.000Z');
    // Fri 30 Oct 16:00 EDT (20:00Z) + 120 -> Mon 2 Nov 10:00 EST (15:00Z).
    expect(due(newYork, '2026-10-30T20:00:00Z', 120)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('New York: nights of 5 and 7 hours', () => {
    const nights = everyDay('America/New_York', [['00:00', '06:00']]);
    expect(elapsedHours(nights, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(5);
    expect(elapsedHours(nights, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(7);
    // Midnight EST 8 Mar is 05:00Z; 06:00 EDT is 10:00Z.
    expect(due(nights, '2026-03-08T05:00:00Z', 300)).toBe('2026-03-08T10:00:00.000Z');
  });

  it('Sydney (southern hemisphere): April ends summer time, October starts it', () => {
    const sydney = weekdays('Australia/Sydney');
    // Fri 3 Apr 16:00 AEDT (05:00Z) + 120 -> Mon 6 Apr 10:00 AEST (00:00Z).
    expect(due(sydney, '2026-04-03T05:00:00Z', 120)).toBe('2026-04-06T00:00:00.000Z');
    // Fri 2 Oct 16:00 AEST (06:00Z) + 120 -> Mon 5 Oct 10:00 AEDT (4 Oct 23:00Z).
    expect(due(sydney, '2026-10-02T06:00:00Z', 120)).toBe('2026-10-04T23:00:00.000Z');
    const nights = everyDay('Australia/Sydney', [['00:00', '06:00']]);
    expect(elapsedHours(nights, '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')).toBe(7);
    expect(elapsedHours(nights, '2026-10-03T12:00:00Z', '2026-10-04T12:00:00Z')).toBe(5);
  });

  it('Kolkata (+05:30, no daylight saving)', () => {
    const kolkata = weekdays('Asia/Kolkata', [['09:30', '18:00']]);
    // Mon 08:30 IST (03:00Z) + 60 -> 10:30 IST (05:00Z).
    expect(due(kolkata, '2026-03-02T03:00:00Z', 60)).toBe('2026-03-02T05:00:00.000Z');
    // Fri 17:30 IST (12:00Z) + 60 -> Mon 10:00 IST (04:30Z).
    expect(due(kolkata, '2026-03-06T12:00:00Z', 60)).toBe('2026-03-09T04:30:00.000Z');
  });

  it('maps a wall time inside a spring-forward gap the way the zone does (02:30 -> 03:30)', () => {
    expect(new Date(wallToInstant('Europe/Berlin', Date.parse('2026-03-29T02:30:00Z'))).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    const early = parseCalendar({ timezone: 'Europe/Berlin', hours: { sun: [['01:00', '02:30']] } });
    // 01:00 CET (00:00Z) to 03:30 CEST (01:30Z).
    expect(elapsedHours(early, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(1.5);
    // Wall intervals that overlap once mapped count once: open 01:00 CET to 04:00 CEST.
    const split = parseCalendar({
      timezone: 'Europe/Berlin',
      hours: {
        sun: [
          ['01:00', '02:30'],
          ['03:00', '04:00'],
        ],
      },
    });
    expect(elapsedHours(split, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(2);
    expect(due(split, '2026-03-29T00:00:00Z', 120)).toBe('2026-03-29T02:00:00.000Z');
  });

  it('takes the first occurrence of a wall time repeated by a fall-back', () => {
    expect(new Date(wallToInstant('Europe/Berlin', Date.parse('2026-10-25T02:30:00Z'))).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(new Date(wallToInstant('America/New_York', Date.parse('2026-11-01T01:30:00Z'))).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    const early = parseCalendar({ timezone: 'Europe/Berlin', hours: { sun: [['02:30', '05:00']] } });
    // 02:30 CEST (00:30Z) to 05:00 CET (04:00Z).
    expect(elapsedHours(early, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(3.5);
  });

  it('counts the repeated hour right after a fall-back before skipping whole weeks', () => {
    const earlyShift = everyDay('Europe/Berlin', [['02:45', '04:00']]);
    // 25 Oct opens 02:45 CEST (00:45Z) and closes 04:00 CET (03:00Z). From 02:30 CET (01:30Z, the second
    // 02:30) 90 minutes remain that day, then 75 a day: 90 + 20 × 75 + 30 ends 15 Nov 03:15 CET.
    expect(due(earlyShift, '2026-10-25T01:30:00Z', 1620)).toBe('2026-11-15T02:15:00.000Z');
  });

  it('Santiago: local midnight skipped and repeated', () => {
    const allDay = parseCalendar({ timezone: 'America/Santiago', alwaysOpen: true });
    // 6 Sep 2026 starts at 01:00 (-03), 04:00Z; it is a 23-hour day.
    expect(elapsedHours(allDay, '2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z')).toBe(23);
    const mornings = everyDay('America/Santiago', [['00:00', '02:00']]);
    expect(elapsedHours(mornings, '2026-09-05T12:00:00Z', '2026-09-06T12:00:00Z')).toBe(1);
    expect(due(mornings, '2026-09-05T12:00:00Z', 0)).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('pauses', () => {
  it('stops the clock during a pause', () => {
    expect(due(berlin, '2026-03-02T08:00:00Z', 60, [['2026-03-02T08:30:00Z', '2026-03-02T09:00:00Z']])).toBe(
      '2026-03-02T09:30:00.000Z',
    );
  });

  it('is due when a pause begins if the target runs out then', () => {
    expect(due(berlin, '2026-03-02T08:00:00Z', 60, [['2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z']])).toBe(
      '2026-03-02T09:00:00.000Z',
    );
  });

  it('counts overlapping pauses as their union', () => {
    const overlapping: [string, string][] = [
      ['2026-03-02T08:30:00Z', '2026-03-02T09:00:00Z'],
      ['2026-03-02T08:45:00Z', '2026-03-02T09:15:00Z'],
      ['2026-03-02T08:50:00+00:00', '2026-03-02T10:00:00+01:00'],
    ];
    expect(due(berlin, '2026-03-02T08:00:00Z', 60, overlapping)).toBe('2026-03-02T09:45:00.000Z');
  });

  it('changes nothing when the pause lies outside open time', () => {
    const outside: [string, string][] = [
      ['2026-03-07T08:00:00Z', '2026-03-08T20:00:00Z'],
      ['2026-03-02T17:00:00Z', '2026-03-03T07:00:00Z'],
    ];
    expect(due(berlin, '2026-03-02T15:30:00Z', 60, outside)).toBe(due(berlin, '2026-03-02T15:30:00Z', 60));
  });

  it('resumes after a pause that spans the closing time', () => {
    // Mon 16:00 CET + 60 with a pause from 16:30 CET to Tue 09:30 CET: 30 Mon, 30 Tue from 09:30.
    expect(due(berlin, '2026-03-02T15:00:00Z', 60, [['2026-03-02T15:30:00Z', '2026-03-03T08:30:00Z']])).toBe(
      '2026-03-03T09:00:00.000Z',
    );
  });

  it('starts after a pause that covers the start', () => {
    expect(due(berlin, '2026-03-02T09:00:00Z', 0, [['2026-03-02T08:00:00Z', '2026-03-02T10:00:00Z']])).toBe(
      '2026-03-02T10:00:00.000Z',
    );
  });

  it('jumps over a pause of months', () => {
    // The pause ends Tuesday 1 Sep, which opens at 09:00 CEST (07:00Z).
    expect(due(berlin, '2026-03-02T08:00:00Z', 60, [['2026-03-02T08:00:00Z', '2026-09-01T00:00:00Z']])).toBe(
      '2026-09-01T08:00:00.000Z',
    );
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() => due(berlin, '2026-03-02T08:00:00Z', 60, [['2026-03-02T10:00:00Z', '2026-03-02T09:00:00Z']])).toThrow(
      /pause must not end before it starts/,
    );
  });
});

describe('24/7 calendars', () => {
  const always = parseCalendar({ timezone: 'UTC', alwaysOpen: true });

  it('adds plain real time', () => {
    expect(due(always, '2026-03-02T23:00:00Z', 90)).toBe('2026-03-03T00:30:00.000Z');
    expect(due(always, '2026-03-02T23:00:00Z', 0)).toBe('2026-03-02T23:00:00.000Z');
    expect(due(always, '2026-01-01T00:00:00Z', 60 * 24 * 365)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reaches decades ahead in one call', () => {
    expect(due(always, '2026-01-01T00:00:00Z', 10_000_000)).toBe(
      new Date(Date.parse('2026-01-01T00:00:00Z') + 10_000_000 * 60_000).toISOString(),
    );
  });
});

describe('businessMillisBetween', () => {
  it('counts open time between two instants', () => {
    // Monday 09:00–17:00 CET, then Tuesday 09:00–13:00 CET.
    expect(elapsedHours(berlin, '2026-03-02T08:00:00Z', '2026-03-03T12:00:00Z')).toBe(12);
    expect(elapsedHours(berlin, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(40);
    expect(elapsedHours(berlin, '2026-03-07T00:00:00Z', '2026-03-08T23:00:00Z')).toBe(0);
  });

  it('subtracts pauses', () => {
    expect(
      elapsedHours(berlin, '2026-03-02T08:00:00Z', '2026-03-02T16:00:00Z', [
        ['2026-03-02T09:00:00Z', '2026-03-02T11:00:00Z'],
      ]),
    ).toBe(6);
  });

  it('is zero when the end is not after the start', () => {
    expect(elapsedHours(berlin, '2026-03-03T12:00:00Z', '2026-03-02T08:00:00Z')).toBe(0);
  });

  it('measures a whole year, holidays and daylight saving included', () => {
    const germany = weekdays('Europe/Berlin', officeDay, ['2026-01-01', '2026-12-25']);
    // 2026 has 261 weekdays; two weekday holidays leave 259 days of 8 hours.
    expect(elapsedHours(germany, '2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z')).toBe(259 * 8);
  });

  it('is zero for a calendar that never opens', () => {
    const closed = parseCalendar({ timezone: 'UTC' });
    expect(elapsedHours(closed, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(0);
  });
});

describe('isBusinessTime and listBusinessPeriods', () => {
  it('tells whether the clock runs', () => {
    expect(isBusinessTime(berlin, new Date('2026-03-02T08:00:00Z'))).toBe(true);
    expect(isBusinessTime(berlin, new Date('2026-03-02T16:00:00Z'))).toBe(false);
    expect(isBusinessTime(berlin, new Date('2026-03-07T10:00:00Z'))).toBe(false);
    expect(
      isBusinessTime(
        berlin,
        new Date('2026-03-02T09:00:00Z'),
        pairs([['2026-03-02T08:30:00Z', '2026-03-02T09:30:00Z']]),
      ),
    ).toBe(false);
  });

  it('lists the open periods from an instant', () => {
    const firstTwo: string[][] = [];
    for (const [from, to] of listBusinessPeriods(berlin, new Date('2026-03-06T10:00:00Z'))) {
      firstTwo.push([from.toISOString(), to.toISOString()]);
      if (firstTwo.length === 2) break;
    }
    expect(firstTwo).toEqual([
      ['2026-03-06T10:00:00.000Z', '2026-03-06T16:00:00.000Z'],
      ['2026-03-09T08:00:00.000Z', '2026-03-09T16:00:00.000Z'],
    ]);
  });
});

describe('calendars that never reach a due time', () => {
  const reasonOf = (calendar: BusinessCalendar, start: string, minutes: number) => {
    const due = addBusinessMinutes(calendar, new Date(start), minutes);
    return 'reason' in due ? due.reason : `due ${due.at.toISOString()}`;
  };

  it('gives a reason for a calendar with no open hours instead of searching forever', () => {
    const closed = parseCalendar({ timezone: 'Europe/Berlin', hours: {} });
    expect(reasonOf(closed, '2026-03-02T08:00:00Z', 60)).toMatch(/no open hours/);
    expect(reasonOf(closed, '2026-03-02T08:00:00Z', 0)).toMatch(/no open hours/);
    expect(businessMillisBetween(closed, new Date('2026-03-02T08:00:00Z'), new Date('2026-03-09T08:00:00Z'))).toBe(0);
  });

  it('gives a reason when holidays close the calendar for more than ten years, and counts the open time before', () => {
    const holidays = Array.from({ length: 11 * 366 }, (_, day) =>
      new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10),
    );
    const closed = parseCalendar({ timezone: 'UTC', alwaysOpen: true, holidays });
    expect(reasonOf(closed, '2026-01-01T00:00:00Z', 1)).toMatch(/closed for ten years after 2026-01-01T00:00:00.000Z/);
    expect(reasonOf(closed, '2025-12-31T23:00:00Z', 120)).toMatch(/closed for ten years after 2026-01-01T00:00:00.000Z/);
    const span = businessMillisBetween(closed, new Date('2025-12-31T23:00:00Z'), new Date('2040-01-01T00:00:00Z'));
    expect(span).toBe(3_600_000);
  });

  it('gives a reason when the due time lies beyond what a Date can hold', () => {
    const always = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
    expect(reasonOf(always, '2026-01-01T00:00:00Z', 1e12)).toMatch(/beyond/);
  });
});

describe('bad input', () => {
  it('throws for negative, infinite or missing minutes and invalid dates', () => {
    expect(() => due(berlin, '2026-03-02T08:00:00Z', -1)).toThrow(/0 or more/);
    expect(() => due(berlin, '2026-03-02T08:00:00Z', Number.NaN)).toThrow(/0 or more/);
    expect(() => due(berlin, '2026-03-02T08:00:00Z', Number.POSITIVE_INFINITY)).toThrow(/0 or more/);
    expect(() => dueDate(berlin, new Date('nonsense'), 5)).toThrow(/not a valid instant/);
  });

});

// ---------------------------------------------------------------------------------------------
// Properties

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'Australia/Lord_Howe'];
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');

const clockTime = (quarterHours: number) =>
  quarterHours === 96
    ? '24:00'
    : `${String(Math.floor(quarterHours / 4)).padStart(2, '0')}:${String((quarterHours % 4) * 15).padStart(2, '0')}`;
const intervalArb = fc
  .tuple(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 0, max: 96 }))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => [clockTime(Math.min(a, b)), clockTime(Math.max(a, b))]);
const calendarArb = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    days: fc.array(fc.array(intervalArb, { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
    holidays: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 12 }),
    alwaysOpen: fc.integer({ min: 0, max: 9 }).map((pick) => pick === 0),
  })
  .filter(({ days, alwaysOpen }) => alwaysOpen || days.some((day) => day.length > 0))
  .map(({ timezone, days, holidays, alwaysOpen }) =>
    parseCalendar({
      timezone,
      alwaysOpen,
      hours: Object.fromEntries(days.map((day, index) => [DAY_KEYS[index], day])),
      holidays: holidays.map((day) => new Date(YEAR_START + day * 86_400_000).toISOString().slice(0, 10)),
    }),
  );
const instantArb = fc.integer({ min: 0, max: 365 * 86_400 }).map((seconds) => new Date(YEAR_START + seconds * 1000));
const pausesArb = fc.array(
  fc
    .tuple(instantArb, fc.integer({ min: 0, max: 5 * 86_400 }))
    .map(([start, seconds]): Pause => [start, new Date(start.getTime() + seconds * 1000)]),
  { maxLength: 4 },
);
const minutesArb = fc.integer({ min: 0, max: 20_000 });

describe('properties', () => {
  it('due is never before start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, pausesArb, (calendar, start, minutes, pauses) => {
        expect(dueDate(calendar, start, minutes, pauses).getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
    );
  });

  it('due is monotonic in minutes', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, pausesArb, (calendar, start, a, b, pauses) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        expect(dueDate(calendar, start, fewer, pauses).getTime()).toBeLessThanOrEqual(
          dueDate(calendar, start, more, pauses).getTime(),
        );
      }),
    );
  });

  it('adding a then b equals adding a + b (b > 0)', () => {
    // With b = 0 the second step moves a closing-time due to the next opening, by design.
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        minutesArb,
        fc.integer({ min: 1, max: 20_000 }),
        pausesArb,
        (calendar, start, a, b, pauses) => {
          const stepwise = dueDate(calendar, dueDate(calendar, start, a, pauses), b, pauses);
          expect(stepwise.toISOString()).toBe(dueDate(calendar, start, a + b, pauses).toISOString());
        },
      ),
    );
  });

  it('elapsed(start, due(start, m)) = m', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, pausesArb, (calendar, start, minutes, pauses) => {
        const dueAt = dueDate(calendar, start, minutes, pauses);
        expect(businessMillisBetween(calendar, start, dueAt, pauses)).toBe(minutes * 60_000);
      }),
    );
  });

  it('whole-week skipping gives the same answer as walking day by day', () => {
    // A holiday centuries ahead keeps the walk from skipping weeks, so this compares both paths.
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 300_000 }), (calendar, start, minutes) => {
        const walking: BusinessCalendar = { ...calendar, holidays: new Set([...calendar.holidays, 200_000]) };
        const skipped = dueDate(calendar, start, minutes);
        expect(skipped.toISOString()).toBe(dueDate(walking, start, minutes).toISOString());
        const until = new Date(start.getTime() + minutes * 60_000 * 3);
        expect(businessMillisBetween(calendar, start, until)).toBe(businessMillisBetween(walking, start, until));
      }),
      { numRuns: 60 },
    );
  });

  it('maps overlapping intervals that end in a skipped hour one by one (found by the property below)', () => {
    // Berlin springs forward on Sunday 2026-03-29 at 02:00: 02:30 becomes 03:30, so the first interval
    // runs to 01:30Z, past the end of the second one (03:00 = 01:00Z). Merged as wall times first,
    // the day would lose that half hour.
    const calendar = parseCalendar({ timezone: 'Europe/Berlin', hours: { sun: [['00:45', '02:30'], ['02:15', '03:00']] } });
    expect(dueDate(calendar, new Date('2026-03-29T00:00:00Z'), 61).toISOString()).toBe('2026-03-29T01:01:00.000Z');
  });

  it('agrees with a minute-by-minute count near daylight-saving changes', () => {
    const transitions: [string, string][] = [
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Sydney', '2026-04-05'],
      ['Australia/Sydney', '2026-10-04'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['America/Santiago', '2026-09-06'],
      ['America/Santiago', '2026-04-05'],
      ['Asia/Kolkata', '2026-03-29'],
    ];
    // Times near midnight and the small hours hit the skipped and repeated wall times most often.
    const nearTransition = fc.constantFrom(0, 1, 2, 4, 6, 8, 9, 10, 11, 12, 14, 16, 20, 92, 94, 96);
    const edgyInterval = fc
      .tuple(fc.oneof(nearTransition, fc.integer({ min: 0, max: 96 })), nearTransition)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => [clockTime(Math.min(a, b)), clockTime(Math.max(a, b))]);
    const denseDay = fc.array(fc.oneof(intervalArb, edgyInterval), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.constantFrom(...transitions),
        fc.array(denseDay, { minLength: 7, maxLength: 7 }),
        fc.integer({ min: -36 * 60, max: 24 * 60 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * 24 * 60 }), fc.integer({ min: 0, max: 600 })), {
          maxLength: 3,
        }),
        ([timezone, date], days, startOffset, minutes, rawPauses) => {
          const hours = Object.fromEntries(days.map((day, index) => [DAY_KEYS[index], day]));
          const calendar = parseCalendar({ timezone, hours });
          const start = Date.parse(`${date}T00:00:00Z`) + startOffset * 60_000;
          const pauses: Pause[] = rawPauses.map(([from, length]) => [
            new Date(start + from * 60_000),
            new Date(start + (from + length) * 60_000),
          ]);
          const expected = countMinuteByMinute(timezone, hours, start, minutes, pauses);
          expect(dueDate(calendar, new Date(start), minutes, pauses).toISOString()).toBe(
            new Date(expected).toISOString(),
          );
        },
      ),
      { numRuns: 80 },
    );
  });
});

// An independent reference: wall times are resolved by scanning real instants through Intl (first
// occurrence wins; a skipped time keeps the offset from before the gap), then minutes are counted one by one.
function countMinuteByMinute(
  timeZone: string,
  hours: Record<string, string[][]>,
  start: number,
  minutes: number,
  pauses: Pause[],
): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const wallOf = (time: number) => {
    const part = Object.fromEntries(
      format.formatToParts(new Date(time)).map(({ type, value }) => [type, Number(value)]),
    );
    return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute);
  };
  const resolve = (wall: number) => {
    for (let time = wall - 15 * HOUR; time <= wall + 15 * HOUR; time += 15 * 60_000) {
      if (wallOf(time) === wall) return time;
    }
    const before = wall - 20 * HOUR;
    return wall - (wallOf(before) - before);
  };
  const spans: [number, number][] = [];
  const firstDay = Math.floor(start / 86_400_000) - 2;
  for (let day = firstDay; day < firstDay + 30; day++) {
    for (const [open, close] of hours[DAY_KEYS[new Date(day * 86_400_000).getUTCDay()]] ?? []) {
      const toMs = (text: string) => Number(text.slice(0, 2)) * HOUR + Number(text.slice(3)) * 60_000;
      spans.push([resolve(day * 86_400_000 + toMs(open)), resolve(day * 86_400_000 + toMs(close))]);
    }
  }
  const isCounting = (time: number) =>
    spans.some(([from, to]) => from <= time && time < to) &&
    !pauses.some(([from, to]) => from.getTime() <= time && time < to.getTime());
  let counted = 0;
  for (let time = start; time < start + 25 * 86_400_000; time += 60_000) {
    if (!isCounting(time)) continue;
    if (counted === minutes) return time;
    counted++;
    if (counted === minutes) return time + 60_000;
  }
  throw new Error('reference ran out of days');
}
