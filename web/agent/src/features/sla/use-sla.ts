import { useQuery } from '@tanstack/react-query';
import { fetchTicketSla } from './api.ts';

export const slaKeys = { ticket: (ticketId: string) => ['tickets', 'detail', ticketId, 'sla'] as const };

export const useTicketSla = (ticketId: string) => useQuery({ queryKey: slaKeys.ticket(ticketId), queryFn: () => fetchTicketSla(ticketId) });
