import type { AgentAbsenceTable, Executor, ShiftTable } from '../../db/types.ts';
import type { Cursor } from '../../lib/pagination.ts';

/** New tickets per local day × hour × channel of a workspace, for the local dates from `from` to `to` (inclusive). */
export function listHourlyVolumes(db: Executor, workspaceId: string, period: { from: string; to: string; channel?: string }) {
  let query = db
    .selectFrom('metric_volume')
    .select(['day', 'hour', 'channel', (eb) => eb.fn.sum<number | string>('created').as('created')])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to);
  if (period.channel !== undefined) query = query.where('channel', '=', period.channel);
  return query.groupBy(['day', 'hour', 'channel']).execute();
}

export const findSettings = (db: Executor, workspaceId: string) =>
  db.selectFrom('wfm_settings').select('settings').where('workspace_id', '=', workspaceId).executeTakeFirst();

export const saveSettings = (db: Executor, row: { workspace_id: string; settings: string; updated_at: number }) =>
  db
    .insertInto('wfm_settings')
    .values(row)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ settings: row.settings, updated_at: row.updated_at }))
    .execute();

/** A workspace's shifts by name (a workspace has a bounded number: MAX_SHIFTS). */
export const listShifts = (db: Executor, workspaceId: string) =>
  db.selectFrom('shift').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();

export const countShifts = async (db: Executor, workspaceId: string) =>
  Number((await db.selectFrom('shift').select((eb) => eb.fn.countAll<number>().as('count')).where('workspace_id', '=', workspaceId).executeTakeFirst())?.count ?? 0);

export const findShift = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('shift').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findShiftByName = (db: Executor, workspaceId: string, name: string) =>
  db.selectFrom('shift').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();

export const insertShift = (db: Executor, row: ShiftTable) => db.insertInto('shift').values(row).execute();

export const updateShift = (db: Executor, workspaceId: string, id: string, changes: Partial<ShiftTable>) =>
  db.updateTable('shift').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const deleteShift = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('shift').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

/** Who works which shift in the given weeks (Mondays). */
export const listAssignments = (db: Executor, workspaceId: string, weeks: ReadonlyArray<string>) =>
  weeks.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('shift_assignment')
        .select(['shift_id', 'week', 'user_id'])
        .where('workspace_id', '=', workspaceId)
        .where('week', 'in', weeks)
        .orderBy('week')
        .orderBy('shift_id')
        .execute();

/** A shift's assignments from the week `fromWeek` on. */
export const listAssignmentsOfShift = (db: Executor, workspaceId: string, shiftId: string, fromWeek: string) =>
  db
    .selectFrom('shift_assignment')
    .select(['shift_id', 'week', 'user_id'])
    .where('shift_id', '=', shiftId)
    .where('workspace_id', '=', workspaceId)
    .where('week', '>=', fromWeek)
    .execute();

/** Some agents' assignments in the weeks from `fromWeek` to `toWeek`: a new one must not overlap them. */
export const listAssignmentsOfUsers = (db: Executor, workspaceId: string, userIds: ReadonlyArray<string>, weeks: { from: string; to: string }) =>
  userIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('shift_assignment')
        .select(['shift_id', 'week', 'user_id'])
        .where('workspace_id', '=', workspaceId)
        .where('user_id', 'in', userIds)
        .where('week', '>=', weeks.from)
        .where('week', '<=', weeks.to)
        .execute();

export async function replaceAssignments(db: Executor, workspaceId: string, shiftId: string, week: string, userIds: ReadonlyArray<string>, now: number) {
  await db.deleteFrom('shift_assignment').where('shift_id', '=', shiftId).where('week', '=', week).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('shift_assignment')
    .values(userIds.map((userId) => ({ workspace_id: workspaceId, shift_id: shiftId, week, user_id: userId, created_at: now })))
    .execute();
}

/** Absences overlapping the local dates from `from` to `to`, of everyone or of some agents. */
export function listAbsencesOverlapping(db: Executor, workspaceId: string, period: { from: string; to: string }, userIds?: ReadonlyArray<string>) {
  let query = db
    .selectFrom('agent_absence')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('to_day', '>=', period.from)
    .where('from_day', '<=', period.to);
  if (userIds !== undefined) {
    if (userIds.length === 0) return Promise.resolve([]);
    query = query.where('user_id', 'in', userIds);
  }
  return query.execute();
}

/** A page of absences in order of their last day, ending on or after `from`. */
export function listAbsencePage(
  db: Executor,
  workspaceId: string,
  filter: { userId?: string; from?: string; to?: string },
  limit: number,
  after: Cursor | undefined,
) {
  let query = db
    .selectFrom('agent_absence as a')
    .innerJoin('staff_user as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'a.from_day', 'a.to_day', 'a.reason', 'a.note', 'a.created_at', 'u.name as user_name'])
    .where('a.workspace_id', '=', workspaceId);
  if (filter.userId !== undefined) query = query.where('a.user_id', '=', filter.userId);
  if (filter.from !== undefined) query = query.where('a.to_day', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('a.from_day', '<=', filter.to);
  if (after) {
    const day = String(after.value);
    query = query.where((eb) => eb.or([eb('a.to_day', '>', day), eb.and([eb('a.to_day', '=', day), eb('a.id', '>', after.id)])]));
  }
  return query.orderBy('a.to_day').orderBy('a.id').limit(limit + 1).execute();
}

export const insertAbsence = (db: Executor, row: AgentAbsenceTable) => db.insertInto('agent_absence').values(row).execute();

export const deleteAbsence = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('agent_absence').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findAbsence = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('agent_absence').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
