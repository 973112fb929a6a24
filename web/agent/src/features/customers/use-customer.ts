import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Page } from '../../lib/api-client.ts';
import { listTickets } from '../tickets/api.ts';
import { ticketKeys, useTicketCount } from '../tickets/use-tickets.ts';
import { fetchContact, fetchOrganisation, fetchTimeline, type TimelineEntry } from './api.ts';

export const customerKeys = {
  contact: (id: string) => ['contacts', 'detail', id] as const,
  organisation: (id: string) => ['organisations', 'detail', id] as const,
  /** Under the ticket lists' keys, so a new message (realtime) refreshes the timelines too. */
  timeline: (id: string, size: 'latest' | 'all') => [...ticketKeys.lists(), 'timeline', id, size] as const,
};

/** Statuses that still need work, the same as the inbox's "open" notion plus waiting states. */
export const OPEN_STATUSES = 'new,open,pending,on-hold';

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

/** How many of the requester's tickets are not solved or closed. */
export const useOpenTicketCount = (requesterId: string) => useTicketCount({ requesterId, status: OPEN_STATUSES });

/** The latest interactions with the contact (the ticket's customer panel). */
export const useLatestTimeline = (contactId: string, limit = 8) =>
  useQuery({
    queryKey: customerKeys.timeline(contactId, 'latest'),
    queryFn: ({ signal }) => fetchTimeline(contactId, { limit }, signal),
  });

/** The contact's whole timeline, a page at a time ("Load more" follows the cursor). */
export const useTimeline = (contactId: string) =>
  useInfiniteQuery({
    queryKey: customerKeys.timeline(contactId, 'all'),
    queryFn: ({ pageParam, signal }) => fetchTimeline(contactId, { limit: 25, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<TimelineEntry>) => page.nextCursor ?? undefined,
  });
