import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { DatabaseHandle } from '../../db/connect.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { Database, Executor, InboundEmailTable } from '../../db/types.ts';
import { systemActor } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { formatInTimeZone } from '../../lib/timezone.ts';
import { AppError } from '../../lib/errors.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { BlobStore } from '../blobs/service.ts';
import type { ContactService } from '../contacts/service.ts';
import type { MessageService } from '../tickets/messages-service.ts';
import type { TicketService } from '../tickets/service.ts';
import type { WorkspaceService } from '../workspace/service.ts';
import type { MessageContent } from '../tickets/message-content.ts';
import type { ChannelDelivery } from '../tickets/message-writer.ts';
import * as repo from './intake-repo.ts';
import type { ParsedEmailWithContent } from './parse.ts';
import { parseEmailOffThread } from './parse-off-thread.ts';
import { matchesSenderList, referencedMessageIds, ticketNumberInSubject, ticketToken } from './threading.ts';

const HOUR = 3_600_000;
const DEFAULT_SENDER_LIMIT = 30;
const DEFAULT_SPAM_THRESHOLD = 5;

/** What became of a message; `unreadable` (it cannot be parsed) and `failed` (processing kept failing) are given up. */
export type InboundOutcome =
  | 'created'
  | 'appended'
  | 'duplicate'
  | 'bounce'
  | 'denied'
  | 'rate-limited'
  | 'spam'
  | 'no-sender'
  | 'unreadable'
  | 'failed';

/** Attempts before a message that keeps failing is given up (about four hours of backoff). */
const MAX_ATTEMPTS = 10;

/** The services a delivery uses, all bound to the delivery's transaction. */
export interface InboundServices {
  workspace: Pick<WorkspaceService, 'readSettings'>;
  messages: Pick<MessageService, 'recordBounce' | 'findByEmailMessageId' | 'findTicketByEmailMessageIds' | 'add'>;
  tickets: Pick<TicketService, 'findByNumber' | 'get' | 'create'>;
  contacts: Pick<ContactService, 'findOrCreateByEmail'>;
}

interface Delivered {
  outcome: InboundOutcome;
  ticketId?: string | null;
  messageId?: string | null;
}

function toContent(parsed: ParsedEmailWithContent): MessageContent {
  const attachments = parsed.attachments.map((a, index) => ({
    filename: (a.filename ?? `attachment-${index + 1}`).replace(/[\\/\0]/g, '_'),
    contentType: a.contentType.toLowerCase(),
    data: a.content,
    contentId: a.contentId,
    inline: a.inline,
  }));
  const text = parsed.text?.trim() ? parsed.text : attachments.length ? '' : '(empty message)';
  return { text, html: parsed.html, attachments };
}

/** The automatic reply to a new email ticket: its number and the service-level promise. */
function acknowledgement(settings: { name: string; timezone: string; ticketTokenFormat?: string }, number: number, firstResponseDueAt: string | null) {
  const due = firstResponseDueAt
    ? formatInTimeZone(new Date(firstResponseDueAt), settings.timezone, 'long')
    : null;
  return [
    'Hello,',
    '',
    `Thank you for contacting ${settings.name}. We have received your request as ticket ${ticketToken(number, settings.ticketTokenFormat)}.`,
    due ? `We will reply by ${due}.` : 'We will reply as soon as we can.',
    '',
    'To add information, simply reply to this email and keep the ticket number in the subject.',
  ].join('\n');
}

function headerValue(raw: Buffer, name: string) {
  const block = raw.subarray(0, 65_536).toString('latin1');
  const end = block.search(/\r?\n\r?\n/);
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec((end < 0 ? block : block.slice(0, end)).replace(/\r?\n[ \t]+/g, ' '));
  return match?.[1]?.trim();
}

/**
 * Turns stored inbound messages into tickets and replies. Each message is parsed from its stored
 * bytes and delivered in one transaction that also marks it processed, so a crash at any point
 * leaves it to be processed again — never twice, never lost.
 */
export function createInboundProcessor(options: {
  handle: DatabaseHandle;
  clock: Clock;
  /** Where the stored messages' bytes are read. */
  blobs: Pick<BlobStore, 'get' | 'prepare'>;
  /** The services a delivery uses, bound to its transaction (the assembly wires them: src/server/services.ts). */
  servicesIn: (tx: Transaction<Database>) => InboundServices;
  logger?: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  leaseMs?: number;
  batchSize?: number;
  /** Messages delivered in one transaction (one commit), each in its own savepoint. */
  deliveriesPerCommit?: number;
  pollMs?: number;
  afterCommit?: () => void;
  /** The registered process that leases the messages it processes (none for a one-off CLI run). */
  owner?: string;
}) {
  const { handle, clock } = options;
  const db = handle.db;
  const leaseMs = options.leaseMs ?? 60_000;

  async function deliver(services: InboundServices, tx: Executor, row: InboundEmailTable, raw: Buffer, parsed: ParsedEmailWithContent): Promise<Delivered> {
    const actor = systemActor(row.workspace_id);
    const settings = await services.workspace.readSettings(tx, row.workspace_id);
    const email = settings.email ?? {};
    if (parsed.isBounce) {
      const bounced = parsed.bouncedMessageId ? await services.messages.recordBounce(actor, parsed.bouncedMessageId, parsed.visibleText ?? parsed.text ?? '') : undefined;
      return { outcome: 'bounce', ticketId: bounced?.ticketId ?? null };
    }
    const sender = parsed.from?.address ?? row.envelope_from;
    if (!sender?.includes('@')) return { outcome: 'no-sender' };
    if (matchesSenderList(sender, email.denyList ?? []) || (email.allowList?.length && !matchesSenderList(sender, email.allowList))) {
      return { outcome: 'denied' };
    }
    const recent = await repo.countSenderMessagesSince(tx, row.workspace_id, row.envelope_from ?? sender.toLowerCase(), row.received_at - HOUR);
    if (recent > (email.senderLimitPerHour ?? DEFAULT_SENDER_LIMIT)) return { outcome: 'rate-limited' };
    if (email.spamHeader) {
      const score = Number.parseFloat(headerValue(raw, email.spamHeader) ?? '');
      if (Number.isFinite(score) && score >= (email.spamThreshold ?? DEFAULT_SPAM_THRESHOLD)) return { outcome: 'spam' };
    }

    const delivery: ChannelDelivery = {
      content: toContent(parsed),
      channel: 'email',
      emailMessageId: parsed.messageId,
      metadata: {
        from: parsed.from,
        to: parsed.to,
        cc: parsed.cc,
        replyTo: parsed.replyTo,
        subject: parsed.subject,
        date: parsed.date,
        messageId: parsed.messageId,
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
        visibleText: parsed.visibleText,
        autoSubmitted: parsed.autoSubmitted,
        inboundEmailId: row.id,
      },
    };
    const copy = parsed.messageId ? await services.messages.findByEmailMessageId(actor, parsed.messageId) : undefined;
    if (copy) return { outcome: 'duplicate', ticketId: copy.ticket_id };

    // Threading: the Message-IDs the mail refers to, then the ticket token in the subject — never the subject text alone.
    const related = await services.messages.findTicketByEmailMessageIds(actor, referencedMessageIds(parsed.inReplyTo, parsed.references));
    const numbered = related ? undefined : ticketNumberInSubject(parsed.subject, settings.ticketTokenFormat);
    const existing = related ?? (numbered ? (await services.tickets.findByNumber(actor, numbered))?.id : undefined);
    const ticket = existing ? await services.tickets.get(actor, existing) : undefined;
    const author = await services.contacts.findOrCreateByEmail(tx, actor, { email: sender, name: parsed.from?.name ?? undefined });

    if (ticket && ticket.status !== 'closed') {
      const message = await services.messages.add(actor, ticket.id, { author: 'requester' }, { ...delivery, authorId: author.id });
      return { outcome: 'appended', ticketId: ticket.id, messageId: message.id };
    }
    const mailbox = await repo.findMailboxById(tx, row.mailbox_id);
    const created = await services.tickets.create(
      actor,
      {
        subject: (parsed.subject ?? '').trim().slice(0, 250) || '(no subject)',
        channel: 'email',
        requesterId: author.id,
        teamId: mailbox?.team_id ?? undefined,
        tags: parsed.autoSubmitted ? ['auto-submitted'] : [],
      },
      delivery,
    );
    if (!parsed.autoSubmitted && email.autoAcknowledge !== false) {
      await services.messages.add(actor, created.id, { text: acknowledgement(settings, created.number, created.sla.firstResponseDueAt) });
    }
    return { outcome: 'created', ticketId: created.id };
  }

  interface Readable {
    row: InboundEmailTable;
    bytes: Buffer;
    parsed: ParsedEmailWithContent;
  }

  /** Reads and parses a stored message; one that can never be read is given up here, before any transaction. */
  async function read(row: InboundEmailTable): Promise<Readable | undefined> {
    const now = clock.now().getTime();
    const bytes = await options.blobs.get(row.sha256);
    if (!bytes) {
      await repo.completeInboundEmail(db, row.id, { status: 'failed', outcome: 'unreadable', error: 'The stored message is missing' }, now);
      return undefined;
    }
    try {
      const parsed = await parseEmailOffThread(bytes);
      // The attachments' files are written before the delivery transaction holds the writer.
      await Promise.all(parsed.attachments.map((attachment) => options.blobs.prepare(attachment.content)));
      return { row, bytes, parsed };
    } catch (error) {
      // Only the parser's verdict on the bytes is final; a crashed parser thread is tried again.
      if (error instanceof AppError && error.code === 'unreadable-email') {
        await repo.completeInboundEmail(db, row.id, { status: 'failed', outcome: 'unreadable', error: error.message }, now);
      } else await retryLater(row, now, (error as Error).message);
      return undefined;
    }
  }

  /**
   * Delivers the messages in one transaction, one savepoint each: one commit for them all, and a
   * message that fails is rolled back alone, to be tried again later. Returns those that failed.
   */
  async function deliverTogether(messages: Readable[], signal: AbortSignal) {
    const failed: Array<{ row: InboundEmailTable; error: string }> = [];
    await db.transaction().execute(async (tx) => {
      for (const { row, bytes, parsed } of messages) {
        if (signal.aborted) break;
        // A unique index refusing the delivery means another process committed the same thing at the
        // same moment (a copy of this Message-ID, the sender's contact): delivering again finds it.
        for (let attempt = 1; ; attempt++) {
          await sql`savepoint inbound_delivery`.execute(tx);
          try {
            const result = await deliver(options.servicesIn(tx), tx, row, bytes, parsed);
            await repo.completeInboundEmail(tx, row.id, { status: 'processed', ...result }, clock.now().getTime());
            await sql`release savepoint inbound_delivery`.execute(tx);
            break;
          } catch (error) {
            await sql`rollback to savepoint inbound_delivery`.execute(tx);
            await sql`release savepoint inbound_delivery`.execute(tx);
            if (attempt === 1 && isUniqueViolation(error)) continue;
            failed.push({ row, error: (error as Error).message });
            break;
          }
        }
      }
    });
    options.afterCommit?.();
    return failed;
  }

  /** A failure that may pass: try again with backoff, and after the last attempt list it as failed. */
  async function retryLater(row: InboundEmailTable, now: number, message: string) {
    if (row.attempts >= MAX_ATTEMPTS) {
      // Given up, never silently: listed as failed with its error until an admin retries it or it is sent again.
      options.logger?.error({ inboundEmailId: row.id, err: message }, `inbound email failed ${row.attempts} times; retry it with \`rapport mail retry ${row.id}\``);
      await repo.completeInboundEmail(db, row.id, { status: 'failed', outcome: 'failed', error: message.slice(0, 2000) }, now);
      return;
    }
    options.logger?.warn({ inboundEmailId: row.id, err: message }, 'inbound email processing failed; will retry');
    const backoff = Math.min(60_000 * 2 ** (row.attempts - 1), 3_600_000);
    await repo.retryInboundEmail(db, row.id, now + backoff, message);
  }

  async function runOnce(signal: AbortSignal) {
    const claimed = await db.transaction().execute((tx) => repo.claimInboundEmails(tx, clock.now().getTime(), leaseMs, options.batchSize ?? 20, options.owner));
    // In order, oldest first (RETURNING keeps no order): messages of one thread must land in order.
    claimed.sort((a, b) => a.available_at - b.available_at || (a.id < b.id ? -1 : 1));
    const perCommit = options.deliveriesPerCommit ?? 8;
    for (let start = 0; start < claimed.length && !signal.aborted; start += perCommit) {
      const readable: Readable[] = [];
      for (const row of claimed.slice(start, start + perCommit)) {
        const message = await read(row);
        if (message) readable.push(message);
      }
      if (!readable.length) continue;
      let failed: Array<{ row: InboundEmailTable; error: string }>;
      try {
        failed = await deliverTogether(readable, signal);
      } catch (error) {
        // The transaction itself failed (its commit, a full disk): none of them was delivered.
        failed = readable.map(({ row }) => ({ row, error: (error as Error).message }));
      }
      const now = clock.now().getTime();
      for (const { row, error } of failed) await retryLater(row, now, error);
    }
    return claimed.length;
  }

  const loop = createPollingLoop({ name: 'inbound email processor', runOnce, intervalMs: options.pollMs ?? 250, runAtStart: true, logger: options.logger });
  return { drain: loop.drain, start: loop.start, nudge: loop.nudge, stop: loop.stop };
}

export type InboundProcessor = ReturnType<typeof createInboundProcessor>;
