import { counterExecutor } from '../../db/dialect.ts';
import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { ContactService } from '../contacts/service.ts';
import { recordEvents } from '../outbox/service.ts';
import { nextTicketNumber } from '../workspace/service.ts';
import { ticketEvent, ticketUpdated } from './history.ts';
import type { LinkService } from './links-service.ts';
import { assertNotMerged } from './merged.ts';
import { messageTimes } from './message-times.ts';
import type { MessageWriter, TicketHooks } from './message-writer.ts';
import * as repo from './repo.ts';
import type { TicketService } from './service.ts';
import { statusTimestamps } from './service.ts';
import * as moves from './structure-repo.ts';
import type { MergeBody, SplitBody } from './structure-schema.ts';
import { newTicketRow } from './ticket-row.ts';

const earliest = (...values: Array<number | null>) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.min(...known) : null;
};

/** Merging two tickets into one, and splitting a message off into a new ticket. */
export function createMergeService(
  { db, relaxedDb, clock, afterCommit }: ServiceContext,
  deps: { tickets: TicketService; contacts: ContactService; messages: MessageWriter; links: LinkService; hooks: TicketHooks },
) {
  const { tickets, contacts, messages, links, hooks } = deps;

  async function update(tx: Executor, actor: Actor, row: repo.TicketRow, changes: Partial<repo.TicketRow>) {
    if (!(await repo.updateTicketIfVersion(tx, actor.workspaceId, row.id, row.version, changes))) throw conflict('The ticket changed meanwhile; try again');
    return { ...row, ...changes, version: row.version + 1 };
  }

  async function reindex(tx: Executor, actor: Actor, row: repo.TicketRow) {
    const requester = await contacts.findRow(tx, actor, row.requester_id);
    await messages.reindex(tx, row, requester?.name ?? '');
  }

  return {
    /**
     * Merges `sourceId` into `body.intoId` in one transaction: messages, attachments, links and tags
     * move to the survivor; the source is closed and points to it. The source's history stays with
     * it (its status events drive its own SLA record); both get a line saying what happened.
     */
    async merge(actor: Actor, sourceId: string, body: MergeBody) {
      await db.transaction().execute(async (tx) => {
        // Lock in id order: merging A into B and B into A at once must not deadlock.
        const locked = new Map<string, repo.TicketRow | undefined>();
        for (const id of [...new Set([sourceId, body.intoId])].sort()) locked.set(id, await repo.findTicketForUpdate(tx, actor.workspaceId, id));
        const source = locked.get(sourceId);
        if (!source) throw notFound('Ticket');
        const target = locked.get(body.intoId);
        if (!target) throw invalid('The ticket to merge into does not exist in this workspace', { intoId: 'unknown ticket' });
        if (source.id === target.id) throw invalid('A ticket cannot be merged into itself', { intoId: 'the same ticket' });
        assertNotMerged(source);
        if (target.merged_into_id) throw conflict('That ticket was merged itself; merge into the ticket it was merged into', { intoId: 'merged ticket' });
        const now = clock.now().getTime();

        const movedMessages = await moves.moveAllMessages(tx, actor.workspaceId, source.id, target.id);
        const movedLinks = await links.moveLinks(tx, actor, source.id, target.id);
        const tags = [...new Set([...JSON.parse(target.tags), ...JSON.parse(source.tags)] as string[])].sort();
        const times = messageTimes(await moves.listMessageFacts(tx, actor.workspaceId, target.id));
        const targetEvents = [ticketEvent(actor, target.id, 'mergedFrom', null, `#${source.number}`, now)];
        if (JSON.stringify(tags) !== target.tags) {
          targetEvents.push(ticketEvent(actor, target.id, 'tags', target.tags, JSON.stringify(tags), now));
          await repo.replaceTags(tx, actor.workspaceId, target.id, tags);
        }
        const survivor = await update(tx, actor, target, {
          tags: JSON.stringify(tags),
          last_customer_message_at: times.last_customer_message_at,
          last_agent_message_at: times.last_agent_message_at,
          first_response_at: earliest(target.first_response_at, source.first_response_at, times.first_response_at),
          updated_at: now,
        });

        const sourceEvents = [ticketEvent(actor, source.id, 'mergedInto', null, `#${target.number}`, now)];
        if (source.status !== 'closed') sourceEvents.push(ticketEvent(actor, source.id, 'status', source.status, 'closed', now));
        if (source.tags !== '[]') {
          sourceEvents.push(ticketEvent(actor, source.id, 'tags', source.tags, '[]', now));
          await repo.replaceTags(tx, actor.workspaceId, source.id, []);
        }
        const tombstone = await update(tx, actor, source, {
          merged_into_id: target.id,
          tags: '[]',
          status: 'closed',
          custom_status: null,
          ...statusTimestamps(source.status, 'closed', now),
          updated_at: now,
        });
        await repo.insertTicketEvents(tx, [...sourceEvents, ...targetEvents]);
        await recordEvents(
          tx,
          [
            { workspaceId: actor.workspaceId, aggregateId: source.id, type: 'ticket.merged', payload: { ticketId: source.id, intoId: target.id, movedMessages, movedLinks, actorId: actor.userId } },
            ticketUpdated(actor, source.id, sourceEvents),
            ticketUpdated(actor, target.id, targetEvents),
          ],
          new Date(now),
        );
        await reindex(tx, actor, tombstone);
        await reindex(tx, actor, survivor);
        await hooks.changed(tx, actor.workspaceId, source.id);
        await hooks.changed(tx, actor.workspaceId, target.id);
      });
      afterCommit();
      return { merged: await tickets.get(actor, sourceId), into: await tickets.get(actor, body.intoId) };
    },

    /** Moves one message into a new ticket of the same requester, linked to the original as related. */
    async split(actor: Actor, sourceId: string, body: SplitBody) {
      const newTicketId = await db.transaction().execute(async (tx) => {
        const source = await repo.findTicketForUpdate(tx, actor.workspaceId, sourceId);
        if (!source) throw notFound('Ticket');
        assertNotMerged(source);
        const message = await moves.findMessage(tx, actor.workspaceId, body.messageId);
        if (!message || message.ticket_id !== source.id) throw invalid('The message is not one of this ticket', { messageId: 'not a message of this ticket' });
        if ((await moves.countMessages(tx, actor.workspaceId, source.id)) < 2) {
          throw invalid('The message is the only one of the ticket: nothing would be left', { messageId: 'the only message' });
        }
        const now = clock.now().getTime();
        const status = source.assignee_id ? 'open' : 'new';
        const row = newTicketRow({
          id: newId(),
          workspace_id: actor.workspaceId,
          number: await nextTicketNumber(counterExecutor(tx, relaxedDb), actor.workspaceId),
          subject: body.subject?.trim() || source.subject,
          status,
          priority: source.priority,
          impact: source.impact,
          urgency: source.urgency,
          // A formal complaint is raised on purpose, never by splitting one.
          type: source.type === 'complaint' ? 'question' : source.type,
          channel: message.channel,
          requester_id: source.requester_id,
          organisation_id: source.organisation_id,
          assignee_id: source.assignee_id,
          team_id: source.team_id,
          created_at: now,
        });
        await repo.insertTicket(tx, row);
        await moves.moveMessage(tx, actor.workspaceId, message.id, row.id);
        const fresh = await update(tx, actor, row, { ...messageTimes(await moves.listMessageFacts(tx, actor.workspaceId, row.id)), updated_at: now });
        const rest = await update(tx, actor, source, { ...messageTimes(await moves.listMessageFacts(tx, actor.workspaceId, source.id)), updated_at: now });
        await links.link(tx, actor, row.id, source.id, 'related', now);
        const sourceEvents = [ticketEvent(actor, source.id, 'splitTo', null, `#${row.number}`, now)];
        await repo.insertTicketEvents(tx, [
          ticketEvent(actor, row.id, 'ticket', null, 'created', now),
          ticketEvent(actor, row.id, 'splitFrom', null, `#${source.number}`, now),
          ...sourceEvents,
        ]);
        await recordEvents(
          tx,
          [
            { workspaceId: actor.workspaceId, aggregateId: row.id, type: 'ticket.created', payload: { ticketId: row.id, number: row.number, channel: row.channel, splitFrom: source.id } },
            ticketUpdated(actor, source.id, sourceEvents),
          ],
          new Date(now),
        );
        await reindex(tx, actor, fresh);
        await reindex(tx, actor, rest);
        await hooks.changed(tx, actor.workspaceId, row.id);
        await hooks.changed(tx, actor.workspaceId, source.id);
        return row.id;
      });
      afterCommit();
      return tickets.get(actor, newTicketId);
    },
  };
}

export type MergeService = ReturnType<typeof createMergeService>;
