import type { AttachmentTable, Executor, MessageTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { newId } from '../../lib/ids.ts';
import type { BlobStore } from '../blobs/service.ts';
import { recordEvents } from '../outbox/service.ts';
import type { SearchService } from '../search/service.ts';
import type { MessageContent } from './message-content.ts';
import * as repo from './repo.ts';

/** Other modules' reactions to a ticket change that must commit with it (e.g. SLA clocks). */
export interface TicketHooks {
  changed(tx: Executor, workspaceId: string, ticketId: string): Promise<void>;
}

/**
 * A customer message that arrived through a channel (e.g. email) rather than the API: its content is
 * already prepared, and it carries the channel's identifiers for threading.
 */
export interface ChannelDelivery {
  content: MessageContent;
  channel: string;
  emailMessageId: string | null;
  metadata: Record<string, unknown>;
  /** The contact who wrote it, when not the ticket's requester (e.g. someone in Cc). */
  authorId?: string;
}

export interface MessageMeta {
  authorType: 'staff' | 'contact' | 'system';
  authorId: string | null;
  direction: 'inbound' | 'outbound';
  internal: boolean;
  channel: string;
  metadata?: Record<string, unknown>;
  /** The email Message-ID, for messages that came or go by email (threading). */
  emailMessageId?: string | null;
  /** Work time the agent recorded with it. */
  timeSpentSeconds?: number | null;
}

/** Writes a message with its attachments and event inside the caller's transaction. */
export function createMessageWriter(blobs: BlobStore, search: SearchService) {
  return {
    /** Writes the attachments' files before the transaction that records them (see BlobStore.prepare). */
    async prepare(content: MessageContent) {
      await Promise.all(content.attachments.map((attachment) => blobs.prepare(attachment.data)));
    },

    async write(tx: Executor, actor: Actor, ticket: repo.TicketRow, content: MessageContent, meta: MessageMeta, now: number) {
      const message: MessageTable = {
        id: newId(),
        workspace_id: actor.workspaceId,
        ticket_id: ticket.id,
        author_type: meta.authorType,
        author_id: meta.authorId,
        direction: meta.direction,
        is_internal: meta.internal ? 1 : 0,
        channel: meta.channel,
        text: content.text,
        html: content.html,
        metadata: JSON.stringify(meta.metadata ?? {}),
        delivery_status: null,
        created_at: now,
        email_message_id: meta.emailMessageId ?? null,
        time_spent_seconds: meta.timeSpentSeconds ?? null,
      };
      await repo.insertMessage(tx, message);
      const attachments: AttachmentTable[] = [];
      for (const attachment of content.attachments) {
        const blob = await blobs.put(tx, attachment.data);
        attachments.push({
          id: newId(),
          workspace_id: actor.workspaceId,
          ticket_id: ticket.id,
          message_id: message.id,
          filename: attachment.filename,
          content_type: attachment.contentType,
          size: blob.size,
          sha256: blob.sha256,
          content_id: attachment.contentId,
          is_inline: attachment.inline ? 1 : 0,
          created_at: now,
        });
      }
      await repo.insertAttachments(tx, attachments);
      await recordEvents(
        tx,
        [
          {
            workspaceId: actor.workspaceId,
            aggregateId: ticket.id,
            type: 'message.created',
            payload: { ticketId: ticket.id, messageId: message.id, direction: meta.direction, internal: meta.internal, authorType: meta.authorType, authorId: meta.authorId },
          },
        ],
        new Date(now),
      );
      return { message, attachments };
    },

    /** Rebuilds the ticket's search document from its subject, messages and requester. */
    async reindex(tx: Executor, ticket: repo.TicketRow, requesterName: string) {
      const texts = await repo.listMessageTexts(tx, ticket.id);
      await search.index(tx, {
        ticketId: ticket.id,
        workspaceId: ticket.workspace_id,
        createdAt: ticket.created_at,
        subject: ticket.subject,
        body: texts.map((t) => t.text).join('\n'),
        people: requesterName,
      });
    },
  };
}

export type MessageWriter = ReturnType<typeof createMessageWriter>;
