import { lockForClaim, lockForUpdate } from '../../db/dialect.ts';
import type { Executor, NpsRoundTable, NpsSurveyTable } from '../../db/types.ts';

/** Workspaces that send NPS, with their schedule. */
export const listNpsWorkspaces = (db: Executor) =>
  db
    .selectFrom('survey_settings')
    .select(['workspace_id', 'nps_interval_months', 'nps_suppression_days'])
    .where('nps_enabled', '=', 1)
    .orderBy('workspace_id')
    .execute();

/** The workspace's round row, created at the round's start if missing (two processes may race: one wins). */
export const ensureRound = (db: Executor, workspaceId: string, roundStart: number, now: number) =>
  db
    .insertInto('nps_round')
    .values({ workspace_id: workspaceId, round_start: roundStart, after_contact_id: null, finished_at: null, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();

/** The round row, locked for this slice; another process scanning the same workspace makes this one skip it (PostgreSQL). */
export const claimRound = (db: Executor, workspaceId: string) =>
  lockForClaim(db, db.selectFrom('nps_round').selectAll().where('workspace_id', '=', workspaceId)).executeTakeFirst();

export const updateRound = (db: Executor, workspaceId: string, changes: Partial<NpsRoundTable>) =>
  db.updateTable('nps_round').set(changes).where('workspace_id', '=', workspaceId).execute();

/** The next contacts of the workspace by id (the scan's order), with what the rules read of them. */
export const listContactsAfter = (db: Executor, workspaceId: string, afterId: string | null, limit: number) => {
  let query = db.selectFrom('contact').select(['id', 'emails', 'consent']).where('workspace_id', '=', workspaceId).orderBy('id').limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.execute();
};

/** The last change of any ticket each contact asked (contacts without tickets are missing). */
export const lastActivityOf = (db: Executor, workspaceId: string, contactIds: string[]) =>
  contactIds.length
    ? db
        .selectFrom('ticket')
        .select(['requester_id', (eb) => eb.fn.max('updated_at').as('last')])
        .where('workspace_id', '=', workspaceId)
        .where('requester_id', 'in', contactIds)
        .groupBy('requester_id')
        .execute()
    : Promise.resolve([]);

/** Those of the contacts with a ticket from machine-written mail (the CSAT rule's auto-submitted tag). */
export async function autoSubmittedOf(db: Executor, workspaceId: string, contactIds: string[]) {
  if (!contactIds.length) return new Set<string>();
  const rows = await db
    .selectFrom('ticket as t')
    .innerJoin('ticket_tag as g', 'g.ticket_id', 't.id')
    .select('t.requester_id')
    .distinct()
    .where('t.workspace_id', '=', workspaceId)
    .where('t.requester_id', 'in', contactIds)
    .where('g.tag', '=', 'auto-submitted')
    .execute();
  return new Set(rows.map((row) => row.requester_id));
}

/** Those of the contacts to whom mail bounced (on any of their tickets, as the CSAT rule reads it). */
export async function bouncedOf(db: Executor, workspaceId: string, contactIds: string[]) {
  if (!contactIds.length) return new Set<string>();
  const rows = await db
    .selectFrom('ticket as t')
    .innerJoin('message as m', 'm.ticket_id', 't.id')
    .select('t.requester_id')
    .distinct()
    .where('t.workspace_id', '=', workspaceId)
    .where('t.requester_id', 'in', contactIds)
    .where('m.delivery_status', '=', 'bounced')
    .execute();
  return new Set(rows.map((row) => row.requester_id));
}

/** When each contact was last sent an NPS survey (contacts never sent one are missing). */
export async function lastNpsSentOf(db: Executor, workspaceId: string, contactIds: string[]) {
  if (!contactIds.length) return new Map<string, number>();
  const rows = await db
    .selectFrom('nps_survey')
    .select(['contact_id', (eb) => eb.fn.max('sent_at').as('last')])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', contactIds)
    .where('sent_at', 'is not', null)
    .groupBy('contact_id')
    .execute();
  return new Map(rows.map((row) => [row.contact_id, Number(row.last)]));
}

/** One survey per contact and round: a row the round already has stays as it is. */
export const insertNpsSurveys = (db: Executor, rows: NpsSurveyTable[]) =>
  rows.length
    ? db
        .insertInto('nps_survey')
        .values(rows)
        .onConflict((oc) => oc.columns(['contact_id', 'round_start']).doNothing())
        .execute()
    : Promise.resolve([]);

/** Due scheduled NPS surveys, locked so two processes never send the same one (SKIP LOCKED on PostgreSQL). */
export const claimDueNpsSurveys = (db: Executor, now: number, limit: number) =>
  lockForClaim(
    db,
    db.selectFrom('nps_survey').selectAll().where('status', '=', 'scheduled').where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(limit),
  ).execute();

/** The ticket the contact asked that changed last: the NPS email goes out on it. */
export const findLatestTicketOf = (db: Executor, workspaceId: string, contactId: string) =>
  db
    .selectFrom('ticket')
    .select(['id', 'team_id'])
    .where('workspace_id', '=', workspaceId)
    .where('requester_id', '=', contactId)
    .where('merged_into_id', 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

export const findContactFacts = (db: Executor, workspaceId: string, contactId: string) =>
  db.selectFrom('contact').select(['id', 'name', 'emails', 'consent']).where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();

export const findNpsSurvey = (db: Executor, id: string) => db.selectFrom('nps_survey').selectAll().where('id', '=', id).executeTakeFirst();

export const lockNpsSurvey = (db: Executor, id: string) =>
  lockForUpdate(db, db.selectFrom('nps_survey').selectAll().where('id', '=', id)).executeTakeFirst();

export const updateNpsSurvey = (db: Executor, id: string, changes: Partial<NpsSurveyTable>) =>
  db.updateTable('nps_survey').set(changes).where('id', '=', id).execute();

/** Answered NPS surveys, newest answer first, by the filters of the feedback list and the report drill-down. */
export function listNpsAnswers(
  db: Executor,
  workspaceId: string,
  options: {
    limit: number;
    contactId?: string;
    minScore?: number;
    maxScore?: number;
    hasComment?: boolean;
    /** First answered in [from, to). */
    answeredFrom?: number;
    answeredTo?: number;
    before?: { answeredAt: number; id: string };
  },
) {
  let query = db
    .selectFrom('nps_survey as s')
    .innerJoin('contact as c', 'c.id', 's.contact_id')
    .selectAll('s')
    .select(['c.name as contact_name', 'c.organisation_id'])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.answered_at', 'is not', null)
    .orderBy('s.answered_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(options.limit + 1);
  if (options.contactId !== undefined) query = query.where('s.contact_id', '=', options.contactId);
  if (options.minScore !== undefined) query = query.where('s.score', '>=', options.minScore);
  if (options.maxScore !== undefined) query = query.where('s.score', '<=', options.maxScore);
  if (options.hasComment !== undefined) query = query.where('s.comment', options.hasComment ? 'is not' : 'is', null);
  if (options.answeredFrom !== undefined) query = query.where('s.answered_at', '>=', options.answeredFrom);
  if (options.answeredTo !== undefined) query = query.where('s.answered_at', '<', options.answeredTo);
  if (options.before) {
    const { answeredAt, id } = options.before;
    query = query.where((eb) => eb.or([eb('s.answered_at', '<', answeredAt), eb.and([eb('s.answered_at', '=', answeredAt), eb('s.id', '<', id)])]));
  }
  return query.execute();
}

/** How many answers first given in [from, to) have each score (at most eleven rows, from the answered index). */
export const countNpsScores = (db: Executor, workspaceId: string, from: number, to: number) =>
  db
    .selectFrom('nps_survey')
    .select(['score', (eb) => eb.fn.countAll<number>().as('answers')])
    .where('workspace_id', '=', workspaceId)
    .where('answered_at', '>=', from)
    .where('answered_at', '<', to)
    .groupBy('score')
    .execute();
