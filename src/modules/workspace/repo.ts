import type { Executor, WorkspaceTable } from '../../db/types.ts';

export const findWorkspace = (db: Executor, id: string) =>
  db.selectFrom('workspace').selectAll().where('id', '=', id).executeTakeFirst();

export const findFirstWorkspace = (db: Executor) =>
  db.selectFrom('workspace').selectAll().orderBy('created_at').limit(1).executeTakeFirst();

/** Every workspace with its settings (an installation has a handful): portal host lookup. */
export const listWorkspaceSettings = (db: Executor) => db.selectFrom('workspace').select(['id', 'name', 'settings']).orderBy('created_at').execute();

export const insertWorkspace = (db: Executor, row: WorkspaceTable) => db.insertInto('workspace').values(row).execute();

export const updateWorkspace = (db: Executor, id: string, changes: Partial<WorkspaceTable>) =>
  db.updateTable('workspace').set(changes).where('id', '=', id).execute();

/** Takes the next ticket number; its row lock keeps numbers unique (dialect.ts counterExecutor says in which transaction). */
export const nextTicketNumber = async (db: Executor, id: string) =>
  (
    await db
      .updateTable('workspace')
      .set((eb) => ({ ticket_seq: eb('ticket_seq', '+', 1) }))
      .where('id', '=', id)
      .returning('ticket_seq')
      .executeTakeFirstOrThrow()
  ).ticket_seq;
