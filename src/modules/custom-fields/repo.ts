import { sql } from 'kysely';
import type { CustomFieldTable, Executor } from '../../db/types.ts';

export const listFieldDefs = (db: Executor, workspaceId: string) =>
  db.selectFrom('custom_field').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('key').execute();

export const findFieldDef = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('custom_field').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findFieldDefByKey = (db: Executor, workspaceId: string, key: string) =>
  db.selectFrom('custom_field').selectAll().where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();

export const insertFieldDef = (db: Executor, row: CustomFieldTable) => db.insertInto('custom_field').values(row).execute();

export const updateFieldDef = (db: Executor, workspaceId: string, id: string, changes: Partial<CustomFieldTable>) =>
  db.updateTable('custom_field').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const deleteFieldDef = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('custom_field').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const maxFieldPosition = async (db: Executor, workspaceId: string) =>
  Number((await db.selectFrom('custom_field').select((eb) => eb.fn.max('position').as('p')).where('workspace_id', '=', workspaceId).executeTakeFirst())?.p ?? -10);

/**
 * Whether any ticket of the workspace holds a value for the key. Values live in JSON text (portable
 * columns, no JSON operators), so this scans for `"key":`; an admin action, rare enough for a scan.
 */
export async function isFieldInUse(db: Executor, workspaceId: string, key: string) {
  const pattern = `%${JSON.stringify(key).replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
  const row = await db
    .selectFrom('ticket')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`custom_fields like ${pattern} escape '\\'`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
