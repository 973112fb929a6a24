import type { Executor, TeamTable } from '../../db/types.ts';

export const findTeam = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('team').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findTeamByName = (db: Executor, workspaceId: string, name: string) =>
  db.selectFrom('team').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();

export const listTeams = (db: Executor, workspaceId: string) =>
  db.selectFrom('team').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();

export const insertTeam = (db: Executor, row: TeamTable) => db.insertInto('team').values(row).execute();

export const updateTeam = (db: Executor, workspaceId: string, id: string, changes: Partial<TeamTable>) =>
  db.updateTable('team').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export async function memberIdsByTeam(db: Executor, teamIds: string[]) {
  const byTeam = new Map<string, string[]>();
  if (!teamIds.length) return byTeam;
  const rows = await db.selectFrom('team_member').select(['team_id', 'user_id']).where('team_id', 'in', teamIds).execute();
  for (const row of rows) byTeam.set(row.team_id, [...(byTeam.get(row.team_id) ?? []), row.user_id]);
  return byTeam;
}

export async function replaceMembers(db: Executor, workspaceId: string, teamId: string, userIds: string[], now: number) {
  await db.deleteFrom('team_member').where('team_id', '=', teamId).execute();
  if (userIds.length) {
    await db
      .insertInto('team_member')
      .values(userIds.map((userId) => ({ workspace_id: workspaceId, team_id: teamId, user_id: userId, created_at: now })))
      .execute();
  }
}

export const countTeamsInWorkspace = async (db: Executor, workspaceId: string, ids: string[]) =>
  Number(
    (
      await db
        .selectFrom('team')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', ids)
        .executeTakeFirstOrThrow()
    ).n,
  );
