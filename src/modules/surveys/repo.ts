import { lockForClaim, lockForUpdate } from '../../db/dialect.ts';
import type { Executor, SurveySettingsTable, SurveyTable } from '../../db/types.ts';

export const findSettings = (db: Executor, workspaceId: string) =>
  db.selectFrom('survey_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();

export const upsertSettings = (db: Executor, row: SurveySettingsTable) =>
  db
    .insertInto('survey_settings')
    .values(row)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...row }))
    .execute();

export const findSurvey = (db: Executor, id: string) => db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();

export const findSurveyForTicket = (db: Executor, workspaceId: string, ticketId: string) =>
  db.selectFrom('survey').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).executeTakeFirst();

/** The ticket's survey, locked for a read-modify-write (two deliveries of one event may race). */
export const lockSurveyForTicket = (db: Executor, workspaceId: string, ticketId: string) =>
  lockForUpdate(
    db,
    db.selectFrom('survey').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId),
  ).executeTakeFirst();

export const lockSurvey = (db: Executor, id: string) =>
  lockForUpdate(db, db.selectFrom('survey').selectAll().where('id', '=', id)).executeTakeFirst();

/** Inserts once per ticket: a concurrent insert for the same ticket changes nothing. */
export const insertSurvey = (db: Executor, row: SurveyTable) =>
  db
    .insertInto('survey')
    .values(row)
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .execute();

export const updateSurvey = (db: Executor, id: string, changes: Partial<SurveyTable>) =>
  db.updateTable('survey').set(changes).where('id', '=', id).execute();

/** What the survey rules read of a ticket, with its requester's consent. */
export const findTicketFacts = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('ticket as t')
    .innerJoin('contact as c', 'c.id', 't.requester_id')
    .select(['t.id', 't.number', 't.subject', 't.status', 't.solved_at', 't.merged_into_id', 't.requester_id', 't.tags', 'c.consent'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', ticketId)
    .executeTakeFirst();

/** Due scheduled surveys, locked so two processes never send the same one (SKIP LOCKED on PostgreSQL). */
export const claimDueSurveys = (db: Executor, now: number, limit: number) =>
  lockForClaim(
    db,
    db
      .selectFrom('survey')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit),
  ).execute();

/** Has mail we sent on any of this contact's tickets bounced? */
export async function hasBouncedMail(db: Executor, workspaceId: string, contactId: string) {
  const row = await db
    .selectFrom('message as m')
    .innerJoin('ticket as t', 't.id', 'm.ticket_id')
    .select('m.id')
    .where('t.workspace_id', '=', workspaceId)
    .where('t.requester_id', '=', contactId)
    .where('m.delivery_status', '=', 'bounced')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** When this contact was last sent a survey (any ticket), or null. */
export async function lastSurveyedAt(db: Executor, workspaceId: string, contactId: string) {
  const row = await db
    .selectFrom('survey')
    .select((eb) => eb.fn.max('sent_at').as('last'))
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where('sent_at', 'is not', null)
    .executeTakeFirst();
  return row?.last == null ? null : Number(row.last);
}

export function listFeedback(
  db: Executor,
  workspaceId: string,
  options: { limit: number; minScore?: number; maxScore?: number; hasComment?: boolean; before?: { answeredAt: number; id: string } },
) {
  let query = db
    .selectFrom('survey as s')
    .innerJoin('ticket as t', 't.id', 's.ticket_id')
    .innerJoin('contact as c', 'c.id', 's.contact_id')
    .selectAll('s')
    .select(['t.number as ticket_number', 't.subject as ticket_subject', 't.assignee_id', 'c.name as contact_name'])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.answered_at', 'is not', null)
    .orderBy('s.answered_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(options.limit + 1);
  if (options.minScore !== undefined) query = query.where('s.score', '>=', options.minScore);
  if (options.maxScore !== undefined) query = query.where('s.score', '<=', options.maxScore);
  if (options.hasComment !== undefined) query = query.where('s.comment', options.hasComment ? 'is not' : 'is', null);
  if (options.before) {
    const { answeredAt, id } = options.before;
    query = query.where((eb) =>
      eb.or([eb('s.answered_at', '<', answeredAt), eb.and([eb('s.answered_at', '=', answeredAt), eb('s.id', '<', id)])]),
    );
  }
  return query.execute();
}
