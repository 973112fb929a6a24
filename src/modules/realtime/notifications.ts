/**
 * What the browser is told about a domain event: a small notice naming what changed, never the
 * record itself (the browser refetches through the API, where role checks live). Pure.
 */
export type Notification =
  | { type: 'ticket.created'; ticketId: string }
  | { type: 'ticket.updated'; ticketId: string }
  | { type: 'message.added'; ticketId: string; messageId: string };

/** Sent instead of a long list: "refetch everything you show". */
export type Resync = { type: 'resync' };

export interface OutboxEventLike {
  type: string;
  payload: Record<string, unknown>;
}

const TICKET_EVENT_PREFIXES = ['ticket.', 'complaint.', 'escalation.', 'survey.', 'follow_up.'];

const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The notices one event gives rise to (none for events the agent app does not show). */
export function toNotifications(event: OutboxEventLike): Notification[] {
  const ticketId = str(event.payload.ticketId);
  if (!ticketId) return [];
  switch (event.type) {
    case 'ticket.created':
      return [{ type: 'ticket.created', ticketId }];
    case 'message.created': {
      const messageId = str(event.payload.messageId);
      return messageId ? [{ type: 'message.added', ticketId, messageId }] : [{ type: 'ticket.updated', ticketId }];
    }
    case 'ticket.merged': {
      const intoId = str(event.payload.intoId);
      return [{ type: 'ticket.updated', ticketId }, ...(intoId ? [{ type: 'ticket.updated' as const, ticketId: intoId }] : [])];
    }
    default:
      // ticket.updated, .escalated, .linked, .unlinked, .idle; complaints, escalations, survey answers
      // and follow-ups of a ticket (the ticket shows them; the dashboard counts them).
      return TICKET_EVENT_PREFIXES.some((prefix) => event.type.startsWith(prefix)) ? [{ type: 'ticket.updated', ticketId }] : [];
  }
}

const keyOf = (notification: Notification) =>
  notification.type === 'message.added'
    ? `${notification.type}:${notification.messageId}`
    : `${notification.type}:${notification.ticketId}`;

/**
 * One poll's notices for one socket, duplicates removed (five updates of one ticket are one
 * notice). Past `max` the socket gets one resync instead: bounded work and bounded messages.
 */
export function planBatch(notifications: Notification[], max: number): Array<Notification | Resync> {
  const seen = new Set<string>();
  const batch: Notification[] = [];
  for (const notification of notifications) {
    const key = keyOf(notification);
    if (seen.has(key)) continue;
    seen.add(key);
    batch.push(notification);
  }
  return batch.length > max ? [{ type: 'resync' }] : batch;
}
