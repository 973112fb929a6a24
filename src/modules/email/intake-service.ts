import type { InboundEmailTable, MailboxTable } from '../../db/types.ts';
import { unknownRecipient } from '../../lib/errors.ts';
import { newId, sha256 } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { BlobStore } from '../blobs/service.ts';
import { extractMessageIds, readHeaderBlock } from './auto-submitted.ts';
import * as repo from './intake-repo.ts';
import { storableText } from '../../lib/storable-text.ts';

export interface IncomingMail {
  raw: Buffer;
  /** Envelope recipients (RCPT TO), or the mailbox the message was fetched from. */
  recipients: string[];
  envelopeFrom: string | null;
  source: 'smtp' | 'imap' | 'cli';
}

/** The Message-ID from the raw header block: enough to deduplicate without a full parse. */
function headerMessageId(raw: Buffer) {
  const header = readHeaderBlock(raw.subarray(0, 65_536).toString('latin1')).get('message-id');
  return header ? (extractMessageIds(header)[0] ?? null) : null;
}

/**
 * The first step of every inbound message: the raw bytes become a blob and an `inbound_email` row in
 * one committed transaction, before the sender is told the message was accepted. Parsing, threading
 * and ticket creation run later from the stored message (see processor.ts), so nothing accepted is
 * lost if the process dies at any point.
 */
export function createEmailIntake({ db, clock, afterCommit }: ServiceContext, blobs: BlobStore) {
  return {
    findMailbox: (address: string) => repo.findMailboxByAddress(db, address.trim().toLowerCase()),

    async accept(mail: IncomingMail) {
      const mailboxes = new Map<string, MailboxTable>();
      for (const address of mail.recipients) {
        const mailbox = await repo.findMailboxByAddress(db, address.trim().toLowerCase());
        // One copy per workspace, even when the message names several of its mailboxes.
        if (mailbox && !mailboxes.has(mailbox.workspace_id)) mailboxes.set(mailbox.workspace_id, mailbox);
      }
      if (!mailboxes.size) throw unknownRecipient(mail.recipients.join(', '));
      const hash = sha256(mail.raw);
      const messageId = headerMessageId(mail.raw);
      // One stored message per Message-ID (the same mail relayed twice differs in its Received lines);
      // the bytes identify a message that has none.
      const dedupeKey = messageId ? `message-id:${storableText(messageId)}` : `sha256:${hash}`;
      const now = clock.now().getTime();
      await blobs.prepare(mail.raw);
      const stored = await db.transaction().execute(async (tx) => {
        await blobs.put(tx, mail.raw);
        const results = [];
        for (const mailbox of mailboxes.values()) {
          const row: InboundEmailTable = {
            id: newId(),
            workspace_id: mailbox.workspace_id,
            mailbox_id: mailbox.id,
            sha256: hash,
            size: mail.raw.length,
            dedupe_key: dedupeKey,
            envelope_from: mail.envelopeFrom?.toLowerCase() ?? null,
            recipients: JSON.stringify(mail.recipients),
            source: mail.source,
            received_at: now,
            status: 'received',
            attempts: 0,
            available_at: now,
            lease_until: null,
            processed_at: null,
            outcome: null,
            ticket_id: null,
            message_id: null,
            error: null,
          };
          if (await repo.insertInboundEmail(tx, row)) {
            results.push({ id: row.id, workspaceId: mailbox.workspace_id, duplicate: false, requeued: false });
            continue;
          }
          // Sent again after it was given up: the sender (or an admin piping it in) asks for another try.
          const earlier = await repo.findInboundEmailByKey(tx, row);
          const requeued = earlier.status === 'failed' && (await repo.requeueInboundEmails(tx, row.workspace_id, { ids: [earlier.id] }, now)).length > 0;
          results.push({ id: earlier.id, workspaceId: mailbox.workspace_id, duplicate: true, requeued });
        }
        return results;
      });
      afterCommit();
      return stored;
    },
  };
}

export type EmailIntake = ReturnType<typeof createEmailIntake>;
