import type { BusinessCalendarTable, Executor, SlaPolicyTable } from '../../db/types.ts';
import { lockForClaim } from '../../db/dialect.ts';

export const listCalendars = (db: Executor, workspaceId: string) =>
  db.selectFrom('business_calendar').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();

export const findCalendar = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('business_calendar').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const insertCalendar = (db: Executor, row: BusinessCalendarTable) => db.insertInto('business_calendar').values(row).execute();

export const updateCalendar = (db: Executor, workspaceId: string, id: string, changes: Partial<BusinessCalendarTable>) =>
  db.updateTable('business_calendar').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const deleteCalendar = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('business_calendar').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const countPoliciesUsingCalendar = async (db: Executor, calendarId: string) =>
  Number((await db.selectFrom('sla_policy').select((eb) => eb.fn.countAll().as('n')).where('calendar_id', '=', calendarId).executeTakeFirstOrThrow()).n);

export const listPolicies = (db: Executor, workspaceId: string) =>
  db.selectFrom('sla_policy').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('created_at').execute();

export const findPolicy = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('sla_policy').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const insertPolicy = (db: Executor, row: SlaPolicyTable) => db.insertInto('sla_policy').values(row).execute();

export const updatePolicy = (db: Executor, workspaceId: string, id: string, changes: Partial<SlaPolicyTable>) =>
  db.updateTable('sla_policy').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const deletePolicy = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('sla_policy').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const maxPolicyPosition = async (db: Executor, workspaceId: string) =>
  Number(
    (await db.selectFrom('sla_policy').select((eb) => eb.fn.max('position').as('p')).where('workspace_id', '=', workspaceId).executeTakeFirst())?.p ?? -1,
  );

/** The facts a ticket's SLA clocks are computed from, in three small queries. */
export async function loadTicketFacts(db: Executor, workspaceId: string, ticketId: string) {
  const ticket = await db
    .selectFrom('ticket as t')
    .innerJoin('contact as c', 'c.id', 't.requester_id')
    .leftJoin('organisation as o', 'o.id', 't.organisation_id')
    .select([
      't.id', 't.workspace_id', 't.status', 't.priority', 't.type', 't.channel', 't.organisation_id', 't.created_at', 't.first_response_at',
      't.solved_at', 't.last_agent_message_at', 't.sla_breached_at', 'c.tier as contact_tier', 'o.tier as organisation_tier',
    ])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return undefined;
  const [statusEvents, messages] = await Promise.all([
    db
      .selectFrom('ticket_event')
      .select(['field', 'old_value', 'new_value', 'created_at'])
      .where('ticket_id', '=', ticketId)
      .where('field', 'in', ['status', 'ticket'])
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('message').select(['direction', 'is_internal', 'created_at']).where('ticket_id', '=', ticketId).orderBy('created_at').execute(),
  ]);
  return { ticket, statusEvents, messages };
}

export const updateTicketSla = (
  db: Executor,
  ticketId: string,
  changes: {
    sla_policy_id: string | null;
    first_response_due_at: number | null;
    next_response_due_at: number | null;
    resolution_due_at: number | null;
    sla_next_due_at: number | null;
    sla_state: string;
    acknowledged_at: number | null;
    sla_breached_at: number | null;
  },
) => db.updateTable('ticket').set(changes).where('id', '=', ticketId).execute();

export async function replacePendingTimers(
  db: Executor,
  workspaceId: string,
  ticketId: string,
  timers: Array<{ clock: string; kind: string; fireAt: number }>,
) {
  await db.deleteFrom('sla_timer').where('ticket_id', '=', ticketId).where('fired_at', 'is', null).execute();
  if (!timers.length) return;
  await db
    .insertInto('sla_timer')
    .values(timers.map((t) => ({ workspace_id: workspaceId, ticket_id: ticketId, clock: t.clock, kind: t.kind, fire_at: t.fireAt })))
    // A timer that already fired for the same instant stays fired: never twice.
    .onConflict((oc) => oc.columns(['ticket_id', 'clock', 'kind', 'fire_at']).doNothing())
    .execute();
}

/** Due timers, oldest first, locked so that several processes never fire one twice. */
export const claimDueTimers = (db: Executor, now: number, limit: number) =>
  lockForClaim(
    db,
    db.selectFrom('sla_timer').selectAll().where('fired_at', 'is', null).where('fire_at', '<=', now).orderBy('fire_at').orderBy('id').limit(limit),
  ).execute();

export const markTimersFired = (db: Executor, ids: number[], now: number) =>
  ids.length ? db.updateTable('sla_timer').set({ fired_at: now }).where('id', 'in', ids).execute() : Promise.resolve();

export const markTicketBreached = (db: Executor, ticketId: string, at: number) =>
  db
    .updateTable('ticket')
    .set((eb) => ({ sla_breached_at: eb.fn.coalesce('sla_breached_at', eb.val(at)) }))
    .where('id', '=', ticketId)
    .execute();

export const listOpenTicketIds = (db: Executor, workspaceId: string, afterId: string, limit: number) =>
  db
    .selectFrom('ticket')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('status', 'not in', ['solved', 'closed'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();

export const countPendingTimers = async (db: Executor) =>
  Number((await db.selectFrom('sla_timer').select((eb) => eb.fn.countAll().as('n')).where('fired_at', 'is', null).executeTakeFirstOrThrow()).n);
