import { sql } from 'kysely';
import type { Actor } from '../../lib/actor.ts';
import { invalid } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor, type Page, pageLimit } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { addDays } from './report-periods.ts';
import { isManager, type ReportDeps, scopeFigures } from './reports.ts';
import { localDay, localHour, SLA_COLUMNS } from './rollup.ts';
import { ratio, UNRESOLVED_STATUSES } from './ticket-metrics.ts';

// The live operations dashboard: what is open now and its SLA state (live from the ticket table's
// status × SLA-due index), today's intake against the same weekday of the last four weeks, CSAT
// today and over 30 days and today's SLA outcomes (from the rollups), agents' availability and open
// follow-ups. Agents see their own and their teams' figures, like the reports.

/** Within this many minutes of its SLA due time a ticket is at risk (the inbox's "Breaching soon"). */
export const SLA_WARNING_MINUTES = 60;
export const SLA_STATES = ['breached', 'warning', 'ok', 'none'] as const;
export type SlaState = (typeof SLA_STATES)[number];

const WEEKS_BACK = 4;

export interface DashboardFilter {
  teamId?: string;
  agentId?: string;
}

export interface OpenTicketsFilter extends DashboardFilter {
  status?: (typeof UNRESOLVED_STATUSES)[number];
  sla?: SlaState;
  channel?: string;
  cursor?: string;
  limit?: number;
}

export interface DashboardDeps {
  settings: ReportDeps['settings'];
  /** Staff who take tickets, with their availability (the routing module's agents). */
  agents(actor: Actor): Promise<Array<{ userId: string; teamIds: string[]; availability: string }>>;
  followUps(actor: Actor): Promise<{ open: number; overdue: number; oldestOpenedAt: string | null; oldestAgeMinutes: number | null }>;
}

export function createDashboardService({ db, clock }: ServiceContext, deps: DashboardDeps) {
  /** The SLA state of an unresolved ticket as a condition on its next due instant. */
  const slaCondition = (state: SlaState, now: number) => {
    const warnUntil = now + SLA_WARNING_MINUTES * 60_000;
    switch (state) {
      case 'breached':
        return sql<boolean>`sla_next_due_at <= ${now}`;
      case 'warning':
        return sql<boolean>`sla_next_due_at > ${now} and sla_next_due_at <= ${warnUntil}`;
      case 'ok':
        return sql<boolean>`sla_next_due_at > ${warnUntil}`;
      case 'none':
        return sql<boolean>`sla_next_due_at is null`;
    }
  };

  /** Unresolved tickets (of one status: then its (status, created) index alone serves the query). */
  function openTicketsQuery(workspaceId: string, filter: DashboardFilter & { channel?: string }, status?: (typeof UNRESOLVED_STATUSES)[number]) {
    let query = db.selectFrom('ticket').where('workspace_id', '=', workspaceId);
    query = status ? query.where('status', '=', status) : query.where('status', 'in', UNRESOLVED_STATUSES);
    if (filter.teamId !== undefined) query = filter.teamId === '' ? query.where('team_id', 'is', null) : query.where('team_id', '=', filter.teamId);
    if (filter.agentId !== undefined) query = filter.agentId === '' ? query.where('assignee_id', 'is', null) : query.where('assignee_id', '=', filter.agentId);
    if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
    return query;
  }

  function rollupsOn(workspaceId: string, filter: DashboardFilter, days: { from: string; to: string } | string[]) {
    let query = db.selectFrom('metric_rollup').where('workspace_id', '=', workspaceId);
    query = Array.isArray(days) ? query.where('day', 'in', days) : query.where('day', '>=', days.from).where('day', '<=', days.to);
    if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
    if (filter.agentId !== undefined) query = query.where('agent_id', '=', filter.agentId);
    return query;
  }

  const sumOf = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)`;

  async function openNow(workspaceId: string, filter: DashboardFilter, now: number) {
    const rows = await openTicketsQuery(workspaceId, filter)
      .select((eb) => [
        'status',
        eb.fn.countAll<number>().as('total'),
        ...SLA_STATES.filter((state) => state !== 'none').map((state) => eb.fn.sum<number>(eb.case().when(slaCondition(state, now)).then(1).else(0).end()).as(state)),
      ])
      .groupBy('status')
      .execute();
    const byStatus = UNRESOLVED_STATUSES.map((status) => {
      const row = rows.find((r) => r.status === status);
      const total = Number(row?.total ?? 0);
      const breached = Number(row?.breached ?? 0);
      const warning = Number(row?.warning ?? 0);
      const ok = Number(row?.ok ?? 0);
      return { status, total, breached, warning, ok, none: total - breached - warning - ok };
    });
    const sum = (key: 'total' | SlaState) => byStatus.reduce((total, row) => total + row[key], 0);
    return { total: sum('total'), breached: sum('breached'), warning: sum('warning'), ok: sum('ok'), none: sum('none'), byStatus };
  }

  /** New tickets today by channel (and hour, for the whole desk) beside the same weekday of the last four weeks. */
  async function volume(workspaceId: string, filter: DashboardFilter, today: string, hourNow: number) {
    const weeks = Array.from({ length: WEEKS_BACK }, (_, index) => addDays(today, -7 * (index + 1)));
    const days = [today, ...weeks];
    const isWholeDesk = filter.teamId === undefined && filter.agentId === undefined;
    // The whole desk reads the hourly volume rows; a slice (a team, an agent) the rollups, which carry its dimensions.
    const rows = isWholeDesk
      ? (
          await db
            .selectFrom('metric_volume')
            .select(['day', 'hour', 'channel', 'created'])
            .where('workspace_id', '=', workspaceId)
            .where('day', 'in', days)
            .execute()
        ).map((row) => ({ day: row.day, hour: Number(row.hour) as number | null, channel: row.channel, created: Number(row.created) }))
      : (
          await rollupsOn(workspaceId, filter, days)
            .select(['day', 'channel', sumOf('created').as('created')])
            .groupBy(['day', 'channel'])
            .execute()
        ).map((row) => ({ day: row.day, hour: null as number | null, channel: row.channel, created: Number(row.created) }));
    const channels = [...new Set(rows.filter((row) => row.created > 0).map((row) => row.channel))];
    const count = (where: (row: (typeof rows)[number]) => boolean) => rows.filter(where).reduce((sum, row) => sum + row.created, 0);
    const byChannel = channels
      .map((channel) => {
        const sameWeekday = weeks.map((day) => count((row) => row.channel === channel && row.day === day));
        return {
          channel,
          today: count((row) => row.channel === channel && row.day === today),
          sameWeekday,
          average: sameWeekday.reduce((sum, n) => sum + n, 0) / WEEKS_BACK,
          // By this hour on those days: what today so far compares with (whole desk only).
          averageSoFar: isWholeDesk ? count((row) => row.channel === channel && row.day !== today && (row.hour ?? 0) <= hourNow) / WEEKS_BACK : null,
        };
      })
      .sort((a, b) => b.today - a.today || b.average - a.average || (a.channel < b.channel ? -1 : 1));
    const byHour = isWholeDesk
      ? Array.from({ length: 24 }, (_, hour) => ({
          hour,
          today: count((row) => row.day === today && row.hour === hour),
          average: count((row) => row.day !== today && row.hour === hour) / WEEKS_BACK,
        }))
      : null;
    const total = count((row) => row.day === today);
    return { today: total, sameWeekdays: weeks, byChannel, byHour };
  }

  async function fromRollups(workspaceId: string, filter: DashboardFilter, today: string) {
    const csatColumns = [sumOf('csat_answers').as('answers'), sumOf('csat_satisfied').as('satisfied')];
    const slaColumns = Object.values(SLA_COLUMNS).flatMap((column) => [sumOf(`${column}_due`).as(`${column}_due`), sumOf(`${column}_met`).as(`${column}_met`)]);
    const from30 = addDays(today, -29);
    const [todayRow, monthRow] = await Promise.all([
      rollupsOn(workspaceId, filter, [today]).select([...csatColumns, ...slaColumns]).executeTakeFirst(),
      rollupsOn(workspaceId, filter, { from: from30, to: today }).select(csatColumns).executeTakeFirst(),
    ]);
    const csatOf = (row: Record<string, unknown> | undefined, from: string) => {
      const answers = Number(row?.answers ?? 0);
      const satisfied = Number(row?.satisfied ?? 0);
      return { from, to: today, answers, satisfied, percent: ratio(satisfied, answers, 100) };
    };
    const slaToday = Object.fromEntries(
      Object.entries(SLA_COLUMNS).map(([clock, column]) => {
        const due = Number((todayRow as Record<string, unknown> | undefined)?.[`${column}_due`] ?? 0);
        const met = Number((todayRow as Record<string, unknown> | undefined)?.[`${column}_met`] ?? 0);
        return [clock, { due, met, breached: due - met, percent: ratio(met, due, 100) }];
      }),
    );
    return { csat: { today: csatOf(todayRow, today), last30Days: csatOf(monthRow, from30) }, slaToday };
  }

  async function agentsAvailable(actor: Actor, filter: DashboardFilter) {
    const agents = await deps.agents(actor);
    // An agent sees the people of their own teams; a team asked for, that team's.
    const teams = filter.teamId ? [filter.teamId] : isManager(actor) && filter.agentId === undefined ? null : (agents.find((a) => a.userId === actor.userId)?.teamIds ?? []);
    const shown = teams === null ? agents : agents.filter((agent) => agent.userId === actor.userId || agent.teamIds.some((team) => teams.includes(team)));
    const count = (availability: string) => shown.filter((agent) => agent.availability === availability).length;
    return { online: count('online'), away: count('away'), offline: count('offline'), total: shown.length };
  }

  return {
    async dashboard(actor: Actor, asked: DashboardFilter) {
      const filter = await scopeFigures(db, actor, asked);
      const now = clock.now().getTime();
      const { timezone } = await deps.settings(actor.workspaceId);
      const today = localDay(now, timezone);
      const [open, intake, rollups, agents, followUps] = await Promise.all([
        openNow(actor.workspaceId, filter, now),
        volume(actor.workspaceId, filter, today, localHour(now, timezone)),
        fromRollups(actor.workspaceId, filter, today),
        agentsAvailable(actor, filter),
        deps.followUps(actor),
      ]);
      return { ...filter, asOf: new Date(now).toISOString(), today, timeZone: timezone, warningMinutes: SLA_WARNING_MINUTES, open, volume: intake, ...rollups, agents, followUps };
    },

    /** Exactly the unresolved tickets a dashboard figure counts: oldest first, or most overdue first for an SLA state. */
    async openTickets(actor: Actor, asked: OpenTicketsFilter): Promise<Page<{ id: string; number: number; subject: string; status: string; channel: string; createdAt: string; slaDueAt: string | null }>> {
      const filter = await scopeFigures(db, actor, asked);
      const now = clock.now().getTime();
      const limit = pageLimit(filter.limit);
      const cursor = decodeCursor(filter.cursor);
      const after = cursor ? Number(cursor.value) : undefined;
      if (cursor && !Number.isFinite(after)) throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
      // One ordered read per status, merged here (one query over several statuses would sort every
      // open ticket first): by SLA due time on the (status, SLA due) index for a running clock's
      // state, the most overdue first; by creation on the (status, created) index otherwise.
      const order = filter.sla !== undefined && filter.sla !== 'none' ? 'sla_next_due_at' : 'created_at';
      const perStatus = await Promise.all(
        (filter.status ? [filter.status] : UNRESOLVED_STATUSES).map((status) => {
          let query = openTicketsQuery(actor.workspaceId, filter, status).select(['id', 'number', 'subject', 'status', 'channel', 'created_at', 'sla_next_due_at']);
          if (filter.sla !== undefined) query = query.where(slaCondition(filter.sla, now));
          if (cursor && after !== undefined) query = query.where((eb) => eb.or([eb(order, '>', after), eb.and([eb(order, '=', after), eb('id', '>', cursor.id)])]));
          return query.orderBy(order).orderBy('id').limit(limit + 1).execute();
        }),
      );
      const rows = perStatus
        .flat()
        .sort((a, b) => Number(a[order]) - Number(b[order]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => ({
          id: row.id,
          number: row.number,
          subject: row.subject,
          status: row.status,
          channel: row.channel,
          createdAt: new Date(row.created_at).toISOString(),
          slaDueAt: row.sla_next_due_at === null ? null : new Date(Number(row.sla_next_due_at)).toISOString(),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor({ value: Number(last[order]), id: last.id }) : null,
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
