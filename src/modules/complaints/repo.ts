import { lockForUpdate } from '../../db/dialect.ts';
import type { ComplaintTable, Executor } from '../../db/types.ts';

/** A ticket's type and reply instants with its complaint record, if any (one query per ticket change). */
export const findTicketWithComplaint = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('ticket as t')
    .leftJoin('complaint as c', 'c.ticket_id', 't.id')
    .select(['t.id', 't.type', 't.acknowledged_at', 't.last_agent_message_at', 'c.ticket_id as complaint_ticket_id', 'c.step', 'c.steps', 'c.created_at as complaint_created_at'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', ticketId)
    .executeTakeFirst();

export const findComplaint = (db: Executor, workspaceId: string, ticketId: string) => complaintQuery(db, workspaceId, ticketId).executeTakeFirst();

/** Reads the complaint and locks it until the transaction ends (two people may move its steps at once). */
export const findComplaintForUpdate = (db: Executor, workspaceId: string, ticketId: string) =>
  lockForUpdate(db, complaintQuery(db, workspaceId, ticketId)).executeTakeFirst();

const complaintQuery = (db: Executor, workspaceId: string, ticketId: string) =>
  db
    .selectFrom('complaint as c')
    .innerJoin('ticket as t', 't.id', 'c.ticket_id')
    .selectAll('c')
    .where('c.workspace_id', '=', workspaceId)
    .where('c.ticket_id', '=', ticketId)
    // An informal comment is not a complaint: the record only counts while the ticket is one.
    .where('t.type', '=', 'complaint');

export const insertComplaint = (db: Executor, row: ComplaintTable) =>
  db.insertInto('complaint').values(row).onConflict((oc) => oc.column('ticket_id').doNothing()).execute();

export const updateComplaint = (db: Executor, workspaceId: string, ticketId: string, changes: Partial<ComplaintTable>) =>
  db.updateTable('complaint').set(changes).where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).execute();

export function listComplaints(
  db: Executor,
  workspaceId: string,
  filters: { steps?: Array<string | null>; category?: string },
  limit: number,
  before?: { value: number; id: string },
) {
  let query = db
    .selectFrom('complaint as c')
    .innerJoin('ticket as t', 't.id', 'c.ticket_id')
    .selectAll('c')
    .where('c.workspace_id', '=', workspaceId)
    .where('t.type', '=', 'complaint');
  if (filters.steps?.length) {
    const named = filters.steps.filter((s): s is string => s !== null);
    const withNone = filters.steps.includes(null);
    query = query.where((eb) => {
      const options = [];
      if (named.length) options.push(eb('c.step', 'in', named));
      if (withNone) options.push(eb('c.step', 'is', null));
      return eb.or(options);
    });
  }
  if (filters.category) query = query.where('c.category', '=', filters.category);
  if (before) query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.ticket_id'), '<', eb.tuple(before.value, before.id)));
  return query.orderBy('c.created_at', 'desc').orderBy('c.ticket_id', 'desc').limit(limit + 1).execute();
}

/**
 * Complaints opened in [from, to) by category and root-cause category, and the latest of them with a
 * root cause written down (the complaint_workspace_created index gives the range).
 */
export async function summariseComplaints(db: Executor, workspaceId: string, from: number, to: number, latest: number) {
  const inPeriod = () =>
    db
      .selectFrom('complaint as c')
      .innerJoin('ticket as t', 't.id', 'c.ticket_id')
      .where('c.workspace_id', '=', workspaceId)
      .where('c.created_at', '>=', from)
      .where('c.created_at', '<', to)
      .where('t.type', '=', 'complaint');
  const [counts, rootCauses] = await Promise.all([
    inPeriod()
      .select(['c.category', 'c.root_cause_category', (eb) => eb.fn.countAll<number>().as('complaints')])
      .groupBy(['c.category', 'c.root_cause_category'])
      .execute(),
    inPeriod()
      .select(['c.ticket_id', 't.number', 't.subject', 'c.category', 'c.root_cause', 'c.root_cause_category', 'c.corrective_action', 'c.created_at'])
      .where('c.root_cause', 'is not', null)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.ticket_id', 'desc')
      .limit(latest)
      .execute(),
  ]);
  return { counts, rootCauses };
}
