import { lockForClaim } from '../../db/dialect.ts';
import type { Executor, InboundEmailTable, MailboxTable } from '../../db/types.ts';
import type { InboundEmailStatus } from './schema.ts';

export const findMailboxByAddress = (db: Executor, address: string) =>
  db.selectFrom('mailbox').selectAll().where('address', '=', address.toLowerCase()).where('is_active', '=', 1).executeTakeFirst();

export const findMailbox = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('mailbox').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findMailboxById = (db: Executor, id: string) => db.selectFrom('mailbox').selectAll().where('id', '=', id).executeTakeFirst();

export const listMailboxes = (db: Executor, workspaceId: string) =>
  db.selectFrom('mailbox').selectAll().where('workspace_id', '=', workspaceId).orderBy('address').execute();

export const insertMailbox = (db: Executor, row: MailboxTable) => db.insertInto('mailbox').values(row).execute();

export const updateMailbox = (db: Executor, workspaceId: string, id: string, changes: Partial<MailboxTable>) =>
  db.updateTable('mailbox').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

/** Stores an inbound message once per key and mailbox (see dedupe_key): false when it was stored before. */
export async function insertInboundEmail(db: Executor, row: InboundEmailTable) {
  const result = await db
    .insertInto('inbound_email')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'mailbox_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const findInboundEmailByKey = (db: Executor, row: Pick<InboundEmailTable, 'workspace_id' | 'mailbox_id' | 'dedupe_key'>) =>
  db
    .selectFrom('inbound_email')
    .select(['id', 'status'])
    .where('workspace_id', '=', row.workspace_id)
    .where('mailbox_id', '=', row.mailbox_id)
    .where('dedupe_key', '=', row.dedupe_key)
    .executeTakeFirstOrThrow();

/** Which messages an admin may send back to the queue: given up, or waiting out a retry backoff. */
export type RetryableInbound = { ids: string[] } | { allFailed: true };

/**
 * Puts messages back in the queue, due now and with their attempts reset (the last error stays until
 * they are processed). A message a processor holds right now is left alone: it is being retried.
 */
export function requeueInboundEmails(db: Executor, workspaceId: string, which: RetryableInbound, now: number) {
  let query = db
    .updateTable('inbound_email')
    .set({ status: 'received', attempts: 0, available_at: now, lease_until: null, outcome: null, processed_at: null })
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]));
  query =
    'ids' in which
      ? query
          .where('id', 'in', which.ids)
          .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'received'), eb('error', 'is not', null)])]))
      : query.where('status', '=', 'failed');
  return query.returning(['id', 'error']).execute();
}

/** Leases received messages that are due; the lease returns them to the pool if this process dies. */
export async function claimInboundEmails(db: Executor, now: number, leaseMs: number, limit: number, owner: string | null = null) {
  const ids = lockForClaim(
    db,
    db
      .selectFrom('inbound_email')
      .select('id')
      .where('status', '=', 'received')
      .where('available_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('available_at')
      .orderBy('id')
      .limit(limit),
  );
  return db
    .updateTable('inbound_email')
    .set((eb) => ({ lease_until: now + leaseMs, lease_owner: owner, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}

export const completeInboundEmail = (
  db: Executor,
  id: string,
  result: { status: 'processed' | 'failed'; outcome: string; ticketId?: string | null; messageId?: string | null; error?: string | null },
  now: number,
) =>
  db
    .updateTable('inbound_email')
    .set({
      status: result.status,
      outcome: result.outcome,
      ticket_id: result.ticketId ?? null,
      message_id: result.messageId ?? null,
      error: result.error ?? null,
      processed_at: now,
      lease_until: null,
    })
    .where('id', '=', id)
    .execute();

export const retryInboundEmail = (db: Executor, id: string, availableAt: number, error: string) =>
  db.updateTable('inbound_email').set({ available_at: availableAt, lease_until: null, error: error.slice(0, 2000) }).where('id', '=', id).execute();

export function listInboundEmails(
  db: Executor,
  workspaceId: string,
  limit: number,
  filter: { status?: InboundEmailStatus; before?: { receivedAt: number; id: string } },
) {
  let query = db
    .selectFrom('inbound_email')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status === 'retrying') query = query.where('status', '=', 'received').where('error', 'is not', null);
  else if (filter.status) query = query.where('status', '=', filter.status);
  const { before } = filter;
  if (before) query = query.where((eb) => eb(eb.refTuple('received_at', 'id'), '<', eb.tuple(before.receivedAt, before.id)));
  return query.execute();
}

export const findInboundEmail = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('inbound_email').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const ticketNumber = async (db: Executor, ticketId: string) =>
  (await db.selectFrom('ticket').select('number').where('id', '=', ticketId).executeTakeFirst())?.number;

export const countSenderMessagesSince = async (db: Executor, workspaceId: string, sender: string, since: number) =>
  Number(
    (
      await db
        .selectFrom('inbound_email')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('envelope_from', '=', sender)
        .where('received_at', '>=', since)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Returns the messages these (stopped) processes hold to the queue; resolves to how many. */
export const releaseInboundLeases = async (db: Executor, owners: string[]) =>
  Number(
    (await db.updateTable('inbound_email').set({ lease_until: null, lease_owner: null }).where('lease_owner', 'in', owners).where('lease_until', 'is not', null).executeTakeFirst())
      .numUpdatedRows,
  );

export const listImapMailboxes = (db: Executor) =>
  db.selectFrom('mailbox').select(['id', 'address', 'imap_settings']).where('is_active', '=', 1).where('imap_settings', 'is not', null).execute();

export const recordImapPoll = (db: Executor, mailboxId: string, at: number, error: string | null) =>
  db.updateTable('mailbox').set({ imap_polled_at: at, imap_error: error?.slice(0, 1000) ?? null }).where('id', '=', mailboxId).execute();
