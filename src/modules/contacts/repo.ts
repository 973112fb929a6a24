import type { ContactTable, Executor } from '../../db/types.ts';

export const findContact = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('contact').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findContactByEmail = (db: Executor, workspaceId: string, email: string) =>
  db
    .selectFrom('contact_email as e')
    .innerJoin('contact as c', 'c.id', 'e.contact_id')
    .selectAll('c')
    .where('e.workspace_id', '=', workspaceId)
    .where('e.email', '=', email)
    .executeTakeFirst();

export const findContactsByIds = (db: Executor, workspaceId: string, ids: string[]) =>
  ids.length
    ? db.selectFrom('contact').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute()
    : Promise.resolve([]);

export function listContacts(
  db: Executor,
  workspaceId: string,
  options: { limit: number; organisationId?: string; email?: string; tier?: string; before?: { createdAt: number; id: string } },
) {
  let query = db
    .selectFrom('contact as c')
    .selectAll('c')
    .where('c.workspace_id', '=', workspaceId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(options.limit + 1);
  if (options.organisationId) query = query.where('c.organisation_id', '=', options.organisationId);
  if (options.tier) query = query.where('c.tier', '=', options.tier);
  if (options.email) {
    const email = options.email;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contact_email as e')
          .select('e.contact_id')
          .whereRef('e.contact_id', '=', 'c.id')
          .where('e.workspace_id', '=', workspaceId)
          .where('e.email', '=', email),
      ),
    );
  }
  if (options.before) {
    const { createdAt, id } = options.before;
    query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '<', eb.tuple(createdAt, id)));
  }
  return query.execute();
}

export const insertContact = (db: Executor, row: ContactTable) => db.insertInto('contact').values(row).execute();

export const updateContact = (db: Executor, workspaceId: string, id: string, changes: Partial<ContactTable>) =>
  db.updateTable('contact').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const findEmailOwners = (db: Executor, workspaceId: string, emails: string[]) =>
  emails.length
    ? db.selectFrom('contact_email').selectAll().where('workspace_id', '=', workspaceId).where('email', 'in', emails).execute()
    : Promise.resolve([]);

export async function replaceEmails(db: Executor, workspaceId: string, contactId: string, emails: string[]) {
  await db.deleteFrom('contact_email').where('contact_id', '=', contactId).execute();
  if (emails.length) {
    await db
      .insertInto('contact_email')
      .values(emails.map((email) => ({ workspace_id: workspaceId, email, contact_id: contactId })))
      .execute();
  }
}
