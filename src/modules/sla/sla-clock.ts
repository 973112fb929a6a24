import { addBusinessMinutes, businessMillisBetween, type Pause } from './business-hours.ts';
import type { BusinessCalendar } from './calendar.ts';

/**
 * The SLA clocks of one ticket, computed from its facts: pure, no I/O, time passed in.
 *
 * - acknowledgement: from creation to the first outbound public message (agent or automatic).
 * - firstResponse: from creation to the first public agent reply.
 * - nextResponse: from the oldest customer message not yet answered to the next public agent reply.
 * - resolution: from creation to solved; reopening continues it.
 * Every clock stands still while the ticket is in a pausing status (default pending, on-hold) and
 * while it is solved or closed.
 */
export const CLOCKS = ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'] as const;
export type ClockName = (typeof CLOCKS)[number];

export type Targets = Partial<Record<ClockName, number | null>>;

export interface TicketFacts {
  createdAt: number;
  /** The status the ticket had when created, then every change in order. */
  initialStatus: string;
  statusChanges: Array<{ at: number; to: string }>;
  /** Time of the first outbound public message, automatic ones included. */
  acknowledgedAt: number | null;
  firstResponseAt: number | null;
  /** The oldest customer message after the last public agent reply (null when all are answered). */
  unansweredSince: number | null;
  /** Public agent replies after `unansweredSince` stop nextResponse; this is the first such, if any. */
  answeredAt: number | null;
  solvedAt: number | null;
}

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

export interface ClockState {
  clock: ClockName;
  targetMinutes: number;
  startedAt: number;
  /** When the clock's goal was reached (reply sent, ticket solved); null while open. */
  stoppedAt: number | null;
  /** Null while paused: the due instant moves with the pause. */
  dueAt: number | null;
  warnAt: number | null;
  status: ClockStatus;
  /** Business time used so far (or until it stopped), in milliseconds. */
  elapsedMs: number;
  /** The instant the target was missed, when it was. */
  breachedAt: number | null;
  /** Why the clock has no due time (its calendar never opens); null when it has one or it moves while paused. */
  reason: string | null;
}

export interface SlaComputation {
  clocks: ClockState[];
  pauses: Array<[number, number | null]>;
  /** The earliest due instant of a running clock: what the inbox sorts by. */
  nextDueAt: number | null;
}

/** Intervals in which the clocks stand still, from the status history; an open one ends with null. */
export function pausedIntervals(facts: TicketFacts, pausingStatuses: ReadonlySet<string>): Array<[number, number | null]> {
  const stops = (status: string) => pausingStatuses.has(status) || status === 'solved' || status === 'closed';
  const intervals: Array<[number, number | null]> = [];
  let pausedSince: number | null = stops(facts.initialStatus) ? facts.createdAt : null;
  for (const change of [...facts.statusChanges].sort((a, b) => a.at - b.at)) {
    if (stops(change.to) && pausedSince === null) pausedSince = change.at;
    else if (!stops(change.to) && pausedSince !== null) {
      if (change.at > pausedSince) intervals.push([pausedSince, change.at]);
      pausedSince = null;
    }
  }
  if (pausedSince !== null) intervals.push([pausedSince, null]);
  return intervals;
}

function clockWindow(name: ClockName, facts: TicketFacts): { start: number; stop: number | null } | null {
  switch (name) {
    case 'acknowledgement':
      return { start: facts.createdAt, stop: facts.acknowledgedAt };
    case 'firstResponse':
      return { start: facts.createdAt, stop: facts.firstResponseAt };
    case 'nextResponse':
      // Only after the first response: before it, firstResponse is the clock that counts.
      if (facts.firstResponseAt === null || facts.unansweredSince === null) return null;
      return { start: facts.unansweredSince, stop: facts.answeredAt };
    case 'resolution':
      return { start: facts.createdAt, stop: facts.solvedAt };
  }
}

/** A calendar that cannot be read (a stored definition no longer valid): its clocks run with no due time, for this reason. */
export interface UnusableCalendar {
  readonly unusable: string;
}

/**
 * Computes every clock the targets ask for. `warnShare` (e.g. 0.75) places the warning; the
 * calendar is the policy's business hours. Never throws for the calendar's sake: a clock whose due
 * time cannot be found keeps running without one and says why in `reason`.
 */
export function computeSla(
  facts: TicketFacts,
  targets: Targets,
  calendar: BusinessCalendar | UnusableCalendar,
  options: { now: number; warnShare: number; pausingStatuses: ReadonlySet<string> },
): SlaComputation {
  const pauses = pausedIntervals(facts, options.pausingStatuses);
  const pausedNow = pauses.some(([, end]) => end === null);
  const clocks: ClockState[] = [];
  for (const name of CLOCKS) {
    const target = targets[name];
    if (target === undefined || target === null) continue;
    const window = clockWindow(name, facts);
    if (!window) continue;
    const stoppedAt = window.stop;
    const start = new Date(window.start);
    // Pauses count up to the clock's horizon: its stop, or now while a pause is still open.
    const horizon = stoppedAt ?? (pausedNow ? options.now : Number.POSITIVE_INFINITY);
    const clockPauses: Pause[] = pauses
      .filter(([from]) => from < horizon)
      .map(([from, to]) => [new Date(from), new Date(Math.min(to ?? horizon, horizon))]);
    const isPaused = stoppedAt === null && pausedNow;
    const targetMs = target * 60_000;
    const elapsedMs =
      'unusable' in calendar ? 0 : businessMillisBetween(calendar, start, new Date(Math.max(stoppedAt ?? options.now, window.start)), clockPauses);
    // While a pause is open the due instant is unknown (it moves with the pause), unless already missed.
    const { dueAt, warnAt, reason } =
      isPaused && elapsedMs <= targetMs ? { dueAt: null, warnAt: null, reason: null } : findDueTimes(calendar, start, target, options.warnShare, clockPauses);
    let status: ClockStatus;
    if (elapsedMs > targetMs || (dueAt !== null && stoppedAt === null && options.now > dueAt)) status = 'breached';
    else if (stoppedAt !== null) status = 'met';
    else status = isPaused ? 'paused' : 'running';
    const breachedAt = status === 'breached' ? dueAt : null;
    clocks.push({ clock: name, targetMinutes: target, startedAt: window.start, stoppedAt, dueAt, warnAt, status, elapsedMs, breachedAt, reason });
  }
  const running = clocks.filter((c) => c.stoppedAt === null && c.dueAt !== null).map((c) => c.dueAt as number);
  return { clocks, pauses, nextDueAt: running.length ? Math.min(...running) : null };
}

/** A clock's due and warning instants, or why it has none. */
function findDueTimes(calendar: BusinessCalendar | UnusableCalendar, start: Date, target: number, warnShare: number, pauses: Pause[]) {
  const due = 'unusable' in calendar ? { reason: calendar.unusable } : addBusinessMinutes(calendar, start, target, pauses);
  if ('reason' in due || 'unusable' in calendar) return { dueAt: null, warnAt: null, reason: 'reason' in due ? due.reason : null };
  // The warning comes before the due time, so the calendar that reached one reaches the other.
  const warning = addBusinessMinutes(calendar, start, target * warnShare, pauses);
  return { dueAt: due.at.getTime(), warnAt: 'at' in warning ? warning.at.getTime() : null, reason: null };
}

export interface TimerSpec {
  clock: ClockName;
  kind: 'warning' | 'breach';
  fireAt: number;
}

/**
 * The timers that should exist for these clocks: a warning and a breach for every clock that has not
 * stopped before them. Past ones are included, so a breach noticed late still fires (once).
 */
export function timersFor(computation: SlaComputation): TimerSpec[] {
  const timers: TimerSpec[] = [];
  for (const state of computation.clocks) {
    if (state.dueAt === null) continue;
    const stop = state.stoppedAt ?? Number.POSITIVE_INFINITY;
    if (state.warnAt !== null && state.warnAt < stop && state.warnAt < state.dueAt) {
      timers.push({ clock: state.clock, kind: 'warning', fireAt: state.warnAt });
    }
    if (state.dueAt < stop) timers.push({ clock: state.clock, kind: 'breach', fireAt: state.dueAt });
  }
  return timers;
}
