import { sql } from 'kysely';
import type { ContactSearchTermTable, ContactTable, Executor } from '../../db/types.ts';
import { prefixUpperBound } from './search-terms.ts';

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
  options: {
    limit: number;
    organisationId?: string;
    email?: string;
    tier?: string;
    /** Folded query words: each must be a prefix of one of the contact's search terms. */
    words?: string[];
    before?: { createdAt: number; id: string };
  },
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
  for (const word of options.words ?? []) {
    // A range read of contact_search_term's primary key per word.
    query = query.where('c.id', 'in', (eb) =>
      eb
        .selectFrom('contact_search_term as s')
        .select('s.contact_id')
        .where('s.workspace_id', '=', workspaceId)
        .where('s.term', '>=', word)
        .where('s.term', '<', prefixUpperBound(word)),
    );
  }
  if (options.before) {
    const { createdAt, id } = options.before;
    query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '<', eb.tuple(createdAt, id)));
  }
  return query.execute();
}

export async function replaceSearchTerms(db: Executor, workspaceId: string, contactId: string, terms: string[]) {
  await db.deleteFrom('contact_search_term').where('contact_id', '=', contactId).execute();
  if (terms.length) {
    const rows: ContactSearchTermTable[] = terms.map((term) => ({ workspace_id: workspaceId, term, contact_id: contactId }));
    await db.insertInto('contact_search_term').values(rows).execute();
  }
}

/** Characters of a message's text read for its timeline excerpt (never the whole of a long email). */
const EXCERPT_SOURCE_CHARS = 400;

/**
 * The public messages (internal notes left out) of the tickets the contact asked, newest first:
 * the contact's tickets come from ticket_requester_created, their messages from message_ticket, so
 * the work is bounded by that contact's messages, whatever the size of the workspace.
 */
export function listTimeline(
  db: Executor,
  workspaceId: string,
  contactId: string,
  options: { limit: number; before?: { createdAt: number; id: string } },
) {
  let query = db
    .selectFrom('ticket as t')
    .innerJoin('message as m', 'm.ticket_id', 't.id')
    .leftJoin('staff_user as u', (join) => join.onRef('u.id', '=', 'm.author_id').on('m.author_type', '=', 'staff'))
    .leftJoin('contact as a', (join) => join.onRef('a.id', '=', 'm.author_id').on('m.author_type', '=', 'contact'))
    .select([
      'm.id',
      'm.ticket_id',
      'm.direction',
      'm.channel',
      'm.author_type',
      'm.author_id',
      'm.created_at',
      sql<string>`substr(m.text, 1, ${EXCERPT_SOURCE_CHARS})`.as('text_start'),
      't.number as ticket_number',
      't.subject as ticket_subject',
      't.channel as ticket_channel',
      't.status as ticket_status',
      'u.name as staff_name',
      'a.name as contact_name',
    ])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.requester_id', '=', contactId)
    // No m.workspace_id condition: the ticket scopes its messages, and that condition would tempt the
    // planner into an index on all the workspace's messages.
    .where('m.is_internal', '=', 0)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(options.limit + 1);
  if (options.before) {
    const { createdAt, id } = options.before;
    query = query.where((eb) => eb(eb.refTuple('m.created_at', 'm.id'), '<', eb.tuple(createdAt, id)));
  }
  return query.execute();
}

export type TimelineRow = Awaited<ReturnType<typeof listTimeline>>[number];

/**
 * The contact's closed follow-ups whose note is not a message on the timeline already (NPS ones,
 * and CSAT ones whose note stayed internal), newest first, from follow_up_contact_closed.
 */
export function listFollowUpNotes(
  db: Executor,
  workspaceId: string,
  contactId: string,
  options: { limit: number; before?: { createdAt: number; id: string } },
) {
  let query = db
    .selectFrom('follow_up as f')
    .leftJoin('ticket as t', 't.id', 'f.ticket_id')
    .leftJoin('staff_user as u', 'u.id', 'f.closed_by')
    .select([
      'f.id',
      'f.kind',
      'f.score',
      'f.ticket_id',
      'f.closed_by',
      'f.closed_at',
      'f.change_note',
      'f.notified_customer',
      't.number as ticket_number',
      't.subject as ticket_subject',
      'u.name as staff_name',
    ])
    .where('f.workspace_id', '=', workspaceId)
    .where('f.contact_id', '=', contactId)
    .where('f.closed_at', 'is not', null)
    .where((eb) => eb.or([eb('f.kind', '=', 'nps'), eb('f.notified_customer', '=', 0)]))
    .orderBy('f.closed_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(options.limit + 1);
  if (options.before) {
    const { createdAt, id } = options.before;
    query = query.where((eb) => eb(eb.refTuple('f.closed_at', 'f.id'), '<', eb.tuple(createdAt, id)));
  }
  return query.execute();
}

export type FollowUpNoteRow = Awaited<ReturnType<typeof listFollowUpNotes>>[number];

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
