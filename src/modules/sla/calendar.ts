import { isKnownTimeZone } from '../../lib/timezone.ts';
import { type Static, Type } from '@sinclair/typebox';
import { invalid } from '../../lib/errors.ts';
import { CLOSED_DAYS_LIMIT, weekdayOf } from './business-hours.ts';

const DAY_MS = 86_400_000;

/** Day keys in `Date.getUTCDay()` order, so index 0 is Sunday. */
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

const ClockTime = Type.String({
  pattern: '^(?:[01]?\\d|2[0-3]):[0-5]\\d$|^24:00$',
  description: 'Local wall-clock time HH:MM; "24:00" is the end of the day.',
});
const OpeningInterval = Type.Tuple([ClockTime, ClockTime], {
  description: 'Half-open [open, close) on the local clock; open must be before close.',
});
const DayHours = Type.Array(OpeningInterval);

/** A business-hours calendar as users write it (CLI files, API bodies). `parseCalendar` checks the rules a schema cannot. */
export const CalendarDefinition = Type.Object({
  timezone: Type.String({ description: 'IANA time zone, e.g. "Europe/Berlin".' }),
  alwaysOpen: Type.Optional(Type.Boolean({ description: 'Open 24/7 (holidays still close).' })),
  hours: Type.Optional(
    Type.Partial(
      Type.Object({
        mon: DayHours,
        tue: DayHours,
        wed: DayHours,
        thu: DayHours,
        fri: DayHours,
        sat: DayHours,
        sun: DayHours,
      }),
      { additionalProperties: false, description: 'Opening intervals per day; a day with no entry is closed.' },
    ),
  ),
  holidays: Type.Optional(
    Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), {
      description: 'Local dates (YYYY-MM-DD) closed all day.',
    }),
  ),
});
export type CalendarDefinition = Static<typeof CalendarDefinition>;

/** An opening range as [from, to) milliseconds after local midnight; `to` may be a full day (24:00). */
export type DayRange = readonly [number, number];

/** A validated calendar, ready for the business-hours functions. */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** Opening ranges per weekday (index 0 = Sunday), sorted and merged so none overlap. */
  readonly weeklyHours: ReadonlyArray<ReadonlyArray<DayRange>>;
  /**
   * The same intervals as written (sorted, not merged). They are mapped to real time one by one and
   * merged there: merging wall times first would differ where an interval ends in a skipped hour.
   */
  readonly weeklyIntervals: ReadonlyArray<ReadonlyArray<DayRange>>;
  /** Closed local dates, as whole days since 1970-01-01. */
  readonly holidays: ReadonlySet<number>;
}

// Full names are accepted too because people write them; the documented keys are the short ones.
const DAY_ALIASES: Record<string, number> = Object.fromEntries(
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].flatMap((name, index) => [
    [name, index],
    [name.slice(0, 3), index],
  ]),
);


/** Turns a user-written calendar (parsed JSON) into a `BusinessCalendar`, or throws `invalid` naming the first problem. */
export function parseCalendar(input: unknown): BusinessCalendar {
  if (!isPlainObject(input)) throw invalid('The calendar must be a JSON object with a "timezone".');
  const { timezone, alwaysOpen, hours, holidays } = input;
  if (typeof timezone !== 'string' || timezone.trim() === '') {
    throw invalid('The calendar needs a "timezone", e.g. "Europe/Berlin".', { timezone: 'required' });
  }
  if (!isKnownTimeZone(timezone)) throw invalid(`Unknown time zone "${timezone}".`, { timezone: 'unknown' });
  if (alwaysOpen !== undefined && typeof alwaysOpen !== 'boolean') {
    throw invalid('"alwaysOpen" must be true or false.', { alwaysOpen: 'boolean' });
  }
  const weeklyIntervals = alwaysOpen ? WEEKDAY_KEYS.map((): DayRange[] => [[0, DAY_MS]]) : parseWeeklyHours(hours);
  return { timeZone: timezone, weeklyHours: weeklyIntervals.map(mergeRanges), weeklyIntervals, holidays: parseHolidays(holidays) };
}

/** Why a calendar can never time an SLA clock, naming the part of its definition at fault. */
export interface CalendarFault {
  field: 'hours' | 'holidays';
  /** Completes "The calendar …", e.g. "has no open hours". */
  problem: string;
}

/**
 * The fault of a calendar that parses but never opens: no opening hours at all, or holidays that close
 * every open day for ten years or more (business-hours.ts then treats it as never opening again).
 * Null when the calendar opens.
 */
export function findCalendarFault(calendar: BusinessCalendar): CalendarFault | null {
  const isOpenWeekday = (day: number) => calendar.weeklyHours[weekdayOf(day)].length > 0;
  if (!calendar.weeklyHours.some((ranges) => ranges.length > 0)) return { field: 'hours', problem: 'has no open hours' };
  const closedOpenDays = [...calendar.holidays].filter(isOpenWeekday).sort((a, b) => a - b);
  // Consecutive closed open-weekdays form one run unless an open weekday without a holiday lies between.
  const isContiguous = (from: number, to: number) => {
    for (let day = from + 1; day < to; day++) if (isOpenWeekday(day)) return false;
    return true;
  };
  // The nearest open weekday is within a week, and the one next to a run is no holiday by construction.
  const nearestOpenDay = (day: number, step: 1 | -1) => {
    let next = day + step;
    while (!isOpenWeekday(next)) next += step;
    return next;
  };
  let runStart = closedOpenDays[0];
  for (let index = 0; index < closedOpenDays.length; index++) {
    const day = closedOpenDays[index];
    if (index > 0 && !isContiguous(closedOpenDays[index - 1], day)) runStart = day;
    const next = closedOpenDays[index + 1];
    if (next !== undefined && isContiguous(day, next)) continue;
    const openBefore = nearestOpenDay(runStart, -1);
    if (nearestOpenDay(day, 1) - openBefore - 1 >= CLOSED_DAYS_LIMIT) {
      const from = new Date(runStart * DAY_MS).toISOString().slice(0, 10);
      return { field: 'holidays', problem: `is closed on every open day for ten years or more from ${from} (holidays)` };
    }
  }
  return null;
}

function parseWeeklyHours(hours: unknown): DayRange[][] {
  const week: DayRange[][] = WEEKDAY_KEYS.map(() => []);
  if (hours === undefined || hours === null) return week;
  if (!isPlainObject(hours)) {
    throw invalid('"hours" must be an object mapping days (mon … sun) to lists like [["09:00","17:00"]].', {
      hours: 'object',
    });
  }
  for (const [key, intervals] of Object.entries(hours)) {
    const weekday = DAY_ALIASES[key.toLowerCase()];
    if (weekday === undefined) {
      throw invalid(`Unknown day "${key}" in hours: use mon, tue, wed, thu, fri, sat or sun.`, { hours: 'day' });
    }
    if (!Array.isArray(intervals)) {
      throw invalid(`Hours for ${key} must be a list of intervals like [["09:00","17:00"]].`, { hours: key });
    }
    for (const interval of intervals) week[weekday].push(parseInterval(key, interval));
  }
  return week.map((ranges) => [...ranges].sort((a, b) => a[0] - b[0]));
}

function parseInterval(day: string, interval: unknown): DayRange {
  if (!Array.isArray(interval) || interval.length !== 2 || interval.some((time) => typeof time !== 'string')) {
    throw invalid(`Each interval on ${day} must be a pair like ["09:00","17:00"], not ${JSON.stringify(interval)}.`, {
      hours: day,
    });
  }
  const [open, close] = interval as [string, string];
  const from = parseClockTime(day, open);
  const to = parseClockTime(day, close);
  if (to <= from) {
    throw invalid(`Interval ["${open}","${close}"] on ${day} must end after it starts.`, { hours: day });
  }
  return [from, to];
}

function parseClockTime(day: string, text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = match ? Number(match[1]) : Number.NaN;
  const minutes = match ? Number(match[2]) : Number.NaN;
  const isValid = hours >= 0 && minutes >= 0 && minutes <= 59 && (hours <= 23 || (hours === 24 && minutes === 0));
  if (!isValid) {
    throw invalid(`Invalid time "${text}" on ${day}: use HH:MM between 00:00 and 24:00.`, { hours: day });
  }
  return (hours * 60 + minutes) * 60_000;
}

// Overlapping intervals on one day count once: the desk is simply open.
function mergeRanges(ranges: DayRange[]): DayRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function parseHolidays(holidays: unknown): Set<number> {
  if (holidays === undefined || holidays === null) return new Set();
  if (!Array.isArray(holidays)) {
    throw invalid('"holidays" must be a list of dates like "2026-12-25".', { holidays: 'array' });
  }
  return new Set(
    holidays.map((holiday) => {
      const day = typeof holiday === 'string' ? parseLocalDate(holiday) : undefined;
      if (day === undefined) {
        throw invalid(`Invalid holiday ${JSON.stringify(holiday)}: use a real date as YYYY-MM-DD.`, {
          holidays: 'date',
        });
      }
      return day;
    }),
  );
}

/** Days since 1970-01-01 for a real calendar date "YYYY-MM-DD", or undefined. */
export function parseLocalDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime() / DAY_MS;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
