import type { Executor, FollowUpTable } from '../../db/types.ts';
import { lockForUpdate } from '../../db/dialect.ts';

/** Inserts unless the ticket (or, for NPS, the contact) already has an open follow-up or the event was handled (all unique). */
export const insertFollowUp = (db: Executor, row: FollowUpTable) =>
  db
    .insertInto('follow_up')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();

export const findOpenForTicket = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('follow_up')
    .select(['id'])
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId)
    .where('status', '=', 'open')
    .executeTakeFirst();

export const findOpenForContact = (db: Executor, workspaceId: string, contactId: string) =>
  db
    .selectFrom('follow_up')
    .select(['id'])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where('kind', '=', 'nps')
    .where('status', '=', 'open')
    .executeTakeFirst();

export const lockFollowUp = (db: Executor, workspaceId: string, id: string) =>
  lockForUpdate(db, db.selectFrom('follow_up').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id)).executeTakeFirst();

export const updateFollowUp = (db: Executor, id: string, changes: Partial<FollowUpTable>) =>
  db.updateTable('follow_up').set(changes).where('id', '=', id).execute();

/** An active supervisor of the team (the first by name), if any: who owns a follow-up when no account manager does. */
const findTeamSupervisor = (db: Executor, workspaceId: string, teamId: string) =>
  db
    .selectFrom('team_member as tm')
    .innerJoin('staff_user as u', 'u.id', 'tm.user_id')
    .select('u.id')
    .where('tm.workspace_id', '=', workspaceId)
    .where('tm.team_id', '=', teamId)
    .where('u.role', '=', 'supervisor')
    .where('u.is_active', '=', 1)
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();

/** The active account manager of the contact's organisation, if any. */
const findAccountManager = (db: Executor, workspaceId: string, contactId: string) =>
  db
    .selectFrom('contact as c')
    .innerJoin('organisation as o', (join) => join.onRef('o.id', '=', 'c.organisation_id').onRef('o.workspace_id', '=', 'c.workspace_id'))
    .innerJoin('staff_user as m', (join) => join.onRef('m.id', '=', 'o.account_manager_id').on('m.is_active', '=', 1))
    .select('m.id')
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', contactId)
    .executeTakeFirst();

/** Who should own a new follow-up: the requester organisation's account manager, else a supervisor of the ticket's team. */
export async function findOwnerCandidates(db: Executor, workspaceId: string, ticketId: string) {
  const ticket = await db
    .selectFrom('ticket')
    .select(['team_id', 'requester_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return undefined;
  const [manager, supervisor] = await Promise.all([
    findAccountManager(db, workspaceId, ticket.requester_id),
    ticket.team_id ? findTeamSupervisor(db, workspaceId, ticket.team_id) : undefined,
  ]);
  return { requesterId: ticket.requester_id, accountManagerId: manager?.id ?? null, supervisorId: supervisor?.id ?? null };
}

/**
 * The same for an NPS answer, about the contact: their organisation's account manager, else a
 * supervisor of the team of the ticket the survey went out on (the contact's latest then).
 */
export async function findContactOwnerCandidates(db: Executor, workspaceId: string, contactId: string, npsSurveyId: string) {
  const survey = await db
    .selectFrom('nps_survey as n')
    .leftJoin('ticket as t', 't.id', 'n.ticket_id')
    .select(['n.ticket_id', 't.team_id'])
    .where('n.workspace_id', '=', workspaceId)
    .where('n.id', '=', npsSurveyId)
    .where('n.contact_id', '=', contactId)
    .executeTakeFirst();
  if (!survey) return undefined;
  const [manager, supervisor] = await Promise.all([
    findAccountManager(db, workspaceId, contactId),
    survey.team_id ? findTeamSupervisor(db, workspaceId, survey.team_id) : undefined,
  ]);
  return { ticketId: survey.ticket_id, accountManagerId: manager?.id ?? null, supervisorId: supervisor?.id ?? null };
}

/** The ticket an NPS survey went out on (a closing note emailed to the customer goes out on it too). */
export const findNpsSurveyTicket = async (db: Executor, workspaceId: string, npsSurveyId: string) =>
  (await db.selectFrom('nps_survey').select('ticket_id').where('workspace_id', '=', workspaceId).where('id', '=', npsSurveyId).executeTakeFirst())?.ticket_id ?? null;

export const findActiveStaff = (db: Executor, workspaceId: string, userId: string) =>
  db
    .selectFrom('staff_user')
    .select(['id', 'role'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('is_active', '=', 1)
    .executeTakeFirst();

export function listFollowUps(
  db: Executor,
  workspaceId: string,
  options: { limit: number; status: string; ownerId?: string; kind?: string; ids?: string[]; after?: { dueAt: number; id: string } },
) {
  let query = db
    .selectFrom('follow_up as f')
    .leftJoin('ticket as t', 't.id', 'f.ticket_id')
    .innerJoin('contact as c', 'c.id', 'f.contact_id')
    .leftJoin('survey as s', (join) => join.onRef('s.id', '=', 'f.survey_id').on('f.kind', '=', 'csat'))
    .leftJoin('nps_survey as n', (join) => join.onRef('n.id', '=', 'f.survey_id').on('f.kind', '=', 'nps'))
    .leftJoin('staff_user as u', 'u.id', 'f.owner_id')
    .selectAll('f')
    .select([
      't.number as ticket_number',
      't.subject as ticket_subject',
      'c.name as contact_name',
      's.reason as survey_reason',
      's.comment as survey_comment',
      'n.comment as nps_comment',
      'u.name as owner_name',
    ])
    .where('f.workspace_id', '=', workspaceId)
    .where('f.status', '=', options.status)
    .orderBy('f.due_at')
    .orderBy('f.id')
    .limit(options.limit + 1);
  if (options.ownerId !== undefined) query = query.where('f.owner_id', '=', options.ownerId);
  if (options.kind !== undefined) query = query.where('f.kind', '=', options.kind);
  if (options.ids) query = query.where('f.id', 'in', options.ids);
  if (options.after) {
    const { dueAt, id } = options.after;
    query = query.where((eb) => eb.or([eb('f.due_at', '>', dueAt), eb.and([eb('f.due_at', '=', dueAt), eb('f.id', '>', id)])]));
  }
  return query.execute();
}

export type FollowUpRow = Awaited<ReturnType<typeof listFollowUps>>[number];

/** Open follow-ups (of one owner, or all): how many, how many overdue, and when the oldest was opened. */
export async function summariseOpen(db: Executor, workspaceId: string, ownerId: string | undefined, now: number) {
  let query = db
    .selectFrom('follow_up')
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.sum<number>(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('overdue'),
      eb.fn.min<number>('opened_at').as('oldest_opened_at'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'open');
  if (ownerId !== undefined) query = query.where('owner_id', '=', ownerId);
  return query.executeTakeFirstOrThrow();
}
