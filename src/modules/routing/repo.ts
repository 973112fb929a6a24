import { sql } from 'kysely';
import { lockForUpdate } from '../../db/dialect.ts';
import type { AgentStateTable, Executor, LifecycleAlertTable, RoutingRuleTable, TeamRoutingTable } from '../../db/types.ts';
import { LOAD_STATUSES, WAITING_STATUSES } from './assign.ts';

/** Sorts tickets without a running SLA clock after every due one (the latest instant a Date holds). */
export const NO_DUE = 8_640_000_000_000_000;

// Routing rules

export const listRules = (db: Executor, workspaceId: string) =>
  db.selectFrom('routing_rule').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('created_at').orderBy('id').execute();

export const findRule = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('routing_rule').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const insertRule = (db: Executor, row: RoutingRuleTable) => db.insertInto('routing_rule').values(row).execute();

export const updateRule = (db: Executor, workspaceId: string, id: string, changes: Partial<RoutingRuleTable>) =>
  db.updateTable('routing_rule').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const deleteRule = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('routing_rule').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const maxRulePosition = async (db: Executor, workspaceId: string) =>
  Number(
    (await db.selectFrom('routing_rule').select((eb) => eb.fn.max('position').as('p')).where('workspace_id', '=', workspaceId).executeTakeFirst())?.p ?? -10,
  );

// Team routing settings

export const findTeamRouting = (db: Executor, workspaceId: string, teamId: string) =>
  db.selectFrom('team_routing').selectAll().where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).executeTakeFirst();

export const listTeamRoutings = (db: Executor, workspaceId: string) =>
  db.selectFrom('team_routing').selectAll().where('workspace_id', '=', workspaceId).execute();

export const upsertTeamRouting = (db: Executor, row: TeamRoutingTable) =>
  db
    .insertInto('team_routing')
    .values(row)
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ strategy: row.strategy, default_capacity: row.default_capacity, updated_at: row.updated_at }))
    .execute();

/** Teams (of every workspace) that assign automatically and have at least one ticket waiting. */
export const listTeamsWithWaitingTickets = (db: Executor) =>
  db
    .selectFrom('team_routing as r')
    .select(['r.workspace_id', 'r.team_id'])
    .where('r.strategy', '<>', 'manual')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ticket as t')
          .select(sql.lit(1).as('one'))
          .whereRef('t.workspace_id', '=', 'r.workspace_id')
          .whereRef('t.team_id', '=', 'r.team_id')
          .where('t.assignee_id', 'is', null)
          .where('t.status', 'in', WAITING_STATUSES),
      ),
    )
    .orderBy('r.team_id')
    .execute();

// Agents

export const findAgentState = (db: Executor, workspaceId: string, userId: string) =>
  db.selectFrom('agent_state').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();

/** Reads an agent's state and locks it until the transaction ends (two changes may race). */
export const findAgentStateForUpdate = (db: Executor, workspaceId: string, userId: string) =>
  lockForUpdate(db, db.selectFrom('agent_state').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId)).executeTakeFirst();

export const listAgentStates = (db: Executor, workspaceId: string) =>
  db.selectFrom('agent_state').selectAll().where('workspace_id', '=', workspaceId).execute();

export const upsertAgentState = (db: Executor, row: AgentStateTable) =>
  db
    .insertInto('agent_state')
    .values(row)
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ availability: row.availability, capacity: row.capacity, skills: row.skills, updated_at: row.updated_at }),
    )
    .execute();

export const markAssigned = (db: Executor, userId: string, at: number) =>
  db.updateTable('agent_state').set({ last_assigned_at: at }).where('user_id', '=', userId).execute();

/** Active members of a team (with their state, if any): the skills the team knows come from here. */
export const listTeamMemberStates = (db: Executor, workspaceId: string, teamId: string) =>
  db
    .selectFrom('team_member as m')
    .innerJoin('staff_user as u', 'u.id', 'm.user_id')
    .leftJoin('agent_state as a', 'a.user_id', 'm.user_id')
    .select(['m.user_id', 'a.skills'])
    .where('m.team_id', '=', teamId)
    .where('u.workspace_id', '=', workspaceId)
    .where('u.is_active', '=', 1)
    .execute();

/**
 * The online, active members of a team, locked in user-id order until the transaction ends. Every
 * assignment locks its ticket first and then these rows in this one order, so two processes filling
 * queues that share agents wait for each other instead of overfilling an agent or deadlocking.
 */
export const lockOnlineMembers = (db: Executor, workspaceId: string, teamId: string) =>
  lockForUpdate(
    db,
    db
      .selectFrom('agent_state')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('availability', '=', 'online')
      .where('user_id', 'in', (eb) =>
        eb
          .selectFrom('team_member as m')
          .innerJoin('staff_user as u', 'u.id', 'm.user_id')
          .select('m.user_id')
          .where('m.team_id', '=', teamId)
          .where('u.is_active', '=', 1)
          .where('u.role', '<>', 'read-only'),
      )
      .orderBy('user_id'),
  ).execute();

/** How many new/open tickets each of the users holds (zero for those absent from the map). */
export async function countLoad(db: Executor, workspaceId: string, userIds: string[]) {
  const counts = new Map<string, number>();
  if (!userIds.length) return counts;
  const rows = await db
    .selectFrom('ticket')
    .select(['assignee_id', (eb) => eb.fn.countAll().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', 'in', userIds)
    .where('status', 'in', LOAD_STATUSES)
    .groupBy('assignee_id')
    .execute();
  for (const row of rows) if (row.assignee_id) counts.set(row.assignee_id, Number(row.n));
  return counts;
}

export const teamIdsOfUser = async (db: Executor, workspaceId: string, userId: string) =>
  (await db.selectFrom('team_member').select('team_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute()).map(
    (row) => row.team_id,
  );

// Tickets as routing sees them

const routingColumns = ['id', 'workspace_id', 'number', 'subject', 'status', 'priority', 'type', 'channel', 'organisation_id', 'assignee_id', 'team_id', 'tags', 'version', 'created_at', 'updated_at', 'sla_next_due_at', 'sla_policy_id'] as const;

export const findRoutingTicket = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('ticket').select(routingColumns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

/** Reads a ticket and locks it: the first lock every assignment takes (see lockOnlineMembers). */
export const lockRoutingTicket = (db: Executor, workspaceId: string, id: string) =>
  lockForUpdate(db, db.selectFrom('ticket').select(routingColumns).where('workspace_id', '=', workspaceId).where('id', '=', id)).executeTakeFirst();

export type RoutingTicketRow = NonNullable<Awaited<ReturnType<typeof findRoutingTicket>>>;

/** A position in a queue: (due, created_at, id), where due is the SLA due instant or NO_DUE. */
export interface QueuePosition {
  due: number;
  createdAt: number;
  id: string;
}

/** A team's waiting tickets in assignment order: earliest SLA due first (none last), then oldest. */
export function listWaitingTickets(db: Executor, workspaceId: string, teamId: string, limit: number, after?: QueuePosition) {
  const due = sql<number>`coalesce(sla_next_due_at, ${sql.lit(NO_DUE)})`;
  let query = db
    .selectFrom('ticket')
    .select([...routingColumns, due.as('due')])
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .where('assignee_id', 'is', null)
    .where('status', 'in', WAITING_STATUSES);
  if (after) {
    query = query.where((eb) => eb(eb.tuple(due, eb.ref('created_at'), eb.ref('id')), '>', eb.tuple(after.due, after.createdAt, after.id)));
  }
  return query.orderBy(due).orderBy('created_at').orderBy('id').limit(limit).execute();
}

// Lifecycle: auto-close and idle alerts

/** Workspaces that hold solved tickets solved before `before` (the auto-close candidates). */
export const workspacesWithSolvedBefore = async (db: Executor, before: number) =>
  (await db.selectFrom('ticket').select('workspace_id').distinct().where('status', '=', 'solved').where('solved_at', '<=', before).execute()).map(
    (row) => row.workspace_id,
  );

export const listSolvedBefore = (db: Executor, workspaceId: string, before: number, limit: number) =>
  db
    .selectFrom('ticket')
    .select(['id', 'version'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'solved')
    .where('solved_at', '<=', before)
    .orderBy('solved_at')
    .orderBy('id')
    .limit(limit)
    .execute();

/** Workspaces that hold unsolved tickets untouched since `before`. */
export const workspacesWithUntouchedTickets = async (db: Executor, before: number) =>
  (
    await db
      .selectFrom('ticket')
      .select('workspace_id')
      .distinct()
      .where('status', 'in', ['new', 'open', 'pending', 'on-hold'])
      .where('updated_at', '<=', before)
      .execute()
  ).map((row) => row.workspace_id);

/**
 * Tickets in `statuses` untouched since `before` that still need an idle check: never checked for
 * their current idle period, or checked, not yet fired, and due by `now`.
 */
export const listIdleCandidates = (db: Executor, workspaceId: string, statuses: string[], before: number, now: number, limit: number) =>
  db
    .selectFrom('ticket as t')
    .leftJoin('lifecycle_alert as a', (join) => join.onRef('a.ticket_id', '=', 't.id').on('a.kind', '=', 'idle'))
    .select(['t.id', 't.status', 't.updated_at'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.status', 'in', statuses)
    .where('t.updated_at', '<=', before)
    .where((eb) =>
      eb.or([
        eb('a.ticket_id', 'is', null),
        eb('a.fired_for', '<>', eb.ref('t.updated_at')),
        eb.and([eb('a.fired_at', 'is', null), eb('a.due_at', '<=', now)]),
      ]),
    )
    .orderBy('t.updated_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();

/**
 * Records the idle check of one idle period. Returns false when the alert for that period has
 * already fired (another runner got there first), so it fires once per period.
 */
export async function recordIdleCheck(db: Executor, row: LifecycleAlertTable) {
  const result = await db
    .insertInto('lifecycle_alert')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['ticket_id', 'kind'])
        .doUpdateSet({ fired_for: row.fired_for, due_at: row.due_at, fired_at: row.fired_at })
        .where((eb) => eb.or([eb('lifecycle_alert.fired_for', '<>', row.fired_for), eb('lifecycle_alert.fired_at', 'is', null)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Tickets whose idle alert fired and that nobody has touched since, longest idle first. */
export function listIdleTickets(db: Executor, workspaceId: string, limit: number, after?: { idleSince: number; id: string }) {
  let query = db
    .selectFrom('lifecycle_alert as a')
    .innerJoin('ticket as t', 't.id', 'a.ticket_id')
    .select(['t.id', 't.number', 't.subject', 't.status', 't.assignee_id', 't.team_id', 'a.fired_for', 'a.fired_at'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.kind', '=', 'idle')
    .where('a.fired_at', 'is not', null)
    .whereRef('a.fired_for', '=', 't.updated_at')
    .where('t.status', 'not in', ['solved', 'closed']);
  if (after) query = query.where((eb) => eb(eb.refTuple('a.fired_for', 't.id'), '>', eb.tuple(after.idleSince, after.id)));
  return query.orderBy('a.fired_for').orderBy('t.id').limit(limit + 1).execute();
}
