import type { EscalationTable, Executor } from '../../db/types.ts';

export type EscalationRow = EscalationTable;
/** An escalation with the ticket facts the review shows beside it. */
export type EscalationView = EscalationTable & { ticket_number: number; ticket_subject: string; ticket_priority: string };

export interface ReviewFilters {
  priorities?: string[];
  from?: number;
  to?: number;
  outcome?: string;
  trigger?: string;
  ticketId?: string;
}

const selectViews = (db: Executor, workspaceId: string) =>
  db
    .selectFrom('escalation as e')
    .innerJoin('ticket as t', 't.id', 'e.ticket_id')
    .selectAll('e')
    .select(['t.number as ticket_number', 't.subject as ticket_subject', 't.priority as ticket_priority'])
    .where('e.workspace_id', '=', workspaceId);

function filtered(query: ReturnType<typeof selectViews>, filters: ReviewFilters) {
  let q = query;
  if (filters.priorities?.length) q = q.where('t.priority', 'in', filters.priorities);
  if (filters.from !== undefined) q = q.where('e.created_at', '>=', filters.from);
  if (filters.to !== undefined) q = q.where('e.created_at', '<', filters.to);
  if (filters.outcome) q = q.where('e.outcome', '=', filters.outcome);
  if (filters.trigger) q = q.where('e.trigger', '=', filters.trigger);
  if (filters.ticketId) q = q.where('e.ticket_id', '=', filters.ticketId);
  return q;
}

export const insertEscalation = (db: Executor, row: EscalationRow) => db.insertInto('escalation').values(row).execute();

export const findEscalation = (db: Executor, workspaceId: string, id: string) =>
  selectViews(db, workspaceId).where('e.id', '=', id).executeTakeFirst();

export const findBySource = (db: Executor, workspaceId: string, ticketId: string, source: string) =>
  db
    .selectFrom('escalation')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId)
    .where('source', '=', source)
    .executeTakeFirst();

/** Newest first, keyset-paginated on (created_at, id). */
export function listEscalations(db: Executor, workspaceId: string, filters: ReviewFilters, limit: number, after?: { value: number; id: string }) {
  let query = filtered(selectViews(db, workspaceId), filters);
  if (after) query = query.where((eb) => eb(eb.refTuple('e.created_at', 'e.id'), '<', eb.tuple(after.value, after.id)));
  return query.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(limit + 1).execute();
}

export const listTicketEscalations = (db: Executor, workspaceId: string, ticketId: string) =>
  selectViews(db, workspaceId).where('e.ticket_id', '=', ticketId).orderBy('e.created_at').orderBy('e.id').execute();

/** Counts per tier, trigger and outcome, with how many met or missed their target as of `now`. */
export function countEscalations(db: Executor, workspaceId: string, filters: ReviewFilters, now: number) {
  return filtered(selectViews(db, workspaceId), filters)
    .clearSelect()
    .select((eb) => [
      'e.to_tier',
      'e.trigger',
      'e.outcome',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(eb.case().when('e.responded_at', '<=', eb.ref('e.due_at')).then(1).else(0).end())
        .as('met'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('e.responded_at', '>', eb.ref('e.due_at'))
            .then(1)
            .when(eb.and([eb('e.responded_at', 'is', null), eb('e.due_at', '<', now)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('missed'),
    ])
    .groupBy(['e.to_tier', 'e.trigger', 'e.outcome'])
    .execute();
}

/** Marks the ticket's unanswered escalations as responded: a staff message other than the escalator's, after the escalation. */
export function markResponded(db: Executor, workspaceId: string, ticketId: string, at: number, authorId: string | null) {
  let query = db
    .updateTable('escalation')
    .set({ responded_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId)
    .where('responded_at', 'is', null)
    .where('created_at', '<=', at);
  if (authorId !== null) query = query.where((eb) => eb.or([eb('actor_id', 'is', null), eb('actor_id', '!=', authorId)]));
  return query.execute();
}

/** Records the outcome only while the escalation is still open; returns whether it did. */
export async function recordOutcome(
  db: Executor,
  workspaceId: string,
  id: string,
  changes: Pick<EscalationRow, 'outcome' | 'outcome_note' | 'outcome_at' | 'outcome_by'>,
) {
  const result = await db
    .updateTable('escalation')
    .set((eb) => ({ ...changes, responded_at: eb.fn.coalesce('responded_at', eb.val(changes.outcome_at)) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('outcome', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
