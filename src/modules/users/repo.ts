import type { Executor, StaffUserTable } from '../../db/types.ts';

export type UserRow = StaffUserTable;

export const findUserById = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('staff_user').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

/** Staff email addresses are unique across workspaces: sign-in needs no workspace name. */
export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('staff_user').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const listUsers = (db: Executor, workspaceId: string) =>
  db.selectFrom('staff_user').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();

export const insertUser = (db: Executor, row: UserRow) => db.insertInto('staff_user').values(row).execute();

export const updateUser = (db: Executor, workspaceId: string, id: string, changes: Partial<UserRow>) =>
  db.updateTable('staff_user').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

/** Signs a staff user out everywhere (deactivation, a password reset), or everywhere but one session; resolves to how many ended. */
export async function deleteSessionsOfUser(db: Executor, userId: string, keepIdHash?: string) {
  let query = db.deleteFrom('session').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

/** Revokes every live API token of a staff user (a password reset); resolves to how many. */
export const revokeTokensOfUser = async (db: Executor, userId: string, now: number) =>
  Number((await db.updateTable('api_token').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst()).numUpdatedRows);

export async function teamIdsByUser(db: Executor, userIds: string[]) {
  const byUser = new Map<string, string[]>();
  if (!userIds.length) return byUser;
  const rows = await db.selectFrom('team_member').select(['user_id', 'team_id']).where('user_id', 'in', userIds).execute();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.team_id]);
  return byUser;
}

export const countUsersInWorkspace = async (db: Executor, workspaceId: string, filters: { ids?: string[] }) =>
  filters.ids?.length
    ? Number(
        (
          await db
            .selectFrom('staff_user')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', filters.ids)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
