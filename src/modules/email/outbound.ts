import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { Db, Executor, OutboundEmailTable } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import { newId } from '../../lib/ids.ts';
import type { DomainEvent } from '../outbox/events.ts';
import * as repo from './outbound-repo.ts';
import { ticketToken } from './threading.ts';

const MAX_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 6 * 3_600_000);

export interface QueueRequest {
  workspaceId: string;
  ticketId: string;
  /** The ticket message it carries; null for an email that is no message of the ticket (a survey). */
  messageId: string | null;
  kind: 'reply' | 'acknowledgement' | 'survey';
  text: string;
  html: string | null;
  tokenFormat?: string;
  /** Replaces the subject (the ticket token is still appended, so an answer threads on the ticket). */
  subject?: string;
  /**
   * false: an email about the customer rather than this ticket (an NPS survey, a note after one): no
   * ticket token in the subject and no In-Reply-To/References, so an answer starts a ticket of its own.
   */
  threaded?: boolean;
}

/**
 * Queues the email for a public outbound ticket message (in the caller's transaction): From the
 * ticket team's mailbox, To the requester, with a Message-ID of our own that replies thread on, and
 * In-Reply-To/References to the conversation so far. Returns undefined when the ticket has no email
 * address or the workspace no mailbox to send from.
 */
export async function queueEmailForMessage(tx: Executor, request: QueueRequest, now: number) {
  const context = await repo.loadReplyContext(tx, request.workspaceId, request.ticketId);
  if (!context) return undefined;
  const to = (JSON.parse(context.ticket.emails) as string[])[0];
  const mailbox = context.mailboxes.find((m) => m.team_id === context.ticket.team_id) ?? context.mailboxes[0];
  if (!to || !mailbox) return undefined;
  const domain = mailbox.address.split('@')[1];
  const headerMessageId = `<${randomUUID()}@${domain}>`;
  const ids = context.threadIds.map((m) => m.email_message_id as string);
  const lastInbound = [...context.threadIds].reverse().find((m) => m.direction === 'inbound')?.email_message_id ?? null;
  const threaded = request.threaded !== false;
  const token = threaded ? ` ${ticketToken(context.ticket.number, request.tokenFormat)}` : '';
  const row: OutboundEmailTable = {
    id: newId(),
    workspace_id: request.workspaceId,
    ticket_id: request.ticketId,
    message_id: request.messageId,
    kind: request.kind,
    from_address: JSON.stringify({ name: mailbox.name, address: mailbox.address }),
    to_addresses: JSON.stringify([{ name: context.ticket.requester_name, address: to }]),
    cc_addresses: '[]',
    subject: `${request.subject ?? `${request.kind === 'reply' ? 'Re: ' : ''}${context.ticket.subject}`}${token}`,
    text: request.text,
    html: request.html,
    header_message_id: headerMessageId,
    in_reply_to: threaded ? lastInbound : null,
    references: JSON.stringify(threaded ? ids.slice(-20) : []),
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    last_error: null,
    sent_at: null,
    created_at: now,
  };
  await repo.insertOutboundEmail(tx, row);
  if (request.messageId) await repo.setMessageDelivery(tx, request.messageId, 'queued', headerMessageId);
  return row;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Queues an email that belongs to no ticket (a scheduled report), in the caller's transaction:
 * From the workspace's oldest active mailbox, To one recipient. Returns undefined when the
 * workspace has no mailbox to send from.
 */
export async function queueStandaloneEmail(
  tx: Executor,
  request: { workspaceId: string; kind: 'report'; to: { name?: string; address: string }; subject: string; text: string; attachments?: EmailAttachment[] },
  now: number,
) {
  const mailbox = await repo.findDefaultMailbox(tx, request.workspaceId);
  if (!mailbox) return undefined;
  const row: OutboundEmailTable = {
    id: newId(),
    workspace_id: request.workspaceId,
    ticket_id: null,
    message_id: null,
    kind: request.kind,
    from_address: JSON.stringify({ name: mailbox.name, address: mailbox.address }),
    to_addresses: JSON.stringify([request.to]),
    cc_addresses: '[]',
    subject: request.subject,
    text: request.text,
    html: null,
    header_message_id: `<${randomUUID()}@${mailbox.address.split('@')[1]}>`,
    in_reply_to: null,
    references: '[]',
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    last_error: null,
    sent_at: null,
    created_at: now,
    attachments: request.attachments?.length
      ? JSON.stringify(request.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString('base64') })))
      : null,
  };
  await repo.insertOutboundEmail(tx, row);
  return row;
}

const attachmentsOf = (stored: string | null | undefined) =>
  stored
    ? (JSON.parse(stored) as Array<{ filename: string; contentType: string; contentBase64: string }>).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, 'base64'),
      }))
    : undefined;

/** RFC 3834: acknowledgements answer a message automatically; surveys and reports are generated automatically. */
function automaticHeaders(kind: string): Record<string, string> {
  if (kind === 'acknowledgement') return { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' };
  if (kind === 'survey' || kind === 'report') return { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
  return {};
}

/**
 * Sends queued email through the SMTP relay with retries and exponential backoff; the outcome shows
 * on the ticket message (`deliveryStatus`: queued, sent, failed). Without a relay, mail stays queued.
 */
export function createOutboundSender(options: {
  db: Db;
  clock: Clock;
  relayUrl?: string;
  logger?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  pollMs?: number;
  /** The registered process that leases the emails it sends. */
  owner?: string;
}) {
  const { db, clock } = options;
  const { relayUrl } = options;
  // nodemailer loads with the first email to send, not with the server.
  let transport: Transporter | undefined;
  const connect = async (url: string) => {
    transport ??= (await import('nodemailer')).default.createTransport(url);
    return transport;
  };

  async function send(row: OutboundEmailTable) {
    if (!relayUrl) return;
    const from = JSON.parse(row.from_address);
    const now = () => clock.now().getTime();
    try {
      await (await connect(relayUrl)).sendMail({
        from,
        to: JSON.parse(row.to_addresses),
        cc: JSON.parse(row.cc_addresses),
        subject: row.subject,
        text: row.text,
        ...(row.html ? { html: row.html } : {}),
        messageId: row.header_message_id,
        ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
        references: JSON.parse(row.references),
        attachments: attachmentsOf(row.attachments),
        // RFC 3834: our acknowledgements are automatic, so well-behaved systems do not answer them.
        headers: automaticHeaders(row.kind),
      });
      await db.transaction().execute(async (tx) => {
        await repo.markOutboundSent(tx, row.id, now());
        if (row.message_id) await repo.setMessageDelivery(tx, row.message_id, 'sent');
      });
    } catch (error) {
      const message = (error as Error).message;
      const permanent = (error as { responseCode?: number }).responseCode !== undefined && ((error as { responseCode: number }).responseCode ?? 0) >= 500;
      await db.transaction().execute(async (tx) => {
        if (permanent || row.attempts >= MAX_ATTEMPTS) {
          await repo.markOutboundFailed(tx, row.id, message);
          if (row.message_id) await repo.setMessageDelivery(tx, row.message_id, 'failed');
        } else {
          await repo.markOutboundRetry(tx, row.id, now() + backoffMs(row.attempts), message);
        }
      });
      options.logger?.warn({ outboundEmailId: row.id, err: message }, 'sending email failed');
    }
  }

  async function runOnce(signal: AbortSignal) {
    if (!relayUrl) return 0;
    const claimed = await db.transaction().execute((tx) => repo.claimOutboundEmails(tx, clock.now().getTime(), 120_000, 20, options.owner));
    for (const row of claimed) {
      if (signal.aborted) break;
      await send(row);
    }
    return claimed.length;
  }

  const loop = createPollingLoop({ name: 'outbound email sender', runOnce, intervalMs: options.pollMs ?? 1000, runAtStart: true, logger: options.logger });
  return {
    drain: loop.drain,
    start() {
      if (relayUrl) loop.start();
    },
    async stop() {
      await loop.stop();
      transport?.close();
    },
  };
}

export type OutboundSender = ReturnType<typeof createOutboundSender>;

/**
 * Outbox subscriber for `message.created`: a public outbound message on an email ticket becomes a
 * queued email (an agent's reply, or Rapport's acknowledgement). Idempotent: one email per message.
 */
export function queueEmailOnMessage(db: Db, clock: Clock, tokenFormatOf: (tx: Executor, workspaceId: string) => Promise<string | undefined>) {
  return async (event: DomainEvent<'message.created'>) => {
    const { messageId, direction, internal } = event.payload;
    if (direction !== 'outbound' || internal) return;
    await db.transaction().execute(async (tx) => {
      const message = await repo.loadMessageForEmail(tx, event.workspaceId, messageId);
      if (message?.ticket_channel !== 'email' || message.is_internal === 1) return;
      await queueEmailForMessage(
        tx,
        {
          workspaceId: event.workspaceId,
          ticketId: message.ticket_id,
          messageId: message.id,
          kind: message.author_type === 'system' ? 'acknowledgement' : 'reply',
          text: message.text,
          html: message.html,
          tokenFormat: await tokenFormatOf(tx, event.workspaceId),
        },
        clock.now().getTime(),
      );
    });
  };
}
