import type { Executor, FollowUpTable } from '../../db/types.ts';
import { lockForUpdate } from '../../db/dialect.ts';

/** Inserts unless the ticket already has an open follow-up or the event was handled (both unique). */
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

export const lockFollowUp = (db: Executor, workspaceId: string, id: string) =>
  lockForUpdate(db, db.selectFrom('follow_up').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id)).executeTakeFirst();

export const updateFollowUp = (db: Executor, id: string, changes: Partial<FollowUpTable>) =>
  db.updateTable('follow_up').set(changes).where('id', '=', id).execute();

/** Who should own a new follow-up: the requester organisation's account manager, else a supervisor of the ticket's team. */
export async function findOwnerCandidates(db: Executor, workspaceId: string, ticketId: string) {
  const ticket = await db
    .selectFrom('ticket as t')
    .innerJoin('contact as c', 'c.id', 't.requester_id')
    .leftJoin('organisation as o', (join) => join.onRef('o.id', '=', 'c.organisation_id').onRef('o.workspace_id', '=', 't.workspace_id'))
    .leftJoin('staff_user as m', (join) => join.onRef('m.id', '=', 'o.account_manager_id').on('m.is_active', '=', 1))
    .select(['t.id', 't.team_id', 't.requester_id', 'm.id as account_manager_id'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return undefined;
  const supervisor = ticket.team_id
    ? await db
        .selectFrom('team_member as tm')
        .innerJoin('staff_user as u', 'u.id', 'tm.user_id')
        .select('u.id')
        .where('tm.workspace_id', '=', workspaceId)
        .where('tm.team_id', '=', ticket.team_id)
        .where('u.role', '=', 'supervisor')
        .where('u.is_active', '=', 1)
        .orderBy('u.name')
        .orderBy('u.id')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  return { requesterId: ticket.requester_id, accountManagerId: ticket.account_manager_id, supervisorId: supervisor?.id ?? null };
}

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
  options: { limit: number; status: string; ownerId?: string; ids?: string[]; after?: { dueAt: number; id: string } },
) {
  let query = db
    .selectFrom('follow_up as f')
    .innerJoin('ticket as t', 't.id', 'f.ticket_id')
    .innerJoin('contact as c', 'c.id', 'f.contact_id')
    .leftJoin('survey as s', 's.id', 'f.survey_id')
    .leftJoin('staff_user as u', 'u.id', 'f.owner_id')
    .selectAll('f')
    .select([
      't.number as ticket_number',
      't.subject as ticket_subject',
      'c.name as contact_name',
      's.reason as survey_reason',
      's.comment as survey_comment',
      'u.name as owner_name',
    ])
    .where('f.workspace_id', '=', workspaceId)
    .where('f.status', '=', options.status)
    .orderBy('f.due_at')
    .orderBy('f.id')
    .limit(options.limit + 1);
  if (options.ownerId !== undefined) query = query.where('f.owner_id', '=', options.ownerId);
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
