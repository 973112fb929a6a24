import { sql } from 'kysely';
import { lockForUpdate } from '../../db/dialect.ts';
import type {
  AttachmentTable,
  Executor,
  MessageTable,
  TicketEventTable,
  TicketTable,
} from '../../db/types.ts';

export type TicketRow = TicketTable;

export const findTicket = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('ticket').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

/** Reads a ticket and locks it until the transaction ends (two agents may update it at once). */
export const findTicketForUpdate = (db: Executor, workspaceId: string, id: string) =>
  lockForUpdate(db, db.selectFrom('ticket').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id)).executeTakeFirst();

export const findTicketByNumber = (db: Executor, workspaceId: string, number: number) =>
  db.selectFrom('ticket').selectAll().where('workspace_id', '=', workspaceId).where('number', '=', number).executeTakeFirst();

export const findTicketsByIds = (db: Executor, workspaceId: string, ids: string[]) =>
  ids.length
    ? db.selectFrom('ticket').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute()
    : Promise.resolve([]);

export const insertTicket = (db: Executor, row: TicketRow) => db.insertInto('ticket').values(row).execute();

/** Applies changes only if the version is still `expectedVersion`; returns whether it did. */
export async function updateTicketIfVersion(
  db: Executor,
  workspaceId: string,
  id: string,
  expectedVersion: number,
  changes: Partial<TicketRow>,
) {
  // A custom status belongs to one category: a status change that names none (a reply, an
  // automation) falls back to the plain category rather than keep a label of another one.
  const customStatus = changes.status !== undefined && changes.custom_status === undefined ? { custom_status: null } : {};
  const result = await db
    .updateTable('ticket')
    .set({ ...changes, ...customStatus, version: expectedVersion + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceTags(db: Executor, workspaceId: string, ticketId: string, tags: string[]) {
  await db.deleteFrom('ticket_tag').where('ticket_id', '=', ticketId).execute();
  if (tags.length) {
    await db.insertInto('ticket_tag').values(tags.map((tag) => ({ workspace_id: workspaceId, ticket_id: ticketId, tag }))).execute();
  }
}

export interface TicketFilters {
  status?: string[];
  priority?: string[];
  type?: string[];
  assigneeId?: string | null;
  teamId?: string | null;
  tag?: string;
  requesterId?: string;
  organisationId?: string;
  customStatus?: string[];
  /** Only tickets with a next SLA due time at or before this instant (epoch ms). */
  slaDueBefore?: number;
}

export interface TicketSort {
  column: 'created_at' | 'updated_at' | 'sla_next_due_at';
  direction: 'asc' | 'desc';
}

export function listTickets(
  db: Executor,
  workspaceId: string,
  filters: TicketFilters,
  sort: TicketSort,
  limit: number,
  after?: { value: number | null; id: string },
) {
  if (sort.column === 'sla_next_due_at') return listTicketsBySlaDue(db, workspaceId, filters, limit, after);
  let query = filterTickets(db, workspaceId, filters);
  const column = `t.${sort.column}` as const;
  if (after) {
    const comparison = sort.direction === 'desc' ? '<' : '>';
    query = query.where((eb) => eb(eb.refTuple(column, 't.id'), comparison, eb.tuple(after.value as number, after.id)));
  }
  return query.orderBy(column, sort.direction).orderBy('t.id', sort.direction).limit(limit + 1).execute();
}

/**
 * Earliest SLA due first, then tickets without a due time (paused, solved, no policy). With
 * `slaDueBefore` no row lacks a due time, so the order is plain (due, id) and the
 * ticket_status_sla_due index (workspace_id, status, sla_next_due_at, id) serves it.
 */
function listTicketsBySlaDue(db: Executor, workspaceId: string, filters: TicketFilters, limit: number, after?: { value: number | null; id: string }) {
  let query = filterTickets(db, workspaceId, filters);
  if (after && after.value === null) {
    query = query.where('t.sla_next_due_at', 'is', null).where('t.id', '>', after.id);
  } else if (after) {
    const due = after.value as number;
    query = query.where((eb) =>
      eb.or([eb(eb.refTuple('t.sla_next_due_at', 't.id'), '>', eb.tuple(due, after.id)), eb('t.sla_next_due_at', 'is', null)]),
    );
  }
  if (filters.slaDueBefore === undefined) query = query.orderBy(sql`(t.sla_next_due_at is null)`);
  return query.orderBy('t.sla_next_due_at', 'asc').orderBy('t.id', 'asc').limit(limit + 1).execute();
}

/** Counts matching tickets up to `cap` (a subquery with a limit keeps a count of a huge inbox cheap). */
export async function countTickets(db: Executor, workspaceId: string, filters: TicketFilters, cap: number) {
  const matching = filterTickets(db, workspaceId, filters).clearSelect().select('t.id').limit(cap + 1);
  const row = await db.selectFrom(matching.as('m')).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function filterTickets(db: Executor, workspaceId: string, filters: TicketFilters) {
  let query = db.selectFrom('ticket as t').selectAll('t').where('t.workspace_id', '=', workspaceId);
  if (filters.slaDueBefore !== undefined) query = query.where('t.sla_next_due_at', '<=', filters.slaDueBefore);
  if (filters.status?.length) query = query.where('t.status', 'in', filters.status);
  if (filters.priority?.length) query = query.where('t.priority', 'in', filters.priority);
  if (filters.type?.length) query = query.where('t.type', 'in', filters.type);
  if (filters.assigneeId !== undefined) {
    query = filters.assigneeId === null ? query.where('t.assignee_id', 'is', null) : query.where('t.assignee_id', '=', filters.assigneeId);
  }
  if (filters.teamId !== undefined) {
    query = filters.teamId === null ? query.where('t.team_id', 'is', null) : query.where('t.team_id', '=', filters.teamId);
  }
  if (filters.requesterId) query = query.where('t.requester_id', '=', filters.requesterId);
  if (filters.organisationId) query = query.where('t.organisation_id', '=', filters.organisationId);
  if (filters.customStatus?.length) query = query.where('t.custom_status', 'in', filters.customStatus);
  if (filters.tag) {
    const tag = filters.tag;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ticket_tag as g')
          .select('g.ticket_id')
          .whereRef('g.ticket_id', '=', 't.id')
          .where('g.workspace_id', '=', workspaceId)
          .where('g.tag', '=', tag),
      ),
    );
  }
  return query;
}

export const insertMessage = (db: Executor, row: MessageTable) => db.insertInto('message').values(row).execute();

export const listMessages = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('message')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const listMessageTexts = (db: Executor, ticketId: string) =>
  db.selectFrom('message').select('text').where('ticket_id', '=', ticketId).orderBy('created_at').execute();

export const insertAttachments = (db: Executor, rows: AttachmentTable[]) =>
  rows.length ? db.insertInto('attachment').values(rows).execute() : Promise.resolve();

export const listAttachmentsOfMessages = (db: Executor, messageIds: string[]) =>
  messageIds.length
    ? db.selectFrom('attachment').selectAll().where('message_id', 'in', messageIds).orderBy('created_at').orderBy('id').execute()
    : Promise.resolve([]);

export const findMessagesByEmailMessageIds = (db: Executor, workspaceId: string, emailMessageIds: string[]) =>
  emailMessageIds.length
    ? db
        .selectFrom('message')
        .select(['id', 'ticket_id', 'email_message_id', 'created_at'])
        .where('workspace_id', '=', workspaceId)
        .where('email_message_id', 'in', emailMessageIds)
        .execute()
    : Promise.resolve([]);

export const setDeliveryStatus = (db: Executor, messageId: string, status: string) =>
  db.updateTable('message').set({ delivery_status: status }).where('id', '=', messageId).execute();

export const findAttachment = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('attachment').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const insertTicketEvents = (db: Executor, rows: TicketEventTable[]) =>
  rows.length ? db.insertInto('ticket_event').values(rows).execute() : Promise.resolve();

export const listTicketEvents = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('ticket_event')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
