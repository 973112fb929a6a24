import { sql } from 'kysely';
import { lockForClaim, lockForUpdate } from '../../db/dialect.ts';
import type { Executor } from '../../db/types.ts';
import type { HistogramColumn } from '../../db/types.ts';
import { HISTOGRAM_COLUMNS } from './histogram.ts';
import { type DeskHistogramDelta, deskTagDeltas, type MetricRow, ROLLUP_COUNTERS, type RollupDelta, type TagDelta, type VolumeDelta } from './rollup.ts';

/** Marks tickets' metrics out of date, in the caller's transaction; a later mark counts up the row's generation. */
export const markMetricsDue = (tx: Executor, tickets: ReadonlyArray<{ workspaceId: string; ticketId: string }>, now: number) =>
  tickets.length
    ? tx
        .insertInto('metric_refresh')
        .values(tickets.map((t) => ({ ticket_id: t.ticketId, workspace_id: t.workspaceId, due_since: now })))
        .onConflict((oc) => oc.column('ticket_id').doUpdateSet({ generation: sql`metric_refresh.generation + 1` }))
        .execute()
    : Promise.resolve();

/** Up to `limit` due tickets, oldest first, locked for the caller's transaction (skipped by other processes). */
export const claimDueTickets = (tx: Executor, limit: number) =>
  lockForClaim(
    tx,
    tx.selectFrom('metric_refresh').select(['ticket_id', 'workspace_id', 'generation']).orderBy('due_since').orderBy('ticket_id').limit(limit),
  ).execute();

/** Done with these tickets: each row goes unless it was marked again while they were measured. */
export async function settleDueTickets(tx: Executor, claimed: ReadonlyArray<{ ticket_id: string; generation: number }>) {
  for (const { ticket_id, generation } of claimed) {
    await tx.deleteFrom('metric_refresh').where('ticket_id', '=', ticket_id).where('generation', '=', generation).execute();
  }
}

export const findDueTickets = (db: Executor, ticketIds: string[]) =>
  ticketIds.length ? db.selectFrom('metric_refresh').select('ticket_id').where('ticket_id', 'in', ticketIds).execute() : Promise.resolve([]);

export const countDueTickets = async (db: Executor) =>
  Number((await db.selectFrom('metric_refresh').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const requestRebuild = (tx: Executor, workspaceId: string, now: number) =>
  tx
    .insertInto('metric_rebuild')
    .values({ workspace_id: workspaceId, requested_at: now, after_id: '' })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ requested_at: now, after_id: '' }))
    .execute();

/** The oldest requested rebuild, locked for the caller's transaction. */
export const claimRebuild = (tx: Executor) =>
  lockForClaim(tx, tx.selectFrom('metric_rebuild').selectAll().orderBy('requested_at').limit(1)).executeTakeFirst();

/** Moves a rebuild on past `afterId`, or ends it when the walk is through (unless it was requested again meanwhile). */
export async function advanceRebuild(tx: Executor, workspaceId: string, requestedAt: number, afterId: string | null) {
  if (afterId === null) await tx.deleteFrom('metric_rebuild').where('workspace_id', '=', workspaceId).where('requested_at', '=', requestedAt).execute();
  else await tx.updateTable('metric_rebuild').set({ after_id: afterId }).where('workspace_id', '=', workspaceId).where('requested_at', '=', requestedAt).execute();
}

export const listTicketIdsAfter = (db: Executor, workspaceId: string, afterId: string, limit: number) =>
  db
    .selectFrom('ticket')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
    .then((rows) => rows.map((row) => row.id));

/** Everything the metric engine reads for these tickets, in four queries whatever their number. */
export async function loadTicketHistories(db: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return { tickets: [], statusEvents: [], messages: [], calendars: [], workspaces: [] };
  const tickets = await db
    .selectFrom('ticket as t')
    .innerJoin('contact as c', 'c.id', 't.requester_id')
    .leftJoin('organisation as o', 'o.id', 't.organisation_id')
    .leftJoin('sla_policy as p', 'p.id', 't.sla_policy_id')
    .leftJoin('survey as s', (join) => join.onRef('s.ticket_id', '=', 't.id').on('s.answered_at', 'is not', null))
    .select([
      't.id', 't.workspace_id', 't.status', 't.channel', 't.tags', 't.priority', 't.team_id', 't.assignee_id', 't.created_at', 't.sla_state', 't.escalation_tier',
      'c.tier as contact_tier', 'o.tier as organisation_tier', 'p.calendar_id', 's.score as survey_score', 's.ces as survey_ces', 's.answered_at as survey_answered_at',
    ])
    .where('t.id', 'in', ticketIds)
    .execute();
  const calendarIds = [...new Set(tickets.map((t) => t.calendar_id).filter((id): id is string => id !== null))];
  const workspaceIds = [...new Set(tickets.map((t) => t.workspace_id))];
  const [statusEvents, messages, calendars, workspaces] = await Promise.all([
    db
      .selectFrom('ticket_event')
      .select(['ticket_id', 'old_value', 'new_value', 'created_at'])
      .where('ticket_id', 'in', ticketIds)
      .where('field', '=', 'status')
      .orderBy('ticket_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('message')
      .select(['ticket_id', 'direction', 'is_internal', 'author_type', 'created_at', 'time_spent_seconds'])
      .where('ticket_id', 'in', ticketIds)
      .orderBy('ticket_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    calendarIds.length
      ? db.selectFrom('business_calendar').select(['id', 'name', 'definition']).where('id', 'in', calendarIds).execute()
      : Promise.resolve([]),
    db.selectFrom('workspace').select(['id', 'timezone']).where('id', 'in', workspaceIds).execute(),
  ]);
  return { tickets, statusEvents, messages, calendars, workspaces };
}

/** The stored rows, locked: a slice measuring the same ticket concurrently waits and then sees this one's result. */
export const findMetricRowsForUpdate = (tx: Executor, ticketIds: string[]) =>
  ticketIds.length ? lockForUpdate(tx, tx.selectFrom('ticket_metric').selectAll().where('ticket_id', 'in', ticketIds)).execute() : Promise.resolve([]);

export async function saveMetricRows(tx: Executor, rows: MetricRow[], now: number) {
  if (rows.length === 0) return;
  await tx.deleteFrom('ticket_metric').where(
    'ticket_id',
    'in',
    rows.map((row) => row.ticket_id),
  ).execute();
  // A few hundred rows per statement keeps under both databases' bound-parameter limits.
  for (let start = 0; start < rows.length; start += 200) {
    await tx.insertInto('ticket_metric').values(rows.slice(start, start + 200).map((row) => ({ ...row, measured_at: now }))).execute();
  }
}

export const deleteMetricRows = (tx: Executor, ticketIds: string[]) =>
  ticketIds.length ? tx.deleteFrom('ticket_metric').where('ticket_id', 'in', ticketIds).execute() : Promise.resolve();

/**
 * Adds each delta to its rollup row (created at zero when missing): increments, so concurrent slices
 * add up. A hundred rows per statement (the deltas' keys are distinct, as PostgreSQL requires).
 */
export async function applyRollupDeltas(tx: Executor, workspaceId: string, deltas: RollupDelta[]) {
  const increments = Object.fromEntries(ROLLUP_COUNTERS.map((name) => [name, sql`metric_rollup.${sql.ref(name)} + excluded.${sql.ref(name)}`]));
  for (let start = 0; start < deltas.length; start += 100) {
    const rows = deltas.slice(start, start + 100).map(({ key, counters }) => ({
      workspace_id: workspaceId,
      ...key,
      ...Object.fromEntries(ROLLUP_COUNTERS.map((name) => [name, counters[name] ?? 0])),
    }));
    await tx
      .insertInto('metric_rollup')
      .values(rows)
      .onConflict((oc) => oc.columns(['workspace_id', 'day', 'team_id', 'agent_id', 'channel', 'priority', 'tier']).doUpdateSet(increments))
      .execute();
  }
}

/**
 * Adds each delta's bucket counts to its histogram row, like `applyRollupDeltas`: per rollup key
 * (metric_histogram) or per day for the whole desk (metric_histogram_desk). A statement names only
 * the buckets its rows touch (a few of the 360), fifty rows at a time.
 */
export async function applyHistogramDeltas(tx: Executor, workspaceId: string, deltas: ReadonlyArray<RollupDelta | DeskHistogramDelta>, table: 'metric_histogram' | 'metric_histogram_desk') {
  const keyColumns = table === 'metric_histogram' ? (['workspace_id', 'day', 'team_id', 'agent_id', 'channel', 'priority', 'tier'] as const) : (['workspace_id', 'day'] as const);
  for (let start = 0; start < deltas.length; start += 50) {
    const chunk = deltas.slice(start, start + 50);
    const touched = HISTOGRAM_COLUMNS.filter((name) => chunk.some((delta) => (delta.counters[name] ?? 0) !== 0));
    if (touched.length === 0) continue;
    const rows = chunk.map((delta) => ({
      workspace_id: workspaceId,
      ...('key' in delta ? delta.key : { day: delta.day }),
      ...Object.fromEntries(touched.map((name) => [name, delta.counters[name] ?? 0])),
    }));
    await tx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: both tables share the bucket columns; the key columns differ.
      .values(rows as any)
      .onConflict((oc) =>
        oc.columns([...keyColumns]).doUpdateSet(Object.fromEntries(touched.map((name: HistogramColumn) => [name, sql`${sql.table(table)}.${sql.ref(name)} + excluded.${sql.ref(name)}`]))),
      )
      .execute();
  }
}

/** Adds new-ticket counts to the hourly volume rows, like `applyRollupDeltas`. */
export async function applyVolumeDeltas(tx: Executor, workspaceId: string, deltas: VolumeDelta[]) {
  for (let start = 0; start < deltas.length; start += 200) {
    await tx
      .insertInto('metric_volume')
      .values(deltas.slice(start, start + 200).map((delta) => ({ workspace_id: workspaceId, ...delta })))
      .onConflict((oc) => oc.columns(['workspace_id', 'day', 'hour', 'channel']).doUpdateSet({ created: sql`metric_volume.created + excluded.created` }))
      .execute();
  }
}

/** Adds new-ticket counts to the per-tag rows (and the whole desk's, per day × tag), like `applyRollupDeltas`. */
export async function applyTagDeltas(tx: Executor, workspaceId: string, deltas: TagDelta[]) {
  const desk = deskTagDeltas(deltas);
  for (let start = 0; start < desk.length; start += 200) {
    await tx
      .insertInto('metric_tag_desk')
      .values(desk.slice(start, start + 200).map((delta) => ({ workspace_id: workspaceId, ...delta })))
      .onConflict((oc) => oc.columns(['workspace_id', 'day', 'tag']).doUpdateSet({ created: sql`metric_tag_desk.created + excluded.created` }))
      .execute();
  }
  for (let start = 0; start < deltas.length; start += 100) {
    await tx
      .insertInto('metric_tag')
      .values(deltas.slice(start, start + 100).map((delta) => ({ workspace_id: workspaceId, ...delta })))
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'day', 'tag', 'team_id', 'agent_id', 'channel', 'priority', 'tier']).doUpdateSet({ created: sql`metric_tag.created + excluded.created` }),
      )
      .execute();
  }
}

/** The summary tables: what reports read, kept for the summary retention period (a row per day and key). */
export const SUMMARY_TABLES = ['metric_rollup', 'metric_volume', 'metric_histogram', 'metric_histogram_desk', 'metric_tag', 'metric_tag_desk'] as const;

/** Drops a workspace's per-ticket rows and its summaries from `fromDay` on (the frozen summaries before it stay). */
export const clearWorkspaceMetrics = async (tx: Executor, workspaceId: string, fromDay = '') => {
  for (const table of SUMMARY_TABLES) await tx.deleteFrom(table).where('workspace_id', '=', workspaceId).where('day', '>=', fromDay).execute();
  await tx.deleteFrom('ticket_metric').where('workspace_id', '=', workspaceId).execute();
};

export const findHorizons = (db: Executor, workspaceIds: string[]) =>
  workspaceIds.length ? db.selectFrom('metric_horizon').selectAll().where('workspace_id', 'in', workspaceIds).execute() : Promise.resolve([]);

/** Moves a workspace's horizons forward (never back: a day once frozen or removed stays so). */
export const advanceHorizon = (tx: Executor, workspaceId: string, horizon: { frozenBefore: string; removedBefore: string }, now: number) =>
  tx
    .insertInto('metric_horizon')
    .values({ workspace_id: workspaceId, frozen_before: horizon.frozenBefore, removed_before: horizon.removedBefore, updated_at: now })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        frozen_before: sql`case when excluded.frozen_before > metric_horizon.frozen_before then excluded.frozen_before else metric_horizon.frozen_before end`,
        removed_before: sql`case when excluded.removed_before > metric_horizon.removed_before then excluded.removed_before else metric_horizon.removed_before end`,
        updated_at: now,
      }),
    )
    .execute();

/** Deletes the rollup and volume rows of up to `maxDays` of the oldest days before `beforeDay`; returns how many rows went. */
export async function deleteSummaryDays(tx: Executor, workspaceId: string, beforeDay: string, maxDays: number) {
  let removed = 0;
  for (const table of SUMMARY_TABLES) {
    const days = await tx.selectFrom(table).select('day').distinct().where('workspace_id', '=', workspaceId).where('day', '<', beforeDay).orderBy('day').limit(maxDays).execute();
    if (days.length === 0) continue;
    const result = await tx.deleteFrom(table).where('workspace_id', '=', workspaceId).where('day', 'in', days.map((row) => row.day)).executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

export async function countSummaryRowsBefore(db: Executor, workspaceId: string, beforeDay: string) {
  let rows = 0;
  for (const table of SUMMARY_TABLES) {
    const found = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).where('day', '<', beforeDay).executeTakeFirstOrThrow();
    rows += Number(found.n);
  }
  return rows;
}

export const findMetricRows = (db: Executor, ticketIds: string[]) =>
  ticketIds.length ? db.selectFrom('ticket_metric').selectAll().where('ticket_id', 'in', ticketIds).execute() : Promise.resolve([]);
