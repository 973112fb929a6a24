import type { TicketEventTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { newId } from '../../lib/ids.ts';
import type { NewDomainEvent } from '../outbox/events.ts';

/** One line of a ticket's history, written by `actor`. */
export const ticketEvent = (actor: Actor, ticketId: string, field: string, oldValue: string | null, newValue: string | null, now: number): TicketEventTable => ({
  id: newId(),
  workspace_id: actor.workspaceId,
  ticket_id: ticketId,
  actor_type: actor.via === 'system' ? 'system' : 'staff',
  actor_id: actor.via === 'system' ? null : actor.userId,
  field,
  old_value: oldValue,
  new_value: newValue,
  created_at: now,
});

/** The one way to build `ticket.updated`: its changes are the history lines the update wrote. */
export const ticketUpdated = (
  actor: Actor,
  ticketId: string,
  history: ReadonlyArray<Pick<TicketEventTable, 'field' | 'old_value' | 'new_value'>>,
): NewDomainEvent<'ticket.updated'> => ({
  workspaceId: actor.workspaceId,
  aggregateId: ticketId,
  type: 'ticket.updated',
  payload: { ticketId, changes: Object.fromEntries(history.map((line) => [line.field, { from: line.old_value, to: line.new_value }])), actorId: actor.userId },
});
