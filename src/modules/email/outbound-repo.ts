import { lockForClaim } from '../../db/dialect.ts';
import type { Executor, OutboundEmailTable } from '../../db/types.ts';

/** Queues an email for a ticket message once: a repeated request for the same message changes nothing. */
export const insertOutboundEmail = (db: Executor, row: OutboundEmailTable) =>
  db.insertInto('outbound_email').values(row).onConflict((oc) => oc.column('message_id').doNothing()).execute();

export async function claimOutboundEmails(db: Executor, now: number, leaseMs: number, limit: number, owner: string | null = null) {
  const ids = lockForClaim(
    db,
    db
      .selectFrom('outbound_email')
      .select('id')
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit),
  );
  return db
    .updateTable('outbound_email')
    .set((eb) => ({ lease_until: now + leaseMs, lease_owner: owner, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}

export const markOutboundSent = (db: Executor, id: string, now: number) =>
  db.updateTable('outbound_email').set({ status: 'sent', sent_at: now, lease_until: null, last_error: null }).where('id', '=', id).execute();

export const markOutboundRetry = (db: Executor, id: string, nextAttemptAt: number, error: string) =>
  db.updateTable('outbound_email').set({ next_attempt_at: nextAttemptAt, lease_until: null, last_error: error.slice(0, 2000) }).where('id', '=', id).execute();

export const markOutboundFailed = (db: Executor, id: string, error: string) =>
  db.updateTable('outbound_email').set({ status: 'failed', lease_until: null, last_error: error.slice(0, 2000) }).where('id', '=', id).execute();

export const setMessageDelivery = (db: Executor, messageId: string, status: string, emailMessageId?: string) =>
  db
    .updateTable('message')
    .set({ delivery_status: status, ...(emailMessageId ? { email_message_id: emailMessageId } : {}) })
    .where('id', '=', messageId)
    .execute();

/** What a reply needs to know about its ticket: requester address, thread ids, the mailbox to send from. */
export async function loadReplyContext(db: Executor, workspaceId: string, ticketId: string) {
  const ticket = await db
    .selectFrom('ticket as t')
    .innerJoin('contact as c', 'c.id', 't.requester_id')
    .select(['t.id', 't.number', 't.subject', 't.team_id', 't.channel', 'c.emails', 'c.name as requester_name'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return undefined;
  const threadIds = await db
    .selectFrom('message')
    .select(['email_message_id', 'direction'])
    .where('ticket_id', '=', ticketId)
    .where('email_message_id', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const mailboxes = await db.selectFrom('mailbox').selectAll().where('workspace_id', '=', workspaceId).where('is_active', '=', 1).orderBy('created_at').execute();
  return { ticket, threadIds, mailboxes };
}

/** The workspace's oldest active mailbox: the sender of email that belongs to no team's ticket. */
export const findDefaultMailbox = (db: Executor, workspaceId: string) =>
  db.selectFrom('mailbox').select(['name', 'address']).where('workspace_id', '=', workspaceId).where('is_active', '=', 1).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();

export const loadMessageForEmail = (db: Executor, workspaceId: string, messageId: string) =>
  db
    .selectFrom('message as m')
    .innerJoin('ticket as t', 't.id', 'm.ticket_id')
    .select(['m.id', 'm.ticket_id', 'm.text', 'm.html', 'm.author_type', 'm.direction', 'm.is_internal', 't.channel as ticket_channel'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.id', '=', messageId)
    .executeTakeFirst();

export const findOutboundForMessage = (db: Executor, messageId: string) =>
  db.selectFrom('outbound_email').selectAll().where('message_id', '=', messageId).executeTakeFirst();

/** Returns the emails these (stopped) processes hold to the queue; resolves to how many. */
export const releaseOutboundLeases = async (db: Executor, owners: string[]) =>
  Number(
    (await db.updateTable('outbound_email').set({ lease_until: null, lease_owner: null }).where('lease_owner', 'in', owners).where('lease_until', 'is not', null).executeTakeFirst())
      .numUpdatedRows,
  );
