import type { ApiTokenTable, Executor, SessionTable } from '../../db/types.ts';

export const insertSession = (db: Executor, row: SessionTable) => db.insertInto('session').values(row).execute();

export const findSessionWithUser = (db: Executor, idHash: string) =>
  db
    .selectFrom('session as s')
    .innerJoin('staff_user as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.workspace_id', 's.user_id', 's.csrf_token', 's.expires_at', 'u.role', 'u.is_active'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();

export const deleteSession = (db: Executor, idHash: string) => db.deleteFrom('session').where('id_hash', '=', idHash).execute();

export const deleteExpiredSessions = (db: Executor, now: number) => db.deleteFrom('session').where('expires_at', '<', now).execute();

export const insertApiToken = (db: Executor, row: ApiTokenTable) => db.insertInto('api_token').values(row).execute();

export const findApiTokenWithUser = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('api_token as t')
    .innerJoin('staff_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.workspace_id', 't.user_id', 't.revoked_at', 't.last_used_at', 'u.role', 'u.is_active'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const touchApiToken = (db: Executor, id: string, now: number) =>
  db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();

export function listApiTokens(db: Executor, workspaceId: string, userId?: string) {
  let query = db.selectFrom('api_token').selectAll().where('workspace_id', '=', workspaceId);
  if (userId) query = query.where('user_id', '=', userId);
  return query.orderBy('created_at', 'desc').execute();
}

export const findApiToken = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('api_token').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const revokeApiToken = (db: Executor, id: string, now: number) =>
  db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).execute();

export const insertLoginAttempts = (db: Executor, keys: string[], now: number) =>
  db.insertInto('login_attempt').values(keys.map((key) => ({ key, created_at: now }))).execute();

export const countLoginAttempts = async (db: Executor, key: string, since: number) =>
  Number(
    (
      await db
        .selectFrom('login_attempt')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('key', '=', key)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const clearLoginAttempts = (db: Executor, key: string) => db.deleteFrom('login_attempt').where('key', '=', key).execute();

export const deleteOldLoginAttempts = (db: Executor, before: number) =>
  db.deleteFrom('login_attempt').where('created_at', '<', before).execute();
