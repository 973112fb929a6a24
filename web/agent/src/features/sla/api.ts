import type { Static } from '@sinclair/typebox';
import type { SlaExplanation } from '@server/modules/sla/schema.ts';
import { api } from '../../lib/api-client.ts';

export type TicketSla = Static<typeof SlaExplanation>;

export const fetchTicketSla = (ticketId: string) => api.get<TicketSla>(`/api/v1/tickets/${encodeURIComponent(ticketId)}/sla`);
