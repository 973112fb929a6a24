import type { TicketEventTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { BlobStore } from '../blobs/service.ts';
import type { ContactService } from '../contacts/service.ts';
import { recordEvents } from '../outbox/service.ts';
import { ticketUpdated } from './history.ts';
import { toMessage } from './mapping.ts';
import { prepareMessageContent } from './message-content.ts';
import type { ChannelDelivery, MessageWriter, TicketHooks } from './message-writer.ts';
import { assertNotMerged, survivorOf } from './merged.ts';
import * as repo from './repo.ts';
import type { AddMessageBody, Message } from './schema.ts';

/** The status a ticket moves to after a message, unless the author chose one. */
function statusAfterMessage(current: string, body: AddMessageBody): string {
  if (body.status) return body.status;
  if (body.internal) return current;
  if (body.author === 'requester') return current === 'solved' || current === 'pending' ? 'open' : current;
  return current === 'new' ? 'open' : current;
}

export function createMessageService(
  { db, clock, afterCommit }: ServiceContext,
  deps: { contacts: ContactService; blobs: BlobStore; messages: MessageWriter; hooks: TicketHooks },
) {
  const { contacts, blobs, messages, hooks } = deps;

  return {
    /** Adds a message; `delivery` is a customer message that came through a channel (email). */
    async add(actor: Actor, ticketId: string, body: AddMessageBody, delivery?: ChannelDelivery): Promise<Message> {
      // A message for a merged ticket (e.g. an email reply to its thread) joins the ticket it was merged into.
      ticketId = await survivorOf(db, actor.workspaceId, ticketId);
      const content = delivery?.content ?? prepareMessageContent(body, 'body');
      const fromRequester = body.author === 'requester';
      // Rapport's own messages (e.g. acknowledgements) are neither a response by an agent nor a status change.
      const automatic = !fromRequester && actor.via === 'system';
      await messages.prepare(content);
      const result = await db.transaction().execute(async (tx) => {
        const ticket = await repo.findTicketForUpdate(tx, actor.workspaceId, ticketId);
        if (!ticket) throw notFound('Ticket');
        assertNotMerged(ticket);
        const now = clock.now().getTime();
        const { message, attachments } = await messages.write(
          tx,
          actor,
          ticket,
          content,
          fromRequester
            ? {
                authorType: 'contact',
                authorId: delivery?.authorId ?? ticket.requester_id,
                direction: 'inbound',
                internal: false,
                channel: delivery?.channel ?? ticket.channel,
                emailMessageId: delivery?.emailMessageId,
                metadata: delivery?.metadata ?? { loggedBy: actor.userId },
                timeSpentSeconds: body.timeSpentSeconds,
              }
            : {
                authorType: automatic ? 'system' : 'staff',
                authorId: automatic ? null : actor.userId,
                direction: 'outbound',
                internal: body.internal ?? false,
                channel: ticket.channel,
                timeSpentSeconds: body.timeSpentSeconds,
              },
          now,
        );
        const changes: Partial<repo.TicketRow> = { updated_at: now };
        if (fromRequester) changes.last_customer_message_at = now;
        else if (!body.internal && !automatic) {
          changes.last_agent_message_at = now;
          if (ticket.first_response_at === null) changes.first_response_at = now;
        }
        const status = automatic ? ticket.status : statusAfterMessage(ticket.status, body);
        const events: TicketEventTable[] = [];
        if (status !== ticket.status) {
          changes.status = status;
          if (status === 'solved') changes.solved_at = now;
          else if (status === 'closed') changes.closed_at = now;
          else Object.assign(changes, { solved_at: null, closed_at: null });
          const statusChange: TicketEventTable = {
            id: newId(),
            workspace_id: actor.workspaceId,
            ticket_id: ticketId,
            actor_type: fromRequester ? 'contact' : 'staff',
            actor_id: fromRequester ? ticket.requester_id : actor.userId,
            field: 'status',
            old_value: ticket.status,
            new_value: status,
            created_at: now,
          };
          events.push(statusChange);
          await recordEvents(tx, [ticketUpdated(actor, ticketId, [statusChange])], new Date(now));
        }
        await repo.updateTicketIfVersion(tx, actor.workspaceId, ticketId, ticket.version, changes);
        await repo.insertTicketEvents(tx, events);
        const requester = await contacts.findRow(tx, actor, ticket.requester_id);
        await messages.reindex(tx, ticket, requester?.name ?? '');
        await hooks.changed(tx, actor.workspaceId, ticketId);
        return toMessage(message, attachments);
      });
      afterCommit();
      return result;
    },

    async list(actor: Actor, ticketId: string): Promise<Message[]> {
      if (!(await repo.findTicket(db, actor.workspaceId, ticketId))) throw notFound('Ticket');
      const rows = await repo.listMessages(db, actor.workspaceId, ticketId);
      const attachments = await repo.listAttachmentsOfMessages(db, rows.map((row) => row.id));
      return rows.map((row) => toMessage(row, attachments.filter((a) => a.message_id === row.id)));
    },

    /** The message received or sent with this email Message-ID, if any. */
    async findByEmailMessageId(actor: Actor, emailMessageId: string) {
      return (await repo.findMessagesByEmailMessageIds(db, actor.workspaceId, [emailMessageId]))[0];
    },

    /** The ticket of the first message matching one of these Message-IDs, in the order given. */
    async findTicketByEmailMessageIds(actor: Actor, emailMessageIds: string[]) {
      const found = await repo.findMessagesByEmailMessageIds(db, actor.workspaceId, emailMessageIds);
      for (const id of emailMessageIds) {
        const match = found.find((message) => message.email_message_id === id);
        if (match) return match.ticket_id;
      }
      return undefined;
    },

    /** A message we sent bounced: mark it undelivered and leave a note on its ticket. */
    async recordBounce(actor: Actor, emailMessageId: string, detail: string) {
      const [message] = await repo.findMessagesByEmailMessageIds(db, actor.workspaceId, [emailMessageId]);
      if (!message) return undefined;
      const result = await db.transaction().execute(async (tx) => {
        const ticket = await repo.findTicket(tx, actor.workspaceId, message.ticket_id);
        if (!ticket) return undefined;
        await repo.setDeliveryStatus(tx, message.id, 'bounced');
        const note = prepareMessageContent({ text: `A message to the customer could not be delivered.\n\n${detail.slice(0, 4000)}` }, 'body');
        await messages.write(tx, actor, ticket, note, { authorType: 'system', authorId: null, direction: 'outbound', internal: true, channel: 'email' }, clock.now().getTime());
        return { ticketId: ticket.id, messageId: message.id };
      });
      afterCommit();
      return result;
    },

    async attachment(actor: Actor, id: string) {
      const row = await repo.findAttachment(db, actor.workspaceId, id);
      const data = row && (await blobs.get(row.sha256));
      if (!row || !data) throw notFound('Attachment');
      return { filename: row.filename, contentType: row.content_type, data };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
