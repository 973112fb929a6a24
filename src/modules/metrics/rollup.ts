import type { HistogramColumn, MetricDimensions, MetricRollupCounters, TicketMetricTable } from '../../db/types.ts';
import { offsetAt, wallToInstant } from '../sla/business-hours.ts';
import type { ClockName } from '../sla/sla-clock.ts';
import { HISTOGRAM_COLUMNS, histogramCount } from './histogram.ts';
import type { SlaOutcome } from './sla-outcomes.ts';
import type { TicketMeasures } from './ticket-metrics.ts';

// How a ticket's measures are stored and counted in the rollups (pure). A ticket counts on up to
// three local days: its volume and first reply on the day it was created, its first resolution
// (and whether it was ever reopened) on the day it was first resolved, and its resolution, waits,
// replies and one-touch on the day it was last solved, while it stays solved. A change to the
// ticket moves its old contribution out and its new one in. Each SLA clock counts as due (and met or
// not) on the day it was decided. Each duration counted in an average is also counted in its
// histogram (metric_histogram, same key) on the same day.

export type MetricRow = Omit<TicketMetricTable, 'measured_at'>;

/** Every additive figure of a rollup row. */
export const ROLLUP_COUNTERS: ReadonlyArray<keyof MetricRollupCounters> = [
  'created', 'first_replied', 'first_reply_calendar_ms', 'first_reply_business_ms', 'first_resolved',
  'first_resolution_calendar_ms', 'first_resolution_business_ms', 'reopened', 'solved', 'one_touch',
  'full_resolution_calendar_ms', 'full_resolution_business_ms', 'requester_wait_calendar_ms',
  'requester_wait_business_ms', 'agent_wait_calendar_ms', 'agent_wait_business_ms', 'agent_replies', 'escalated', 'handled', 'handle_seconds',
  'sla_acknowledgement_due', 'sla_acknowledgement_met', 'sla_first_response_due', 'sla_first_response_met',
  'sla_next_response_due', 'sla_next_response_met', 'sla_resolution_due', 'sla_resolution_met',
  'csat_answers', 'csat_satisfied', 'csat_score_sum', 'ces_answers', 'ces_score_sum',
];

/** The SLA clocks by the column names they are stored under. */
export const SLA_COLUMNS = {
  acknowledgement: 'sla_acknowledgement',
  firstResponse: 'sla_first_response',
  nextResponse: 'sla_next_response',
  resolution: 'sla_resolution',
} as const satisfies Record<ClockName, string>;

type SlaColumn = (typeof SLA_COLUMNS)[ClockName];
/** Each clock's row and rollup column names, spelled once. */
const SLA_FIELDS = Object.values(SLA_COLUMNS).map((column: SlaColumn) => ({
  column,
  day: `${column}_day` as const,
  due: `${column}_due` as const,
  met: `${column}_met` as const,
}));
export type RollupKey = MetricDimensions & { day: string };
/** Every additive figure of a rollup key: the rollup's counters and the histograms' buckets. */
export type RollupCounters = MetricRollupCounters & Record<HistogramColumn, number>;
export interface RollupDelta {
  key: RollupKey;
  counters: Partial<RollupCounters>;
}

/** The ticket's current CSAT answer (changeable, so counted once, on the day first answered). */
export interface SurveyAnswer {
  score: number;
  ces: number | null;
  answeredAt: number;
}

export interface TicketDimensions {
  /** Escalated beyond the first tier. */
  escalated: boolean;
  /** Work time recorded on the ticket's messages, in seconds. */
  handleSeconds: number;
  teamId: string | null;
  assigneeId: string | null;
  channel: string;
  priority: string;
  tier: string;
  /** The ticket's tags: its contact reasons. */
  tags: ReadonlyArray<string>;
}

const DAY_MS = 86_400_000;
/** Day numbers since 1970 as text: a rebuild names the same few thousand days millions of times. */
const dayTexts = new Map<number, string>();

/** A real date written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(day: string) {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/**
 * The instants a period of local dates covers in a time zone: from the start of `from` to the start
 * of the day after `to` (half-open), so an instant counts in the period exactly when its localDay does.
 */
export function instantsOfLocalDays(timeZone: string, from: string, to: string) {
  return { from: wallToInstant(timeZone, Date.parse(`${from}T00:00:00Z`)), to: wallToInstant(timeZone, Date.parse(`${to}T00:00:00Z`) + DAY_MS) };
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: number, timeZone: string): string {
  const day = Math.floor((at + offsetAt(timeZone, at)) / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

/** The local hour (0–23) of an instant in a time zone. */
export const localHour = (at: number, timeZone: string) => new Date(at + offsetAt(timeZone, at)).getUTCHours();

/** The stored row for a ticket's measures. */
export function toMetricRow(
  ticket: { id: string; workspaceId: string; createdAt: number },
  dimensions: TicketDimensions,
  measures: TicketMeasures,
  sla: Record<ClockName, SlaOutcome>,
  survey: SurveyAnswer | null,
  timeZone: string,
): MetricRow {
  const dayOf = (outcome: SlaOutcome) => (outcome === null ? null : localDay(outcome.at, timeZone));
  return {
    sla_acknowledgement: sla.acknowledgement?.result ?? null,
    sla_acknowledgement_day: dayOf(sla.acknowledgement),
    sla_first_response: sla.firstResponse?.result ?? null,
    sla_first_response_day: dayOf(sla.firstResponse),
    sla_next_response: sla.nextResponse?.result ?? null,
    sla_next_response_day: dayOf(sla.nextResponse),
    sla_resolution: sla.resolution?.result ?? null,
    sla_resolution_day: dayOf(sla.resolution),
    csat_score: survey?.score ?? null,
    ces_score: survey?.ces ?? null,
    csat_day: survey ? localDay(survey.answeredAt, timeZone) : null,
    ticket_id: ticket.id,
    workspace_id: ticket.workspaceId,
    created_day: localDay(ticket.createdAt, timeZone),
    created_hour: localHour(ticket.createdAt, timeZone),
    first_resolved_day: measures.firstResolvedAt === null ? null : localDay(measures.firstResolvedAt, timeZone),
    solved_day: measures.solvedAt === null ? null : localDay(measures.solvedAt, timeZone),
    team_id: dimensions.teamId ?? '',
    agent_id: dimensions.assigneeId ?? '',
    channel: dimensions.channel,
    priority: dimensions.priority,
    tier: dimensions.tier,
    status: measures.finalStatus,
    first_reply_calendar_ms: measures.firstReply?.calendarMs ?? null,
    first_reply_business_ms: measures.firstReply?.businessMs ?? null,
    first_resolution_calendar_ms: measures.firstResolution?.calendarMs ?? null,
    first_resolution_business_ms: measures.firstResolution?.businessMs ?? null,
    full_resolution_calendar_ms: measures.fullResolution?.calendarMs ?? null,
    full_resolution_business_ms: measures.fullResolution?.businessMs ?? null,
    requester_wait_calendar_ms: measures.requesterWait.calendarMs,
    requester_wait_business_ms: measures.requesterWait.businessMs,
    agent_wait_calendar_ms: measures.agentWait.calendarMs,
    agent_wait_business_ms: measures.agentWait.businessMs,
    agent_replies: measures.agentReplies,
    reopens: measures.reopens,
    one_touch: measures.oneTouch ? 1 : 0,
    escalated: dimensions.escalated ? 1 : 0,
    handle_seconds: dimensions.handleSeconds,
    tags: JSON.stringify([...new Set(dimensions.tags)].sort()),
  };
}

/** What one ticket adds to the rollups. */
export function contributionsOf(row: MetricRow): RollupDelta[] {
  const dimensions: MetricDimensions = {
    team_id: row.team_id,
    agent_id: row.agent_id,
    channel: row.channel,
    priority: row.priority,
    tier: row.tier,
  };
  const replied = row.first_reply_calendar_ms !== null;
  const deltas: RollupDelta[] = [
    {
      key: { ...dimensions, day: row.created_day },
      counters: {
        created: 1,
        escalated: row.escalated,
        first_replied: replied ? 1 : 0,
        first_reply_calendar_ms: row.first_reply_calendar_ms ?? 0,
        first_reply_business_ms: row.first_reply_business_ms ?? 0,
        ...histogramCount('first_reply_calendar', row.first_reply_calendar_ms),
        ...histogramCount('first_reply_business', row.first_reply_business_ms),
      },
    },
  ];
  if (row.first_resolved_day !== null) {
    deltas.push({
      key: { ...dimensions, day: row.first_resolved_day },
      counters: {
        first_resolved: 1,
        first_resolution_calendar_ms: row.first_resolution_calendar_ms ?? 0,
        first_resolution_business_ms: row.first_resolution_business_ms ?? 0,
        reopened: row.reopens > 0 ? 1 : 0,
        ...histogramCount('first_resolution_calendar', row.first_resolution_calendar_ms),
        ...histogramCount('first_resolution_business', row.first_resolution_business_ms),
      },
    });
  }
  if (row.solved_day !== null) {
    deltas.push({
      key: { ...dimensions, day: row.solved_day },
      counters: {
        solved: 1,
        one_touch: row.one_touch,
        full_resolution_calendar_ms: row.full_resolution_calendar_ms ?? 0,
        full_resolution_business_ms: row.full_resolution_business_ms ?? 0,
        requester_wait_calendar_ms: row.requester_wait_calendar_ms,
        requester_wait_business_ms: row.requester_wait_business_ms,
        agent_wait_calendar_ms: row.agent_wait_calendar_ms,
        agent_wait_business_ms: row.agent_wait_business_ms,
        agent_replies: row.agent_replies,
        handled: row.handle_seconds > 0 ? 1 : 0,
        handle_seconds: row.handle_seconds,
        ...histogramCount('full_resolution_calendar', row.full_resolution_calendar_ms),
        ...histogramCount('full_resolution_business', row.full_resolution_business_ms),
        ...histogramCount('requester_wait_calendar', row.requester_wait_calendar_ms),
        ...histogramCount('requester_wait_business', row.requester_wait_business_ms),
        ...histogramCount('agent_wait_calendar', row.agent_wait_calendar_ms),
        ...histogramCount('agent_wait_business', row.agent_wait_business_ms),
      },
    });
  }
  if (row.csat_day !== null && row.csat_score !== null) {
    deltas.push({
      key: { ...dimensions, day: row.csat_day },
      counters: {
        csat_answers: 1,
        csat_satisfied: row.csat_score >= 4 ? 1 : 0,
        csat_score_sum: row.csat_score,
        ces_answers: row.ces_score === null ? 0 : 1,
        ces_score_sum: row.ces_score ?? 0,
      },
    });
  }
  for (const { column, day: dayColumn, due, met } of SLA_FIELDS) {
    const day = row[dayColumn];
    if (day === null || row[column] === null) continue;
    deltas.push({ key: { ...dimensions, day }, counters: { [due]: 1, [met]: row[column] === 'met' ? 1 : 0 } });
  }
  return deltas;
}

// Ids, channels and dates hold no control characters: \u0001 cannot make two keys collide.
const keyText = (key: RollupKey) => `${key.day}\u0001${key.team_id}\u0001${key.agent_id}\u0001${key.channel}\u0001${key.priority}\u0001${key.tier}`;

/**
 * Sums contributions into one delta per rollup row: `before` rows are taken out, `after` rows put
 * in. Rows whose every counter nets to zero are left out (nothing to write). In key order, so two
 * slices writing overlapping rows lock them in the same order and never deadlock on PostgreSQL.
 */
export function netDeltas(changes: ReadonlyArray<{ before?: MetricRow; after?: MetricRow }>): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  const add = (row: MetricRow, sign: 1 | -1) => {
    for (const { key, counters } of contributionsOf(row)) {
      const text = keyText(key);
      const total = byKey.get(text) ?? { key, counters: {} };
      for (const [name, value] of Object.entries(counters) as Array<[keyof RollupCounters, number]>) {
        total.counters[name] = (total.counters[name] ?? 0) + sign * value;
      }
      byKey.set(text, total);
    }
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta)
    .filter((delta) => Object.values(delta.counters).some((value) => value !== 0));
}

export interface VolumeDelta {
  day: string;
  hour: number;
  channel: string;
  created: number;
}

/** New-ticket counts per local day × hour × channel that the changes move (zero nets left out), in key order. */
export function netVolumeDeltas(changes: ReadonlyArray<{ before?: MetricRow; after?: MetricRow }>): VolumeDelta[] {
  const byKey = new Map<string, VolumeDelta>();
  const add = (row: MetricRow, sign: 1 | -1) => {
    const text = JSON.stringify([row.created_day, row.created_hour, row.channel]);
    const total = byKey.get(text) ?? { day: row.created_day, hour: row.created_hour, channel: row.channel, created: 0 };
    total.created += sign;
    byKey.set(text, total);
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta)
    .filter((delta) => delta.created !== 0);
}

export interface TagDelta extends MetricDimensions {
  day: string;
  tag: string;
  created: number;
}

/** New-ticket counts per local day × tag × dimensions that the changes move (zero nets left out), in key order. */
export function netTagDeltas(changes: ReadonlyArray<{ before?: MetricRow; after?: MetricRow }>): TagDelta[] {
  const byKey = new Map<string, TagDelta>();
  const add = (row: MetricRow, sign: 1 | -1) => {
    for (const tag of JSON.parse(row.tags) as string[]) {
      const key = { day: row.created_day, tag, team_id: row.team_id, agent_id: row.agent_id, channel: row.channel, priority: row.priority, tier: row.tier };
      const text = JSON.stringify(Object.values(key));
      const total = byKey.get(text) ?? { ...key, created: 0 };
      total.created += sign;
      byKey.set(text, total);
    }
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta)
    .filter((delta) => delta.created !== 0);
}

const sortedByKey = <Row>(byKey: Map<string, Row>) => [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);

export interface DeskHistogramDelta {
  day: string;
  counters: Partial<Record<HistogramColumn, number>>;
}

/** The histograms' bucket deltas summed by day over every dimension (the whole desk's rows), zero nets left out, in day order. */
export function deskHistogramDeltas(deltas: ReadonlyArray<RollupDelta>): DeskHistogramDelta[] {
  const byDay = new Map<string, DeskHistogramDelta>();
  for (const { key, counters } of deltas) {
    const total = byDay.get(key.day) ?? { day: key.day, counters: {} };
    for (const column of HISTOGRAM_COLUMNS) {
      const value = counters[column];
      if (value) total.counters[column] = (total.counters[column] ?? 0) + value;
    }
    byDay.set(key.day, total);
  }
  return sortedByKey(byDay).filter((delta) => Object.values(delta.counters).some((value) => value !== 0));
}

/** Tag deltas summed by day and tag over every dimension (the whole desk's rows), zero nets left out, in key order. */
export function deskTagDeltas(deltas: ReadonlyArray<TagDelta>): Array<{ day: string; tag: string; created: number }> {
  const byKey = new Map<string, { day: string; tag: string; created: number }>();
  for (const { day, tag, created } of deltas) {
    const text = `${day}\u0001${tag}`;
    const total = byKey.get(text) ?? { day, tag, created: 0 };
    total.created += created;
    byKey.set(text, total);
  }
  return sortedByKey(byKey).filter((delta) => delta.created !== 0);
}
