import { lockForClaim } from '../../db/dialect.ts';
import type { Executor, LegalHoldTable, RetentionRunTable } from '../../db/types.ts';

// The retention job's own tables (runs and legal holds) and what it reads of the records it may
// remove. Keyset walks read at most `limit` rows per call whatever they hold, so a batch stays short
// even where most rows are kept (held, unresolved or skeletons).

/** A position in a walk ordered by (time, id). */
export interface TimeCursor {
  at: number;
  id: string;
}

export const findRun = (db: Executor, workspaceId: string) =>
  db.selectFrom('retention_run').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();

/** The oldest unfinished run, locked for the caller's transaction (skipped by other processes). */
export const claimUnfinishedRun = (tx: Executor, workspaceId?: string) => {
  let query = tx.selectFrom('retention_run').selectAll().where('finished_at', 'is', null);
  if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
  return lockForClaim(tx, query.orderBy('started_at').limit(1)).executeTakeFirst();
};

/** Starts a workspace's run afresh (the last run's row is replaced). */
export const saveNewRun = (tx: Executor, run: RetentionRunTable) =>
  tx
    .insertInto('retention_run')
    .values(run)
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        mode: run.mode,
        raw_before: run.raw_before,
        raw_day: run.raw_day,
        summary_before: run.summary_before,
        summary_day: run.summary_day,
        phase: run.phase,
        cursor: run.cursor,
        totals: run.totals,
        started_at: run.started_at,
        finished_at: null,
      }),
    )
    .execute();

export const saveProgress = (tx: Executor, workspaceId: string, progress: Pick<RetentionRunTable, 'phase' | 'cursor' | 'totals' | 'finished_at'>) =>
  tx.updateTable('retention_run').set(progress).where('workspace_id', '=', workspaceId).execute();

/** Workspaces with no run yet, or whose last run finished before `finishedBefore`. */
export const listWorkspacesDue = (db: Executor, finishedBefore: number) =>
  db
    .selectFrom('workspace as w')
    .leftJoin('retention_run as r', 'r.workspace_id', 'w.id')
    .select('w.id')
    .where((eb) => eb.or([eb('r.workspace_id', 'is', null), eb('r.finished_at', '<', finishedBefore)]))
    .execute()
    .then((rows) => rows.map((row) => row.id));

// Legal holds.

export const upsertHold = (tx: Executor, hold: LegalHoldTable) =>
  tx
    .insertInto('legal_hold')
    .values(hold)
    .onConflict((oc) => oc.columns(['workspace_id', 'target_type', 'target_id']).doUpdateSet({ reason: hold.reason }))
    .execute();

export const deleteHold = (tx: Executor, workspaceId: string, targetType: string, targetId: string) =>
  tx.deleteFrom('legal_hold').where('workspace_id', '=', workspaceId).where('target_type', '=', targetType).where('target_id', '=', targetId).executeTakeFirst();

export const findHold = (db: Executor, workspaceId: string, targetType: string, targetId: string) =>
  db.selectFrom('legal_hold').selectAll().where('workspace_id', '=', workspaceId).where('target_type', '=', targetType).where('target_id', '=', targetId).executeTakeFirst();

/** Newest first, keyset (created_at, target_id) below `before`. */
export function listHolds(db: Executor, workspaceId: string, options: { limit: number; targetType?: string; before?: { value: number; id: string } }) {
  let query = db.selectFrom('legal_hold').selectAll().where('workspace_id', '=', workspaceId);
  if (options.targetType) query = query.where('target_type', '=', options.targetType);
  if (options.before) {
    const { value, id } = options.before;
    query = query.where((eb) => eb(eb.refTuple('created_at', 'target_id'), '<', eb.tuple(value, id)));
  }
  return query.orderBy('created_at', 'desc').orderBy('target_id', 'desc').limit(options.limit + 1).execute();
}

/** Which of these records are held, as `type:id` keys. */
export async function findHeld(db: Executor, workspaceId: string, targets: { ticket: string[]; contact: string[]; organisation: string[] }) {
  const wanted = Object.entries(targets).filter(([, ids]) => ids.length > 0);
  if (wanted.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('legal_hold')
    .select(['target_type', 'target_id'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or(wanted.map(([type, ids]) => eb.and([eb('target_type', '=', type), eb('target_id', 'in', [...new Set(ids)])]))))
    .execute();
  return new Set(rows.map((row) => `${row.target_type}:${row.target_id}`));
}

/** Whether the record a hold names exists in the workspace. */
export async function targetExists(db: Executor, workspaceId: string, targetType: 'ticket' | 'contact' | 'organisation', targetId: string) {
  const row = await db.selectFrom(targetType).select('id').where('workspace_id', '=', workspaceId).where('id', '=', targetId).executeTakeFirst();
  return row !== undefined;
}

// What the rules read.

const ticketColumns = ['t.id', 't.status', 't.updated_at', 't.anonymised_at', 't.requester_id', 't.organisation_id', 'c.organisation_id as contact_organisation_id'] as const;

/** Up to `limit` tickets last active before `before`, in (updated_at, id) order after the cursor. */
export const nextTicketsBefore = (db: Executor, workspaceId: string, before: number, after: TimeCursor | null, limit: number) => {
  let query = db
    .selectFrom('ticket as t')
    .innerJoin('contact as c', 'c.id', 't.requester_id')
    .select(ticketColumns)
    .where('t.workspace_id', '=', workspaceId)
    .where('t.updated_at', '<', before);
  if (after) query = query.where((eb) => eb(eb.refTuple('t.updated_at', 't.id'), '>', eb.tuple(after.at, after.id)));
  return query.orderBy('t.updated_at').orderBy('t.id').limit(limit).execute();
};

export type TicketRow = Awaited<ReturnType<typeof nextTicketsBefore>>[number];

/** Every ticket these contacts requested. */
export const ticketsRequestedBy = (db: Executor, workspaceId: string, contactIds: string[]) =>
  contactIds.length
    ? db
        .selectFrom('ticket as t')
        .innerJoin('contact as c', 'c.id', 't.requester_id')
        .select(ticketColumns)
        .where('t.workspace_id', '=', workspaceId)
        .where('t.requester_id', 'in', contactIds)
        .execute()
    : Promise.resolve([]);

/** Up to `limit` contacts created before `before`, in (created_at, id) order after the cursor. */
export const nextContactsBefore = (db: Executor, workspaceId: string, before: number, after: TimeCursor | null, limit: number) => {
  let query = db
    .selectFrom('contact')
    .select(['id', 'created_at', 'updated_at', 'organisation_id', 'anonymised_at'])
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '<', before);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.at, after.id)));
  return query.orderBy('created_at').orderBy('id').limit(limit).execute();
};

/** Up to `limit` NPS answers given before `before`, in (answered_at, id) order after the cursor, with the contact's organisation. */
export const nextNpsAnswersBefore = (db: Executor, workspaceId: string, before: number, after: TimeCursor | null, limit: number) => {
  let query = db
    .selectFrom('nps_survey as n')
    .innerJoin('contact as c', 'c.id', 'n.contact_id')
    .select(['n.id', 'n.contact_id', 'n.answered_at', 'n.comment', 'c.organisation_id'])
    .where('n.workspace_id', '=', workspaceId)
    .where('n.answered_at', '<', before);
  if (after) query = query.where((eb) => eb(eb.refTuple('n.answered_at', 'n.id'), '>', eb.tuple(after.at, after.id)));
  return query.orderBy('n.answered_at').orderBy('n.id').limit(limit).execute();
};

/** Per contact: the last NPS survey activity, and how many answers were given from `keptFrom` on (what a run keeps). */
export const npsOfContacts = (db: Executor, workspaceId: string, contactIds: string[], keptFrom: number) =>
  contactIds.length
    ? db
        .selectFrom('nps_survey')
        .select((eb) => [
          'contact_id',
          eb.fn.max(eb.fn.coalesce('changed_at', 'answered_at', 'sent_at', 'created_at')).as('surveyed_at'),
          eb.fn.sum<number>(eb.case().when('answered_at', '>=', keptFrom).then(1).else(0).end()).as('answers_kept'),
        ])
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', 'in', contactIds)
        .groupBy('contact_id')
        .execute()
    : Promise.resolve([]);

/** Up to `limit` stored emails received before `before`, with whether their ticket is still there and not anonymised. */
export const nextStoredEmailsBefore = (db: Executor, workspaceId: string, before: number, after: TimeCursor | null, limit: number) => {
  let query = db
    .selectFrom('inbound_email as i')
    .leftJoin('ticket as t', 't.id', 'i.ticket_id')
    .select(['i.id', 'i.received_at', 'i.status', 'i.sha256', 'i.size', 't.id as live_ticket_id', 't.anonymised_at'])
    .where('i.workspace_id', '=', workspaceId)
    .where('i.received_at', '<', before);
  if (after) query = query.where((eb) => eb(eb.refTuple('i.received_at', 'i.id'), '>', eb.tuple(after.at, after.id)));
  return query.orderBy('i.received_at').orderBy('i.id').limit(limit).execute();
};

/** The next `limit` outbox events of any workspace after `afterId` (the caller keeps its workspace's). */
export const nextEvents = (db: Executor, afterId: number, limit: number) =>
  db.selectFrom('outbox').select(['id', 'workspace_id', 'created_at', 'delivered_at']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
