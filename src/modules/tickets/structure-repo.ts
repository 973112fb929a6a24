import type { Executor, TicketLinkTable } from '../../db/types.ts';

// SQL of merge, split and links. Every query is scoped by workspace_id.

export const findMessage = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('message').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const countMessages = async (db: Executor, workspaceId: string, ticketId: string) =>
  Number(
    (await db.selectFrom('message').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).executeTakeFirstOrThrow()).n,
  );

export const listMessageFacts = (db: Executor, workspaceId: string, ticketId: string) =>
  db.selectFrom('message').select(['direction', 'is_internal', 'author_type', 'created_at']).where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).execute();

/** Moves every message of a ticket, with its attachments, to another ticket; returns how many. */
export async function moveAllMessages(db: Executor, workspaceId: string, fromTicketId: string, toTicketId: string) {
  await db.updateTable('attachment').set({ ticket_id: toTicketId }).where('workspace_id', '=', workspaceId).where('ticket_id', '=', fromTicketId).execute();
  const result = await db.updateTable('message').set({ ticket_id: toTicketId }).where('workspace_id', '=', workspaceId).where('ticket_id', '=', fromTicketId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function moveMessage(db: Executor, workspaceId: string, messageId: string, toTicketId: string) {
  await db.updateTable('attachment').set({ ticket_id: toTicketId }).where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).execute();
  await db.updateTable('message').set({ ticket_id: toTicketId }).where('workspace_id', '=', workspaceId).where('id', '=', messageId).execute();
}

export const insertLink = (db: Executor, row: TicketLinkTable) => db.insertInto('ticket_link').values(row).execute();

export const findLink = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('ticket_link').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findLinkTriple = (db: Executor, workspaceId: string, fromId: string, toId: string, kind: string) =>
  db
    .selectFrom('ticket_link')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('from_ticket_id', '=', fromId)
    .where('to_ticket_id', '=', toId)
    .where('kind', '=', kind)
    .executeTakeFirst();

/** The link that makes `childId` a child, if any. */
export const findParentLink = (db: Executor, workspaceId: string, childId: string) =>
  db
    .selectFrom('ticket_link')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('to_ticket_id', '=', childId)
    .where('kind', '=', 'parent-child')
    .executeTakeFirst();

/** Links in either direction, oldest first. */
export const listLinksOf = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('ticket_link')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('from_ticket_id', '=', ticketId), eb('to_ticket_id', '=', ticketId)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const deleteLink = (db: Executor, workspaceId: string, id: string) =>
  db.deleteFrom('ticket_link').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
