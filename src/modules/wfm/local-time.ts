import { wallToInstant, weekdayOf } from '../sla/business-hours.ts';
import { parseLocalDate } from '../sla/calendar.ts';

// Local dates (YYYY-MM-DD) and hours of the workspace's time zone, for the forecast, staffing and shifts.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function readDay(day: string): number {
  const date = parseLocalDate(day);
  if (date === undefined) throw new RangeError(`Not a date: ${day}`);
  return date;
}

export const addDays = (day: string, days: number) => dayText(readDay(day) + days);

/** Whether `day` is a Monday: weeks are named by theirs. */
export function isWeekStart(day: string): boolean {
  const date = parseLocalDate(day);
  return date !== undefined && weekdayOf(date) === 1;
}

/** The Monday of the week a local date falls in. */
export function weekOf(day: string): string {
  const date = readDay(day);
  return dayText(date - ((weekdayOf(date) + 6) % 7));
}

/**
 * The instant a local hour of a local date starts. An hour skipped by a spring-forward change
 * starts when the next one does (so it lasts no time); a repeated one lasts two hours.
 */
export const localHourStart = (timeZone: string, day: string, hour: number) => wallToInstant(timeZone, readDay(day) * DAY_MS + hour * HOUR_MS);

/** The local hours of `days` days from `from`, each with its real start and end. */
export function localHours(timeZone: string, from: string, days: number) {
  const hours = Array.from({ length: days * 24 }, (_, index) => {
    const day = addDays(from, Math.floor(index / 24));
    return { day, hour: index % 24, start: localHourStart(timeZone, day, index % 24) };
  });
  const end = localHourStart(timeZone, addDays(from, days), 0);
  return hours.map((hour, index) => ({ ...hour, end: index + 1 < hours.length ? hours[index + 1].start : end }));
}
