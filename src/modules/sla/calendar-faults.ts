import type { FastifyBaseLogger } from 'fastify';
import type { BusinessCalendarTable } from '../../db/types.ts';
import { isKnownTimeZone } from '../../lib/timezone.ts';
import { type BusinessCalendar, findCalendarFault, parseCalendar } from './calendar.ts';

// A calendar stored in the database is configuration, not input: an older version, a restore or a
// hand edit may leave one that no longer parses or never opens. It must never stop the desk, so
// reading one gives either a calendar or one sentence saying what is wrong with it.

export type StoredCalendar = { calendar: BusinessCalendar; problem: null } | { calendar: null; problem: string };

/** A stored calendar ready for the clocks, or why its clocks get no due time ("The calendar "X" has no open hours…"). */
export function readStoredCalendar(row: Pick<BusinessCalendarTable, 'name' | 'definition'>): StoredCalendar {
  let calendar: BusinessCalendar;
  try {
    calendar = parseCalendar(JSON.parse(row.definition));
  } catch (error) {
    const detail = (error as Error).message.replace(/\.$/, '');
    return { calendar: null, problem: `The calendar "${row.name}" cannot be read (${detail}), so its SLA clocks have no due time.` };
  }
  const fault = findCalendarFault(calendar);
  if (fault) return { calendar: null, problem: `The calendar "${row.name}" ${fault.problem}, so its SLA clocks have no due time.` };
  return { calendar, problem: null };
}

/** The zone to show a stored calendar's times in: its own when valid, else UTC. */
export function displayZoneOf(row: Pick<BusinessCalendarTable, 'definition'>): string {
  try {
    const { timezone } = JSON.parse(row.definition) as { timezone?: unknown };
    return typeof timezone === 'string' && isKnownTimeZone(timezone) ? timezone : 'UTC';
  } catch {
    return 'UTC';
  }
}

type WarnLogger = Pick<FastifyBaseLogger, 'warn'>;

const WARN_EVERY_MS = 3_600_000;
// Per logger, so each process (and each test's logger) keeps its own memory; services are rebuilt per
// transaction in places (the inbound processor), so the memory cannot live in the service.
const lastWarned = new WeakMap<WarnLogger, Map<string, number>>();

/**
 * Logs a configuration fault as one warn line, then at most once an hour while it lasts: every ticket
 * change re-evaluates the SLA, and a flood of identical lines would bury everything else.
 */
export function warnConfigurationFault(logger: WarnLogger | undefined, now: number, fault: { workspaceId: string; calendarId: string; problem: string }) {
  if (!logger) return;
  const seen = lastWarned.get(logger) ?? new Map<string, number>();
  lastWarned.set(logger, seen);
  const key = `${fault.workspaceId}\u0000${fault.calendarId}\u0000${fault.problem}`;
  const last = seen.get(key);
  if (last !== undefined && now - last < WARN_EVERY_MS && now >= last) return;
  seen.set(key, now);
  logger.warn({ workspaceId: fault.workspaceId, calendarId: fault.calendarId }, `SLA configuration fault: ${fault.problem}`);
}
