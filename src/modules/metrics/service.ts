import { setTimeout as delay } from 'node:timers/promises';
import type { Db, Executor } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import { parseCalendar, type BusinessCalendar } from '../sla/calendar.ts';
import { readStoredCalendar } from '../sla/calendar-faults.ts';
import type { TicketStatus } from '../tickets/schema.ts';
import * as repo from './repo.ts';
import { contributionsOf, deskHistogramDeltas, type MetricRow, netDeltas, netTagDeltas, netVolumeDeltas, ROLLUP_COUNTERS, toMetricRow } from './rollup.ts';
import { readStoredClocks, slaOutcomes } from './sla-outcomes.ts';
import { type HistoryEvent, measureTicket, type StatusChangeTarget, type TicketHistory } from './ticket-metrics.ts';

// Keeps `ticket_metric` and `metric_rollup` equal to what the metric engine computes from the raw
// history. Use cases mark the tickets they change (`markMetricsDue`, in their own transaction);
// the projector measures them in slices of a few hundred, one short transaction each, and walks a
// whole workspace the same way when its calendars change or `rapport kpi rebuild` asks.

/** Tickets measured per transaction: a few tens of milliseconds, so writers and the event loop keep moving. */
export const METRIC_SLICE = 200;

const ALWAYS_OPEN = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
const TIER_RANK: Record<string, number> = { standard: 0, premium: 1, enterprise: 2 };

type Loaded = Awaited<ReturnType<typeof repo.loadTicketHistories>>;

/** Groups rows by ticket id, keeping their order. */
function byTicket<Row extends { ticket_id: string }>(rows: Row[]) {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.ticket_id, [...(groups.get(row.ticket_id) ?? []), row]);
  return groups;
}

/** The stored rows of one ticket as the metric engine's history (statuses are built-in categories). */
export function historyOf(
  ticket: { created_at: number; status: string },
  statusEvents: ReadonlyArray<{ old_value: string | null; new_value: string | null; created_at: number }>,
  messages: ReadonlyArray<{ direction: string; is_internal: number; author_type: string; created_at: number }>,
): TicketHistory {
  const events: HistoryEvent[] = [];
  // A ticket created in another status than new (an agent logging a call as solved) got it at once.
  const initialStatus = (statusEvents[0]?.old_value ?? ticket.status) as TicketStatus;
  if (initialStatus !== 'new') events.push({ at: ticket.created_at, type: 'status', status: initialStatus });
  const messageEvents: HistoryEvent[] = messages.map((message) =>
    message.direction === 'inbound'
      ? { at: message.created_at, type: 'customer_message' }
      : message.is_internal === 1
        ? { at: message.created_at, type: 'note' }
        : { at: message.created_at, type: 'agent_reply', automated: message.author_type === 'system' },
  );
  const statusChanges: HistoryEvent[] = statusEvents
    .filter((event) => event.new_value !== null && event.new_value !== 'new')
    .map((event) => ({ at: event.created_at, type: 'status', status: event.new_value as StatusChangeTarget }));
  // Merged by time; at the same instant the message comes first (a reply that solves, a message that reopens).
  let m = 0;
  let s = 0;
  while (m < messageEvents.length || s < statusChanges.length) {
    const takeMessage = s >= statusChanges.length || (m < messageEvents.length && messageEvents[m].at <= statusChanges[s].at);
    events.push(takeMessage ? messageEvents[m++] : statusChanges[s++]);
  }
  const first = messages[0];
  return { createdAt: ticket.created_at, openedBy: first && first.direction === 'outbound' && first.is_internal === 0 ? 'agent' : 'customer', events };
}

/** The rows the engine computes for loaded tickets, as of `now`. */
function measureLoaded(loaded: Loaded, now: number): MetricRow[] {
  const statusEvents = byTicket(loaded.statusEvents);
  const messages = byTicket(loaded.messages);
  const calendars = new Map<string, BusinessCalendar>();
  for (const row of loaded.calendars) {
    // A calendar that cannot time an SLA clock cannot measure business time either: around the clock instead.
    calendars.set(row.id, readStoredCalendar(row).calendar ?? ALWAYS_OPEN);
  }
  const timeZones = new Map(loaded.workspaces.map((workspace) => [workspace.id, workspace.timezone]));
  return loaded.tickets.map((ticket) => {
    const history = historyOf(ticket, statusEvents.get(ticket.id) ?? [], messages.get(ticket.id) ?? []);
    const calendar = (ticket.calendar_id && calendars.get(ticket.calendar_id)) || ALWAYS_OPEN;
    const asOf = Math.max(now, ticket.created_at);
    const tier = (TIER_RANK[ticket.organisation_tier ?? ''] ?? -1) > (TIER_RANK[ticket.contact_tier] ?? 0) ? ticket.organisation_tier! : ticket.contact_tier;
    return toMetricRow(
      { id: ticket.id, workspaceId: ticket.workspace_id, createdAt: ticket.created_at },
      {
        escalated: ticket.escalation_tier > 1,
        handleSeconds: (messages.get(ticket.id) ?? []).reduce((sum, message) => sum + (message.time_spent_seconds ?? 0), 0),
        teamId: ticket.team_id, assigneeId: ticket.assignee_id, channel: ticket.channel, priority: ticket.priority, tier,
        tags: JSON.parse(ticket.tags) as string[],
      },
      measureTicket(history, calendar, asOf),
      slaOutcomes(readStoredClocks(ticket.sla_state), asOf),
      ticket.survey_score !== null && ticket.survey_answered_at !== null
        ? { score: ticket.survey_score, ces: ticket.survey_ces, answeredAt: ticket.survey_answered_at }
        : null,
      timeZones.get(ticket.workspace_id) ?? 'UTC',
    );
  });
}

/** Measures these tickets again and moves their rollup contributions, in the caller's transaction. */
export async function remeasureTickets(tx: Executor, ticketIds: string[], now: number) {
  const before = new Map((await repo.findMetricRowsForUpdate(tx, ticketIds)).map((row) => [row.ticket_id, row]));
  const after = measureLoaded(await repo.loadTicketHistories(tx, ticketIds), now);
  const measured = new Set(after.map((row) => row.ticket_id));
  const gone = ticketIds.filter((id) => !measured.has(id) && before.has(id));
  const changes: Array<{ before?: MetricRow; after?: MetricRow }> = [
    ...after.map((row) => ({ before: before.get(row.ticket_id), after: row })),
    ...gone.map((id) => ({ before: before.get(id) })),
  ];
  const byWorkspace = new Map<string, typeof changes>();
  for (const change of changes) {
    const workspaceId = (change.after ?? change.before)!.workspace_id;
    byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), change]);
  }
  // Days before a workspace's frozen horizon are summaries whose raw data may be gone: left as they are.
  const frozenBefore = new Map((await repo.findHorizons(tx, [...byWorkspace.keys()])).map((horizon) => [horizon.workspace_id, horizon.frozen_before]));
  for (const [workspaceId, workspaceChanges] of byWorkspace) {
    const from = frozenBefore.get(workspaceId) ?? '';
    const deltas = netDeltas(workspaceChanges).filter((delta) => delta.key.day >= from);
    await repo.applyRollupDeltas(tx, workspaceId, deltas.filter((delta) => ROLLUP_COUNTERS.some((name) => (delta.counters[name] ?? 0) !== 0)));
    await repo.applyHistogramDeltas(tx, workspaceId, deltas, 'metric_histogram');
    await repo.applyHistogramDeltas(tx, workspaceId, deskHistogramDeltas(deltas), 'metric_histogram_desk');
    await repo.applyVolumeDeltas(tx, workspaceId, netVolumeDeltas(workspaceChanges).filter((delta) => delta.day >= from));
    await repo.applyTagDeltas(tx, workspaceId, netTagDeltas(workspaceChanges).filter((delta) => delta.day >= from));
  }
  await repo.saveMetricRows(tx, after, now);
  await repo.deleteMetricRows(tx, gone);
}

export interface MetricsProjectorOptions {
  db: Db;
  clock: Clock;
  sliceSize?: number;
  pollMs?: number;
  /** A rest after each slice of a re-measure, so a server working through an import keeps answering at once. */
  rebuildPauseMs?: number;
  logger?: { error(object: unknown, message: string): void };
}

export function createMetricsProjector({ db, clock, sliceSize = METRIC_SLICE, pollMs = 1000, rebuildPauseMs = 0, logger }: MetricsProjectorOptions) {
  /** One slice of due tickets; returns how many it measured. */
  const refreshDue = () =>
    db.transaction().execute(async (tx) => {
      const claimed = await repo.claimDueTickets(tx, sliceSize);
      if (claimed.length === 0) return 0;
      await remeasureTickets(
        tx,
        claimed.map((row) => row.ticket_id),
        clock.now().getTime(),
      );
      await repo.settleDueTickets(tx, claimed);
      return claimed.length;
    });

  /** One slice of a requested workspace rebuild; returns how many tickets it measured. */
  const continueRebuild = () =>
    db.transaction().execute(async (tx) => {
      const rebuild = await repo.claimRebuild(tx);
      if (!rebuild) return 0;
      const ticketIds = await repo.listTicketIdsAfter(tx, rebuild.workspace_id, rebuild.after_id, sliceSize);
      await remeasureTickets(tx, ticketIds, clock.now().getTime());
      const isDone = ticketIds.length < sliceSize;
      await repo.advanceRebuild(tx, rebuild.workspace_id, rebuild.requested_at, isDone ? null : ticketIds[ticketIds.length - 1]);
      // A finished walk reports at least one so the loop looks again at once (another workspace may wait).
      return Math.max(ticketIds.length, 1);
    });

  // Due tickets first: what agents just did shows before a long rebuild is through.
  const runOnce = async () => {
    const due = await refreshDue();
    if (due > 0) return due;
    const rebuilt = await continueRebuild();
    if (rebuilt > 0 && rebuildPauseMs > 0) await delay(rebuildPauseMs);
    return rebuilt;
  };
  const loop = createPollingLoop({ name: 'metrics projector', runOnce, intervalMs: pollMs, runAtStart: true, logger });
  return { runOnce, drain: loop.drain, start: loop.start, stop: loop.stop, nudge: loop.nudge };
}

export type MetricsProjector = ReturnType<typeof createMetricsProjector>;

/**
 * `rapport kpi rebuild`: drops every workspace's metrics and measures every ticket again from the
 * raw history, a slice per transaction (a running server's projector may take slices too).
 * Rollup days before a workspace's frozen horizon (set by the retention job) are kept as they are:
 * their raw data may be gone, so measuring again could only lose figures. Returns how many tickets
 * were measured.
 */
export async function rebuildAllMetrics(db: Db, clock: Clock, onProgress?: (slices: number) => void) {
  const tickets = await db.transaction().execute(async (tx) => {
    const workspaceIds = (await tx.selectFrom('workspace').select('id').execute()).map((row) => row.id);
    const frozenBefore = new Map((await repo.findHorizons(tx, workspaceIds)).map((horizon) => [horizon.workspace_id, horizon.frozen_before]));
    for (const id of workspaceIds) {
      await repo.clearWorkspaceMetrics(tx, id, frozenBefore.get(id));
      await repo.requestRebuild(tx, id, clock.now().getTime());
    }
    return Number((await tx.selectFrom('ticket').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  });
  // Larger slices than the server's: fewer, fuller rollup writes, still short enough for a server beside it.
  const projector = createMetricsProjector({ db, clock, sliceSize: 2.5 * METRIC_SLICE });
  let slices = 0;
  while ((await projector.runOnce()) > 0) onProgress?.(++slices);
  return tickets;
}

// What the retention job needs of the metric engine (docs/metrics.md, "Retention").

/** The workspace's horizons, if the retention job ever set them. */
export const readMetricHorizon = async (db: Executor, workspaceId: string) => (await repo.findHorizons(db, [workspaceId]))[0];

/** Freezes the rollup days before `frozenBefore` and marks those before `removedBefore` as removed (never moves back). */
export const advanceMetricHorizon = repo.advanceHorizon;

/** Removes the summaries (rollup and volume rows) of up to `maxDays` of the oldest days before a day; returns the rows removed. */
export const removeSummaryDays = repo.deleteSummaryDays;

export const countSummaryRowsBefore = repo.countSummaryRowsBefore;

/** The last local day each ticket counts on in the rollups; tickets never measured, or due to be measured again, are missing. */
export async function lastCountedDays(db: Executor, ticketIds: string[]) {
  const days = new Map<string, string>();
  const [rows, due] = await Promise.all([repo.findMetricRows(db, ticketIds), repo.findDueTickets(db, ticketIds)]);
  const isDue = new Set(due.map((row) => row.ticket_id));
  for (const row of rows) {
    if (isDue.has(row.ticket_id)) continue;
    // Days are YYYY-MM-DD: the last in text order is the latest.
    days.set(row.ticket_id, contributionsOf(row).map(({ key }) => key.day).sort().at(-1) ?? row.created_day);
  }
  return days;
}
