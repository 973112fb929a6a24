import { useQuery } from '@tanstack/react-query';
import { listTickets } from '../tickets/api.ts';
import { ticketKeys } from '../tickets/use-tickets.ts';
import { fetchContact, fetchOrganisation } from './api.ts';

export const customerKeys = {
  contact: (id: string) => ['contacts', 'detail', id] as const,
  organisation: (id: string) => ['organisations', 'detail', id] as const,
};

export const useContact = (id: string) =>
  useQuery({ queryKey: customerKeys.contact(id), queryFn: () => fetchContact(id), staleTime: 60_000 });

export const useOrganisation = (id: string | null) =>
  useQuery({
    queryKey: customerKeys.organisation(id ?? ''),
    queryFn: () => fetchOrganisation(id as string),
    enabled: id !== null,
    staleTime: 60_000,
  });

/** The requester's latest tickets (the one on screen included; the panel leaves it out). */
export const useRecentTickets = (requesterId: string) => {
  const query = { requesterId, limit: 6, sort: '-createdAt' as const };
  return useQuery({ queryKey: [...ticketKeys.lists(), 'recent', query], queryFn: () => listTickets(query) });
};
