import type { Executor, RapportProcessTable } from '../../db/types.ts';

export const insertProcess = (db: Executor, row: RapportProcessTable) => db.insertInto('rapport_process').values(row).execute();

/** False when the row is gone: another process took this one for dead. */
export const recordHeartbeat = async (db: Executor, id: string, now: number) =>
  Number((await db.updateTable('rapport_process').set({ heartbeat_at: now }).where('id', '=', id).executeTakeFirst()).numUpdatedRows) === 1;

export const listProcesses = (db: Executor) => db.selectFrom('rapport_process').selectAll().execute();

export const deleteProcesses = (db: Executor, ids: string[]) =>
  ids.length ? db.deleteFrom('rapport_process').where('id', 'in', ids).execute() : Promise.resolve();
