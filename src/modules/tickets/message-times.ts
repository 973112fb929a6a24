import type { TicketTable } from '../../db/types.ts';

interface MessageFact {
  direction: string;
  is_internal: number;
  author_type: string;
  created_at: number;
}

/**
 * The ticket's message instants, recomputed after messages moved between tickets (merge, split).
 * Only public replies by staff count as responses, as when they are written.
 */
export function messageTimes(messages: MessageFact[]): Pick<TicketTable, 'last_customer_message_at' | 'last_agent_message_at' | 'first_response_at'> {
  const inbound = messages.filter((m) => m.direction === 'inbound').map((m) => m.created_at);
  const replies = messages.filter((m) => m.direction === 'outbound' && m.is_internal === 0 && m.author_type === 'staff').map((m) => m.created_at);
  return {
    last_customer_message_at: inbound.length ? Math.max(...inbound) : null,
    last_agent_message_at: replies.length ? Math.max(...replies) : null,
    first_response_at: replies.length ? Math.min(...replies) : null,
  };
}
