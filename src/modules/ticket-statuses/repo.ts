import type { Executor, TicketStatusDefTable } from '../../db/types.ts';

export const listStatusDefs = (db: Executor, workspaceId: string) =>
  db.selectFrom('ticket_status_def').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('key').execute();

export const findStatusDef = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('ticket_status_def').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findStatusDefByKey = (db: Executor, workspaceId: string, key: string) =>
  db.selectFrom('ticket_status_def').selectAll().where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();

export const insertStatusDef = (db: Executor, row: TicketStatusDefTable) => db.insertInto('ticket_status_def').values(row).execute();

export const updateStatusDef = (db: Executor, workspaceId: string, id: string, changes: Partial<TicketStatusDefTable>) =>
  db.updateTable('ticket_status_def').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const deleteStatusDef = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('ticket_status_def').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const maxStatusPosition = async (db: Executor, workspaceId: string) =>
  Number(
    (await db.selectFrom('ticket_status_def').select((eb) => eb.fn.max('position').as('p')).where('workspace_id', '=', workspaceId).executeTakeFirst())?.p ?? -10,
  );

/** Whether any ticket has the custom status (uses the ticket_custom_status_created index). */
export const isStatusInUse = async (db: Executor, workspaceId: string, key: string) =>
  (await db.selectFrom('ticket').select('id').where('workspace_id', '=', workspaceId).where('custom_status', '=', key).limit(1).executeTakeFirst()) !== undefined;
