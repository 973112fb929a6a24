import { wallToInstant } from '../sla/business-hours.ts';
import { parseLocalDate, type WeekdayKey } from '../sla/calendar.ts';
import { dayText } from './local-time.ts';
import { WEEK_ORDER } from './vocabulary.ts';

// Shifts as patterns of the workspace's local week, and their instances in real time. Pure: the time
// zone and the week come in. A shift starts on each of its days at its local start time and ends at its
// local end time, the next day when the end is not after the start (22:00–06:00).

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;
/** Every shift needs at least this many senior agents (seed 002). */
export const SENIORS_PER_SHIFT = 2;

export interface ShiftPattern {
  days: ReadonlyArray<WeekdayKey>;
  /** Local HH:MM. */
  start: string;
  /** Local HH:MM, or 24:00; at or before `start` it is the next day. */
  end: string;
}

export interface ShiftInstance {
  /** The local date it starts on. */
  day: string;
  start: number;
  end: number;
}

/** Minutes after local midnight of an HH:MM text (24:00 allowed), or undefined. */
export function parseClockTime(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}

/** Why a shift pattern cannot be worked (the field and a sentence), or null. */
export function findShiftProblem(pattern: ShiftPattern): { field: keyof ShiftPattern; problem: string } | null {
  const start = parseClockTime(pattern.start);
  const end = parseClockTime(pattern.end);
  if (start === undefined || start === 24 * 60) return { field: 'start', problem: 'The start must be a local time from 00:00 to 23:59' };
  if (end === undefined) return { field: 'end', problem: 'The end must be a local time from 00:00 to 24:00' };
  if (start === end % (24 * 60)) return { field: 'end', problem: 'A shift must end at another time than it starts' };
  if (pattern.days.length === 0) return { field: 'days', problem: 'A shift needs at least one day' };
  return null;
}

/** The shift's length in minutes (under 24 hours). */
export function shiftMinutes(pattern: Pick<ShiftPattern, 'start' | 'end'>): number {
  const start = parseClockTime(pattern.start) ?? 0;
  const end = parseClockTime(pattern.end) ?? 0;
  return end > start ? end - start : end + 24 * 60 - start;
}

/** The shift's instances in the week starting on Monday `week`, in real time, Monday first. */
export function shiftInstances(pattern: ShiftPattern, week: string, timeZone: string): ShiftInstance[] {
  const monday = parseLocalDate(week);
  if (monday === undefined) throw new RangeError(`Not a date: ${week}`);
  const start = (parseClockTime(pattern.start) ?? 0) * MINUTE_MS;
  const length = shiftMinutes(pattern) * MINUTE_MS;
  return WEEK_ORDER.flatMap((weekday, offset) => {
    if (!pattern.days.includes(weekday)) return [];
    const midnight = (monday + offset) * DAY_MS;
    // Local wall times, each turned into its instant: across a clock change the shift is an hour longer or shorter.
    return [{ day: dayText(monday + offset), start: wallToInstant(timeZone, midnight + start), end: wallToInstant(timeZone, midnight + start + length) }];
  });
}

/** The minutes of the local week (Monday 00:00 = 0) a pattern covers; the Sunday night part runs past the week's end. */
function weekRanges(pattern: ShiftPattern): Array<[number, number]> {
  const start = parseClockTime(pattern.start) ?? 0;
  const length = shiftMinutes(pattern);
  return WEEK_ORDER.flatMap((weekday, offset) => (pattern.days.includes(weekday) ? [[offset * 1440 + start, offset * 1440 + start + length] as [number, number]] : []));
}

/**
 * Whether an agent on shift `a` in some week and on shift `b` `weekShift` weeks later (−1, 0 or 1)
 * would be on both at once: a shift that ends Monday 06:00 overlaps one of the week before that runs
 * Sunday 22:00–06:00.
 */
export function doShiftsOverlap(a: ShiftPattern, b: ShiftPattern, weekShift: -1 | 0 | 1): boolean {
  const offset = weekShift * WEEK_MINUTES;
  return weekRanges(a).some(([aFrom, aTo]) => weekRanges(b).some(([bFrom, bTo]) => aFrom < bTo + offset && bFrom + offset < aTo));
}

/** The share of [from, to) an instance covers (0 to 1); 0 for an empty interval. */
export function coverageOf(instance: Pick<ShiftInstance, 'start' | 'end'>, from: number, to: number): number {
  if (to <= from) return 0;
  return Math.max(0, Math.min(instance.end, to) - Math.max(instance.start, from)) / (to - from);
}

/** Per day of a shift: who works it, how many are senior, and whether that is fewer than two. */
export function seniorCoverage(days: ReadonlyArray<{ day: string; userIds: ReadonlyArray<string> }>, isSenior: (userId: string) => boolean) {
  return days.map(({ day, userIds }) => {
    const seniors = userIds.filter(isSenior).length;
    return { day, agents: userIds.length, seniors, hasTooFewSeniors: seniors < SENIORS_PER_SHIFT };
  });
}
