import { tzOffset } from '@date-fns/tz';
import { invalid } from '../../lib/errors.ts';
import type { BusinessCalendar } from './calendar.ts';

// Business time is real elapsed time while the calendar is open. Opening hours are local wall-clock
// times on local dates; each is turned into a real instant, so an interval 00:00–06:00 holds 5 real
// hours on a spring-forward night and 7 on a fall-back night. Everything below works in epoch
// milliseconds; `Date` appears only at the exported edges.

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** The last instant a `Date` can hold. */
const MAX_TIME = 8.64e15;
/** A calendar closed this long is treated as never opening again (the guard against endless searches). */
export const CLOSED_DAYS_LIMIT = 3653;
/** Wider than any UTC offset (the widest is +14:00). */
const MAX_OFFSET = 15 * 3_600_000;

/** A pause in the SLA clock: wall-clock instants [start, end) during which no business time passes. */
export type Pause = readonly [Date, Date];
type Span = [number, number];

/**
 * A due time, or why none exists. `reason` is one sentence about the calendar (it never opens, or the
 * due time lies beyond what a `Date` can hold): a fact of the configuration, not a fault of the caller.
 */
export type DueTime = { readonly at: Date } | { readonly reason: string };

/**
 * The instant the `minutes`-th business minute is completed, counting from `start` (or from the next
 * opening when `start` is outside business hours). A target used up exactly at a closing time, or when
 * a pause begins, is due at that instant; zero minutes is due at the first business instant at or after
 * `start`. Fractional minutes are allowed and counted to the millisecond.
 * A calendar that never opens gives a `reason` instead of a due time; only invalid arguments (not an
 * instant, negative minutes, a pause ending before it starts) throw `invalid`.
 */
export function addBusinessMinutes(
  calendar: BusinessCalendar,
  start: Date,
  minutes: number,
  pauses: ReadonlyArray<Pause> = [],
): DueTime {
  const startTime = readInstant(start, 'The start');
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw invalid(`Business minutes must be a number of 0 or more, not ${minutes}.`);
  }
  const breaks = mergePauses(pauses);
  const weekMs = measureOpenWeek(calendar);
  if (weekMs === 0) return { reason: NO_OPEN_HOURS };
  const steadyFrom = findSteadyStart(calendar, breaks);

  let remaining = Math.round(minutes * MINUTE);
  // Out-of-range targets fail before any search. A real week never holds more than its opening hours
  // plus a day (a fall-back repeats an hour or two at most), so the week count is a safe lower bound.
  if (startTime + Math.max(remaining, (remaining / (weekMs + DAY) - 1) * WEEK) > MAX_TIME) return { reason: BEYOND_RANGE };
  let cursor = startTime;
  for (;;) {
    // Far-off targets skip whole weeks at once: past the last holiday and pause, and while the zone's
    // offset holds still, every 7 real days hold exactly one week of opening hours.
    if (cursor >= steadyFrom && remaining > weekMs) {
      const weeks = countSteadyWeeks(calendar.timeZone, cursor, Math.ceil(remaining / weekMs) - 1);
      cursor += weeks * WEEK;
      remaining -= weeks * weekMs;
    }
    let isSkipping = false;
    for (const [from, to] of findBusinessSpans(calendar, cursor, breaks)) {
      if (remaining <= to - from) return from + remaining > MAX_TIME ? { reason: BEYOND_RANGE } : { at: new Date(from + remaining) };
      remaining -= to - from;
      cursor = to;
      if (remaining > 2 * weekMs && canSkipWeek(calendar.timeZone, cursor, steadyFrom)) {
        isSkipping = true;
        break;
      }
    }
    // The walk ended: the calendar stays closed from here on, or the last representable day came first.
    if (!isSkipping) return { reason: cursor > MAX_TIME - (CLOSED_DAYS_LIMIT + 3) * DAY ? BEYOND_RANGE : closedForTenYears(cursor) };
  }
}

/**
 * Business time in milliseconds between two instants: the open time in [from, to) minus the pauses.
 * Zero when `to` is not after `from`.
 */
export function businessMillisBetween(
  calendar: BusinessCalendar,
  from: Date,
  to: Date,
  pauses: ReadonlyArray<Pause> = [],
): number {
  const fromTime = readInstant(from, 'The start');
  const toTime = readInstant(to, 'The end');
  const breaks = mergePauses(pauses);
  const weekMs = measureOpenWeek(calendar);
  if (toTime <= fromTime || weekMs === 0) return 0;
  const steadyFrom = findSteadyStart(calendar, breaks);

  let total = 0;
  let cursor = fromTime;
  for (;;) {
    if (cursor >= steadyFrom && toTime - cursor > WEEK) {
      const weeks = countSteadyWeeks(calendar.timeZone, cursor, Math.floor((toTime - cursor) / WEEK));
      cursor += weeks * WEEK;
      total += weeks * weekMs;
    }
    let isSkipping = false;
    for (const [spanFrom, spanTo] of findBusinessSpans(calendar, cursor, breaks, toTime)) {
      if (spanFrom >= toTime) return total;
      total += Math.min(spanTo, toTime) - spanFrom;
      if (spanTo >= toTime) return total;
      cursor = spanTo;
      if (toTime - cursor > 2 * WEEK && canSkipWeek(calendar.timeZone, cursor, steadyFrom)) {
        isSkipping = true;
        break;
      }
    }
    if (!isSkipping) return total;
  }
}

/** Whether the SLA clock runs at `at`: the calendar is open and no pause covers it. */
export function isBusinessTime(calendar: BusinessCalendar, at: Date, pauses: ReadonlyArray<Pause> = []): boolean {
  const time = readInstant(at, 'The instant');
  for (const [from] of findBusinessSpans(calendar, time, mergePauses(pauses), time)) return from === time;
  return false;
}

/**
 * The business periods (open and not paused) from `from` on, in order, disjoint, as real instants.
 * The first one starts at `from` when `from` is business time. Endless for a calendar that keeps opening;
 * stop iterating when you have seen enough.
 */
export function* listBusinessPeriods(
  calendar: BusinessCalendar,
  from: Date,
  pauses: ReadonlyArray<Pause> = [],
): Generator<[Date, Date]> {
  for (const [start, end] of findBusinessSpans(calendar, readInstant(from, 'The start'), mergePauses(pauses))) {
    yield [new Date(start), new Date(end)];
  }
}

/** Open spans minus pauses; when a pause outlasts an open span the calendar walk restarts at its end. */
function* findBusinessSpans(
  calendar: BusinessCalendar,
  from: number,
  breaks: ReadonlyArray<Span>,
  until = Number.POSITIVE_INFINITY,
): Generator<Span> {
  let cursor = from;
  let next = 0;
  restart: for (;;) {
    for (const [openFrom, openTo] of findOpenSpans(calendar, cursor, until)) {
      let spanFrom = openFrom;
      while (next < breaks.length && breaks[next][1] <= spanFrom) next++;
      while (spanFrom < openTo) {
        const pause = breaks[next];
        if (!pause || pause[0] >= openTo) {
          yield [spanFrom, openTo];
          break;
        }
        if (pause[0] > spanFrom) yield [spanFrom, pause[0]];
        if (pause[1] > openTo) {
          // A long pause (a ticket on hold for months) would otherwise walk every closed day inside it.
          cursor = pause[1];
          continue restart;
        }
        spanFrom = pause[1];
        next++;
      }
    }
    return;
  }
}

/**
 * The calendar's open spans from `from` on (clipped to start no earlier), in order and disjoint.
 * Stops once a day starts after `until`, when the calendar stays closed for ten years (it is treated as
 * never opening again), or at the last day a `Date` can hold.
 */
function* findOpenSpans(calendar: BusinessCalendar, from: number, until: number): Generator<Span> {
  const { timeZone, weeklyIntervals, holidays } = calendar;
  // Mapping wall times to instants is not monotonic inside a spring-forward gap (02:30 becomes 03:30,
  // later than 03:00), so one day's intervals, or two days' around midnight, can overlap once mapped.
  // Spans wait in `pending` until no later day can reach back to them, and overlaps merge there.
  let pending: Span[] = [];
  let lastEnd = from;
  // Start a day early: yesterday's hours may reach past local midnight once mapped to real time.
  let day = localDayOf(timeZone, from) - 1;
  let lastOpenDay = day;
  for (;;) {
    const midnight = day * DAY;
    if (midnight - DAY > until) break;
    if (midnight + 2 * DAY > MAX_TIME) break;
    if (!holidays.has(day)) {
      for (const [openMs, closeMs] of weeklyIntervals[weekdayOf(day)]) {
        const close = wallToInstant(timeZone, midnight + closeMs);
        if (close <= lastEnd) continue;
        const open = Math.max(wallToInstant(timeZone, midnight + openMs), lastEnd);
        if (open >= close) continue;
        pending.push([open, close]);
        lastOpenDay = day;
      }
      pending = mergeSpans(pending);
    }
    // Later days' wall times start at the next local midnight, and no offset exceeds 14 hours.
    const settled = midnight + DAY - MAX_OFFSET;
    while (pending.length > 0 && pending[0][1] <= settled) {
      const span = pending.shift() as Span;
      lastEnd = span[1];
      yield span;
    }
    day++;
    if (day - lastOpenDay > CLOSED_DAYS_LIMIT) break;
  }
  yield* pending;
}

/** Sorts spans and merges the overlapping ones; touching spans stay apart so a 24/7 week still yields day by day. */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const [from, to] of spans) {
    const last = merged.at(-1);
    if (last && from < last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * The real instant of a local wall-clock time (given as epoch milliseconds read as local time).
 * Resolution follows RFC 5545 and Temporal's "compatible": a wall time skipped by a spring-forward
 * gap keeps the offset from before the gap (02:30 becomes 03:30), and a wall time repeated by a
 * fall-back means its first occurrence.
 */
export function wallToInstant(timeZone: string, wall: number): number {
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const early = wall - before;
  const late = wall - after;
  const isEarlyValid = offsetAt(timeZone, early) === before;
  if (before === after && isEarlyValid) return early;
  const isLateValid = offsetAt(timeZone, late) === after;
  if (isEarlyValid && isLateValid) return Math.min(early, late);
  if (isEarlyValid) return early;
  if (isLateValid) return late;
  return early;
}

function zoneOffsetAt(timeZone: string, time: number): number {
  // Historical local-mean-time offsets carry seconds; rounding keeps instants on whole milliseconds.
  return Math.round(tzOffset(timeZone, new Date(time)) * MINUTE);
}

/**
 * Offsets by quarter hour of UTC time: asking Intl costs microseconds per call and the SLA engine asks
 * hundreds of times per ticket. A quarter is cached only when its first and last millisecond agree,
 * i.e. no transition falls inside it (zones change offset at most once in a quarter hour).
 */
const QUARTER = 15 * MINUTE;
const quarterOffsets = new Map<string, number>();

/** The zone's UTC offset at an instant, in milliseconds (cached by quarter hour). */
export function offsetAt(timeZone: string, time: number): number {
  const quarter = Math.floor(time / QUARTER);
  const key = `${timeZone} ${quarter}`;
  const cached = quarterOffsets.get(key);
  if (cached !== undefined) return cached;
  const start = zoneOffsetAt(timeZone, quarter * QUARTER);
  if (start !== zoneOffsetAt(timeZone, quarter * QUARTER + QUARTER - 1)) return zoneOffsetAt(timeZone, time);
  if (quarterOffsets.size >= 100_000) quarterOffsets.clear();
  quarterOffsets.set(key, start);
  return start;
}

/** The local date of an instant, as whole days since 1970-01-01. */
function localDayOf(timeZone: string, time: number): number {
  return Math.floor((time + offsetAt(timeZone, time)) / DAY);
}

export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps days before 1970 positive.
  return (((day + 4) % 7) + 7) % 7;
}

// Calendars are immutable once parsed; the metrics ask for the same one's week thousands of times.
const openWeeks = new WeakMap<BusinessCalendar, number>();

function measureOpenWeek(calendar: BusinessCalendar): number {
  let week = openWeeks.get(calendar);
  if (week === undefined) {
    week = calendar.weeklyHours.flat().reduce((sum, [from, to]) => sum + to - from, 0);
    openWeeks.set(calendar, week);
  }
  return week;
}

/** From this instant on no holiday or pause interrupts the weekly pattern. */
function findSteadyStart(calendar: BusinessCalendar, breaks: ReadonlyArray<Span>): number {
  // A loop, not Math.max(...holidays): a spread of many thousand dates overflows the call stack.
  let lastHoliday = Number.NEGATIVE_INFINITY;
  for (const holiday of calendar.holidays) lastHoliday = Math.max(lastHoliday, holiday);
  const afterHolidays =
    lastHoliday === Number.NEGATIVE_INFINITY
      ? Number.NEGATIVE_INFINITY
      : wallToInstant(calendar.timeZone, (lastHoliday + 1) * DAY);
  return Math.max(afterHolidays, breaks.at(-1)?.[1] ?? Number.NEGATIVE_INFINITY);
}

function canSkipWeek(timeZone: string, time: number, steadyFrom: number): boolean {
  return time >= steadyFrom && countSteadyWeeks(timeZone, time, 1) === 1;
}

/**
 * How many whole weeks (up to `wanted`) from `time` keep the zone's offset unchanged. Sampled weekly:
 * no zone changes its offset and back again within one week. The day before must be steady too: just
 * after a transition, instants in a repeated or skipped hour are open or closed by how their interval's
 * ends were resolved, not by their own wall time, so the plain weekly pattern would miscount them.
 */
function countSteadyWeeks(timeZone: string, time: number, wanted: number): number {
  const offset = offsetAt(timeZone, time);
  if (offsetAt(timeZone, time - DAY) !== offset) return 0;
  let weeks = 0;
  while (weeks < wanted && time + (weeks + 1) * WEEK < MAX_TIME - 2 * DAY) {
    if (offsetAt(timeZone, time + (weeks + 1) * WEEK) !== offset) break;
    weeks++;
  }
  return weeks;
}

// Overlapping pauses count as their union.
function mergePauses(pauses: ReadonlyArray<Pause>): Span[] {
  const spans = pauses.map(([start, end]): Span => {
    const from = readInstant(start, 'A pause start');
    const to = readInstant(end, 'A pause end');
    if (to < from) {
      throw invalid(`A pause must not end before it starts (${start.toISOString()} to ${end.toISOString()}).`);
    }
    return [from, to];
  });
  return mergeSpans(spans.filter(([from, to]) => to > from));
}

function readInstant(date: Date, what: string): number {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw invalid(`${what} is not a valid instant.`);
  return time;
}

const NO_OPEN_HOURS = 'The calendar has no open hours, so the due time can never be reached.';
const BEYOND_RANGE = 'The due time falls beyond the year 275000, the last date Rapport can represent.';
const closedForTenYears = (after: number) =>
  `The calendar stays closed for ten years after ${new Date(after).toISOString()}, so the due time can never be reached.`;
