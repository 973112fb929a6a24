import { sql } from 'kysely';
import type { Executor, MetricRollupCounters } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { forbidden, invalid } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor, type Page, pageLimit } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { ClockName } from '../sla/sla-clock.ts';
import { DEFAULT_COST_PER_CONTACT, DEFAULT_REPORT_TARGETS } from './report-defaults.ts';
import { findHorizons } from './repo.ts';
import { HISTOGRAM_COLUMNS, percentilesOf } from './histogram.ts';
import { instantsOfLocalDays, isCalendarDate, ROLLUP_COUNTERS, SLA_COLUMNS } from './rollup.ts';
import { netPromoterScoreOf, ratio, UNRESOLVED_STATUSES } from './ticket-metrics.ts';

// Service reports from the rollups (never from raw tickets) and the drill-down from any figure to
// exactly the tickets it counts, from the per-ticket metric rows. Definitions: docs/metrics.md.

export interface ReportFilter {
  from: string;
  to: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  priority?: string;
  tier?: string;
}

/** Which day a drill-down counts tickets on: the figure's own (docs/metrics.md). */
export type CountedOn = 'created' | 'first-resolved' | 'solved' | 'surveyed';

export interface DrillDownFilter extends ReportFilter {
  on: CountedOn;
  /** Tickets whose SLA clock was decided in the period (then `on` is ignored), optionally only met or breached ones. */
  slaClock?: ClockName;
  slaResult?: 'met' | 'breached';
  /** Only tickets that were (or were not) one-touch / reopened / replied to. */
  oneTouch?: boolean;
  reopened?: boolean;
  replied?: boolean;
  /** With on=surveyed: only CSAT answers of 4–5 (true) or 1–3 (false). */
  satisfied?: boolean;
  escalated?: boolean;
  /** Only tickets with this tag (a contact reason). */
  tag?: string;
  cursor?: string;
  limit?: number;
}

const MAX_DAYS = 731;
const DIMENSIONS = { teamId: 'team_id', agentId: 'agent_id', channel: 'channel', priority: 'priority', tier: 'tier' } as const;

type Sums = Record<keyof MetricRollupCounters, number>;

const averageOf = (count: number, calendarMs: number, businessMs: number) => ({
  count,
  averageCalendarMinutes: ratio(calendarMs, count * 60_000),
  averageBusinessMinutes: ratio(businessMs, count * 60_000),
});

/** The KPIs of summed rollup counters. */
export function kpisOf(sums: Sums) {
  return {
    created: sums.created,
    solved: sums.solved,
    firstResolved: sums.first_resolved,
    oneTouch: sums.one_touch,
    reopened: sums.reopened,
    fcrPercent: ratio(sums.one_touch, sums.solved, 100),
    reopenedPercent: ratio(sums.reopened, sums.first_resolved, 100),
    firstReply: averageOf(sums.first_replied, sums.first_reply_calendar_ms, sums.first_reply_business_ms),
    firstResolution: averageOf(sums.first_resolved, sums.first_resolution_calendar_ms, sums.first_resolution_business_ms),
    fullResolution: averageOf(sums.solved, sums.full_resolution_calendar_ms, sums.full_resolution_business_ms),
    requesterWait: averageOf(sums.solved, sums.requester_wait_calendar_ms, sums.requester_wait_business_ms),
    agentWait: averageOf(sums.solved, sums.agent_wait_calendar_ms, sums.agent_wait_business_ms),
    agentRepliesPerSolved: ratio(sums.agent_replies, sums.solved),
    handleTime: { tickets: sums.handled, averageMinutes: ratio(sums.handle_seconds, sums.handled * 60) },
    escalated: sums.escalated,
    escalationRatePercent: ratio(sums.escalated, sums.created, 100),
    csat: {
      answers: sums.csat_answers,
      satisfied: sums.csat_satisfied,
      percent: ratio(sums.csat_satisfied, sums.csat_answers, 100),
      averageScore: ratio(sums.csat_score_sum, sums.csat_answers),
    },
    ces: { answers: sums.ces_answers, averageScore: ratio(sums.ces_score_sum, sums.ces_answers) },
    slaAdherence: Object.fromEntries(
      Object.entries(SLA_COLUMNS).map(([clock, column]) => {
        const due = sums[`${column}_due`];
        const met = sums[`${column}_met`];
        return [clock, { due, met, percent: ratio(met, due, 100) }];
      }),
    ) as Record<ClockName, { due: number; met: number; percent: number | null }>,
  };
}

function checkPeriod({ from, to }: ReportFilter) {
  for (const [field, day] of [['from', from], ['to', to]] as const) {
    if (!isCalendarDate(day)) {
      throw invalid(`${field} must be a date like 2026-03-01`, { [field]: 'not a date (YYYY-MM-DD)' });
    }
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0) throw invalid('to must not be before from', { to: 'before from' });
  if (days >= MAX_DAYS) throw invalid(`A report covers at most ${MAX_DAYS} days`, { to: `more than ${MAX_DAYS} days after from` });
}

/** Backlog age buckets: open for less than a day, 1–3 days, 3–7 days, 7–30 days, 30 days or more. */
export const BACKLOG_AGES = [
  { key: 'under1d', maxDays: 1 },
  { key: '1to3d', maxDays: 3 },
  { key: '3to7d', maxDays: 7 },
  { key: '7to30d', maxDays: 30 },
  { key: 'over30d', maxDays: null },
] as const;


/** Contacts (new tickets) per channel priced at a cost per contact: the total, the blended cost per contact, per channel. */
export function priceContacts(
  pricing: { currency: string; unitCosts: Record<string, number | undefined> },
  contactsByChannel: ReadonlyArray<{ channel: string; created: number }>,
) {
  const byChannel = contactsByChannel.map(({ channel, created }) => {
    const unitCost = pricing.unitCosts[channel] ?? 0;
    return { channel, contacts: created, unitCost, total: created * unitCost };
  });
  const contacts = byChannel.reduce((sum, row) => sum + row.contacts, 0);
  const total = byChannel.reduce((sum, row) => sum + row.total, 0);
  return { currency: pricing.currency, contacts, total, perContact: ratio(total, contacts), byChannel };
}

/**
 * What the retention job left of the period: days before `rawDataRemovedBefore` are served from the
 * summaries kept after their raw data went (their drill-down lists only the tickets still held),
 * days before `summariesRemovedBefore` have no figures any more.
 */
function retentionOf(period: Pick<ReportFilter, 'from'>, horizon: { frozen_before: string; removed_before: string } | undefined) {
  return {
    rawDataRemovedBefore: horizon?.frozen_before ?? null,
    summariesRemovedBefore: horizon?.removed_before ?? null,
    fromSummaries: horizon !== undefined && period.from < horizon.frozen_before,
    partlyRemoved: horizon !== undefined && period.from < horizon.removed_before,
  };
}

/**
 * Supervisors and admins see every figure; agents (and read-only staff) their own and their
 * teams': with neither an agent nor a team asked for, their own. Returns the filter in force.
 */
export async function scopeFigures<F extends { agentId?: string; teamId?: string }>(db: Executor, actor: Actor, filter: F): Promise<F> {
  if (actor.role === 'admin' || actor.role === 'supervisor') return filter;
  if (filter.agentId === undefined && filter.teamId === undefined) return { ...filter, agentId: actor.userId };
  if (filter.agentId === actor.userId) return filter;
  if (filter.teamId) {
    const member = await db
      .selectFrom('team_member')
      .select('team_id')
      .where('team_id', '=', filter.teamId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (member) return filter;
  }
  throw forbidden("Agents see their own figures and their teams': set agentId to yourself or teamId to one of your teams");
}

export const isManager = (actor: Actor) => actor.role === 'admin' || actor.role === 'supervisor';

export interface ReportDeps {
  settings(workspaceId: string): Promise<{
    timezone: string;
    currency?: string;
    costPerContact?: Record<string, number | undefined>;
    reportTargets?: Partial<Omit<typeof DEFAULT_REPORT_TARGETS, 'ahtMinutes'>> & { ahtMinutes?: Record<string, { min: number; max: number } | undefined> };
  }>;
  /** NPS answers first given in [from, to), by group (the surveys module's). */
  npsScoreGroups(workspaceId: string, from: number, to: number): Promise<{ promoters: number; passives: number; detractors: number }>;
}

/** The NPS figure of a period's answers by group (the metric engine's formula). */
export function npsFigureOf(groups: { promoters: number; passives: number; detractors: number }) {
  const answers = groups.promoters + groups.passives + groups.detractors;
  return { answers, ...groups, score: netPromoterScoreOf(groups.promoters, groups.detractors, answers) };
}

export function createReportService({ db, clock }: ServiceContext, deps: ReportDeps) {
  async function pricingOf(workspaceId: string) {
    const settings = await deps.settings(workspaceId);
    return { currency: settings.currency ?? 'USD', unitCosts: { ...DEFAULT_COST_PER_CONTACT, ...settings.costPerContact } };
  }

  async function targetsOf(workspaceId: string) {
    const targets = (await deps.settings(workspaceId)).reportTargets ?? {};
    const ahtMinutes = Object.entries({ ...DEFAULT_REPORT_TARGETS.ahtMinutes, ...targets.ahtMinutes }).filter(
      (entry): entry is [string, { min: number; max: number }] => entry[1] !== undefined,
    );
    return { ...DEFAULT_REPORT_TARGETS, ...targets, ahtMinutes: Object.fromEntries(ahtMinutes) };
  }

  const dimensionFilters = (filter: ReportFilter) =>
    Object.entries(DIMENSIONS)
      .map(([field, column]) => [column, filter[field as keyof typeof DIMENSIONS]] as const)
      .filter((entry): entry is readonly [(typeof DIMENSIONS)[keyof typeof DIMENSIONS], string] => entry[1] !== undefined);

  const scoped = <F extends { agentId?: string; teamId?: string }>(actor: Actor, filter: F) => scopeFigures(db, actor, filter);

  function rollupsIn(tx: Executor, workspaceId: string, filter: ReportFilter) {
    let query = tx.selectFrom('metric_rollup').where('workspace_id', '=', workspaceId).where('day', '>=', filter.from).where('day', '<=', filter.to);
    for (const [column, value] of dimensionFilters(filter)) query = query.where(column, '=', value);
    return query;
  }

  // The whole desk reads a row a day; a slice the rows of its dimensions.
  function histogramSumsIn(workspaceId: string, filter: ReportFilter) {
    const dimensions = dimensionFilters(filter);
    if (dimensions.length === 0) {
      return db.selectFrom('metric_histogram_desk').select(histogramSums).where('workspace_id', '=', workspaceId).where('day', '>=', filter.from).where('day', '<=', filter.to).executeTakeFirst();
    }
    let query = db.selectFrom('metric_histogram').select(histogramSums).where('workspace_id', '=', workspaceId).where('day', '>=', filter.from).where('day', '<=', filter.to);
    for (const [column, value] of dimensions) query = query.where(column, '=', value);
    return query.executeTakeFirst();
  }
  const histogramSums = HISTOGRAM_COLUMNS.map((name) => sql<number>`coalesce(sum(${sql.ref(name)}), 0)`.as(name));

  const sumColumns = ROLLUP_COUNTERS.map((name) => sql<number>`coalesce(sum(${sql.ref(name)}), 0)`.as(name));
  const toSums = (row: Record<string, unknown>) => Object.fromEntries(ROLLUP_COUNTERS.map((name) => [name, Number(row[name] ?? 0)])) as Sums;

  return {
    /** KPIs for the period, with the same figures per day and per channel. */
    async kpis(actor: Actor, asked: ReportFilter) {
      checkPeriod(asked);
      const filter = await scoped(actor, asked);
      const settings = await deps.settings(actor.workspaceId);
      // NPS is about the relationship, not a ticket: answers of the whole workspace, whatever the slice.
      const period = instantsOfLocalDays(settings.timezone ?? 'UTC', filter.from, filter.to);
      const [total, byDay, byChannel, histograms, npsGroups, horizons] = await Promise.all([
        rollupsIn(db, actor.workspaceId, filter).select(sumColumns).executeTakeFirst(),
        rollupsIn(db, actor.workspaceId, filter).select(['day', ...sumColumns]).groupBy('day').orderBy('day').execute(),
        rollupsIn(db, actor.workspaceId, filter).select(['channel', ...sumColumns]).groupBy('channel').orderBy('channel').execute(),
        histogramSumsIn(actor.workspaceId, filter),
        deps.npsScoreGroups(actor.workspaceId, period.from, period.to),
        findHorizons(db, [actor.workspaceId]),
      ]);
      return {
        ...filter,
        retention: retentionOf(filter, horizons[0]),
        targets: await targetsOf(actor.workspaceId),
        cost: priceContacts(await pricingOf(actor.workspaceId), byChannel.map((row) => ({ channel: row.channel, created: Number(row.created) }))),
        totals: kpisOf(toSums(total ?? {})),
        percentiles: percentilesOf((histograms ?? {}) as Record<string, number>),
        nps: npsFigureOf(npsGroups),
        byDay: byDay.map((row) => ({ day: row.day, ...kpisOf(toSums(row)) })),
        byChannel: byChannel.map((row) => ({ channel: row.channel, ...kpisOf(toSums(row)) })),
      };
    },

    /**
     * The backlog now: unresolved tickets by status and by age since creation, live from the
     * ticket table (its status × created index answers each count without reading rows).
     */
    async backlog(actor: Actor, asked: Pick<ReportFilter, 'teamId' | 'agentId'>) {
      const filter = await scoped(actor, asked);
      const now = clock.now().getTime();
      const bounds = BACKLOG_AGES.map(({ maxDays }) => (maxDays === null ? null : now - maxDays * 86_400_000));
      let query = db
        .selectFrom('ticket')
        .select((eb) => [
          'status',
          eb.fn.countAll<number>().as('total'),
          ...BACKLOG_AGES.map(({ key }, index) => {
            const newerThan = bounds[index];
            const olderThan = index === 0 ? null : bounds[index - 1];
            const conditions = [...(newerThan === null ? [] : [eb('created_at', '>', newerThan)]), ...(olderThan === null ? [] : [eb('created_at', '<=', olderThan)])];
            return eb.fn.sum<number>(eb.case().when(eb.and(conditions)).then(1).else(0).end()).as(key);
          }),
        ])
        .where('workspace_id', '=', actor.workspaceId)
        .where('status', 'in', UNRESOLVED_STATUSES);
      if (filter.teamId !== undefined) query = filter.teamId === '' ? query.where('team_id', 'is', null) : query.where('team_id', '=', filter.teamId);
      if (filter.agentId !== undefined) query = filter.agentId === '' ? query.where('assignee_id', 'is', null) : query.where('assignee_id', '=', filter.agentId);
      const rows = await query.groupBy('status').execute();
      const byStatus = UNRESOLVED_STATUSES.map((status) => {
        const row = rows.find((r) => r.status === status);
        return {
          status,
          total: Number(row?.total ?? 0),
          byAge: Object.fromEntries(BACKLOG_AGES.map(({ key }) => [key, Number(row?.[key] ?? 0)])) as Record<(typeof BACKLOG_AGES)[number]['key'], number>,
        };
      });
      return { asOf: new Date(now).toISOString(), total: byStatus.reduce((sum, row) => sum + row.total, 0), byStatus };
    },

    /** Cost per contact month by month over the last `months` months (this one included), with the channel mix behind it. */
    async costTrend(actor: Actor, months: number) {
      const today = new Date(clock.now().getTime());
      const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (months - 1), 1));
      const from = first.toISOString().slice(0, 10);
      const rows = await db
        .selectFrom('metric_rollup')
        .select([sql<string>`substr(day, 1, 7)`.as('month'), 'channel', (eb) => eb.fn.sum<number>('created').as('created')])
        .where('workspace_id', '=', actor.workspaceId)
        .where('day', '>=', from)
        .groupBy([sql`substr(day, 1, 7)`, 'channel'])
        .execute();
      const monthsList = Array.from({ length: months }, (_, index) => new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + index, 1)).toISOString().slice(0, 7));
      const pricing = await pricingOf(actor.workspaceId);
      const trend = monthsList.map((month) => {
        const cost = priceContacts(pricing, rows.filter((row) => row.month === month).map((row) => ({ channel: row.channel, created: Number(row.created) })));
        return { month, contacts: cost.contacts, total: cost.total, perContact: cost.perContact };
      });
      return { currency: pricing.currency, months: trend };
    },

    /** New tickets of the period by local hour of day (0–23) and weekday (Monday first), from the hourly volume rows. */
    async volume(actor: Actor, filter: Pick<ReportFilter, 'from' | 'to' | 'channel'>) {
      checkPeriod(filter);
      let query = db
        .selectFrom('metric_volume')
        .select(['day', 'hour', (eb) => eb.fn.sum<number>('created').as('created')])
        .where('workspace_id', '=', actor.workspaceId)
        .where('day', '>=', filter.from)
        .where('day', '<=', filter.to);
      if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
      const rows = await query.groupBy(['day', 'hour']).execute();
      const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, created: 0 }));
      const byWeekday = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({ weekday, created: 0, days: 0 }));
      for (const row of rows) {
        byHour[row.hour].created += Number(row.created);
        byWeekday[(new Date(`${row.day}T00:00:00Z`).getUTCDay() + 6) % 7].created += Number(row.created);
      }
      // How many of each weekday the period holds, so a planner can read an average per day.
      for (let day = Date.parse(`${filter.from}T00:00:00Z`); day <= Date.parse(`${filter.to}T00:00:00Z`); day += 86_400_000) {
        byWeekday[(new Date(day).getUTCDay() + 6) % 7].days += 1;
      }
      return { ...filter, total: byHour.reduce((sum, hour) => sum + hour.created, 0), byHour, byWeekday };
    },

    /** The tags of the period's new tickets, most frequent first (a ticket counts under each of its tags). */
    async contactReasons(actor: Actor, asked: ReportFilter & { limit?: number }) {
      checkPeriod(asked);
      const { limit, ...filter } = await scoped(actor, asked);
      const dimensions = dimensionFilters(filter);
      // The whole desk reads its day × tag rows; a slice the rows of its dimensions.
      let query = db
        .selectFrom(dimensions.length === 0 ? 'metric_tag_desk' : 'metric_tag')
        .select(['tag', (eb) => eb.fn.sum<number>('created').as('created')])
        .where('workspace_id', '=', actor.workspaceId)
        .where('day', '>=', filter.from)
        .where('day', '<=', filter.to);
      for (const [column, value] of dimensions) query = query.where(sql.ref(column), '=', value);
      const rows = await query.groupBy('tag').having((eb) => eb.fn.sum('created'), '>', 0).orderBy('created', 'desc').orderBy('tag').limit(limit ?? 10).execute();
      return { ...filter, tags: rows.map((row) => ({ tag: row.tag, created: Number(row.created) })) };
    },

    /** Exactly the tickets a figure counts: those counted on a day of the period, by the same dimensions. */
    async tickets(actor: Actor, asked: DrillDownFilter): Promise<Page<{ id: string; number: number; subject: string; status: string; channel: string; createdAt: string }>> {
      checkPeriod(asked);
      const filter = await scoped(actor, asked);
      const slaColumn = filter.slaClock ? (`m.${SLA_COLUMNS[filter.slaClock]}` as const) : undefined;
      const dayColumn = slaColumn
        ? (`${slaColumn}_day` as const)
        : ({ created: 'm.created_day', 'first-resolved': 'm.first_resolved_day', solved: 'm.solved_day', surveyed: 'm.csat_day' } as const)[filter.on];
      const limit = pageLimit(filter.limit);
      const cursor = decodeCursor(filter.cursor);
      let query = db
        .selectFrom('ticket_metric as m')
        .innerJoin('ticket as t', 't.id', 'm.ticket_id')
        .select(['t.id', 't.number', 't.subject', 't.status', 't.channel', 't.created_at'])
        .where('m.workspace_id', '=', actor.workspaceId)
        .where(dayColumn, '>=', filter.from)
        .where(dayColumn, '<=', filter.to);
      for (const [column, value] of dimensionFilters(filter)) query = query.where(`m.${column}`, '=', value);
      if (filter.oneTouch !== undefined) query = query.where('m.one_touch', '=', filter.oneTouch ? 1 : 0);
      if (filter.reopened !== undefined) query = query.where('m.reopens', filter.reopened ? '>' : '=', 0);
      if (filter.escalated !== undefined) query = query.where('m.escalated', '=', filter.escalated ? 1 : 0);
      if (filter.satisfied !== undefined) query = query.where('m.csat_score', filter.satisfied ? '>=' : '<', 4);
      if (slaColumn && filter.slaResult) query = query.where(slaColumn, '=', filter.slaResult);
      if (filter.replied !== undefined) query = query.where('m.first_reply_calendar_ms', filter.replied ? 'is not' : 'is', null);
      if (filter.tag !== undefined) {
        const tag = filter.tag;
        query = query.where(({ exists, selectFrom }) =>
          exists(selectFrom('ticket_tag as g').select('g.ticket_id').whereRef('g.ticket_id', '=', 'm.ticket_id').where('g.workspace_id', '=', actor.workspaceId).where('g.tag', '=', tag)),
        );
      }
      // In the order of the day's index (workspace, day, ticket): a page reads its rows and stops.
      if (cursor) {
        const after = cursor.value;
        if (typeof after !== 'string') throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
        query = query.where((eb) => eb.or([eb(dayColumn, '>', after), eb.and([eb(dayColumn, '=', after), eb('m.ticket_id', '>', cursor.id)])]));
      }
      const rows = await query.select(`${dayColumn} as counted_on`).orderBy(dayColumn).orderBy('m.ticket_id').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => ({ id: row.id, number: row.number, subject: row.subject, status: row.status, channel: row.channel, createdAt: new Date(row.created_at).toISOString() })),
        nextCursor: rows.length > limit && last ? encodeCursor({ value: last.counted_on ?? '', id: last.id }) : null,
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
