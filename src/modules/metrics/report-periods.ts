// The periods of the weekly, monthly and quarterly service reports, and when a schedule sends one.
// Days are local dates of the workspace (YYYY-MM-DD); weeks run Monday to Sunday. Pure: the agent
// app's presets and the scheduled e-mail both use it.

export const REPORT_PRESETS = ['weekly', 'monthly', 'quarterly'] as const;
export type ReportPreset = (typeof REPORT_PRESETS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Monday 0 … Sunday 6. */
const weekdayIndex = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;

export const addDays = (day: string, days: number) => toDay(toMs(day) + days * DAY_MS);

/** The week, month or quarter that holds `day`. */
export function periodHolding(preset: ReportPreset, day: string): Period {
  const ms = toMs(day);
  if (preset === 'weekly') {
    const monday = ms - weekdayIndex(ms) * DAY_MS;
    return { from: toDay(monday), to: toDay(monday + 6 * DAY_MS) };
  }
  const date = new Date(ms);
  const months = preset === 'monthly' ? 1 : 3;
  const firstMonth = date.getUTCMonth() - (date.getUTCMonth() % months);
  const start = Date.UTC(date.getUTCFullYear(), firstMonth, 1);
  const end = Date.UTC(date.getUTCFullYear(), firstMonth + months, 1) - DAY_MS;
  return { from: toDay(start), to: toDay(end) };
}

/** The last whole week, month or quarter before `day`: what a report sent on `day` covers. */
export const lastWholePeriod = (preset: ReportPreset, day: string): Period => periodHolding(preset, addDays(periodHolding(preset, day).from, -1));

/** The period so far: from the start of the week, month or quarter holding `day` to `day`. */
export const periodToDate = (preset: ReportPreset, day: string): Period => ({ from: periodHolding(preset, day).from, to: day });

/** The period of the same length just before `period`: what a report compares itself with. */
export function previousPeriod(period: Period): Period {
  const days = (toMs(period.to) - toMs(period.from)) / DAY_MS + 1;
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

export interface ScheduleTiming {
  preset: ReportPreset;
  weekday: Weekday;
  /** HH:MM, local. */
  time: string;
}

/**
 * The latest sending moment at or before `localNow` (epoch ms of the local wall clock): weekly
 * schedules send every chosen weekday, monthly ones on the first such weekday of the month,
 * quarterly ones on the first such weekday of January, April, July and October. Returns the local
 * day and its wall-clock instant.
 */
export function latestOccurrence(timing: ScheduleTiming, localNow: number): { day: string; localMs: number } {
  const [hours, minutes] = timing.time.split(':').map(Number);
  const atTime = (dayMs: number) => dayMs + (hours * 60 + minutes) * 60_000;
  const today = Math.floor(localNow / DAY_MS) * DAY_MS;
  const wanted = WEEKDAYS.indexOf(timing.weekday);
  // A quarter's first chosen weekday is at most 92 + 7 days back.
  for (let back = 0; back < 100; back += 1) {
    const dayMs = today - back * DAY_MS;
    if (weekdayIndex(dayMs) !== wanted || atTime(dayMs) > localNow) continue;
    const date = new Date(dayMs);
    const isFirstOfMonth = date.getUTCDate() <= 7;
    if (timing.preset === 'monthly' && !isFirstOfMonth) continue;
    if (timing.preset === 'quarterly' && (!isFirstOfMonth || date.getUTCMonth() % 3 !== 0)) continue;
    return { day: toDay(dayMs), localMs: atTime(dayMs) };
  }
  throw new Error('no sending moment in the last 100 days'); // unreachable: every quarter has one
}
