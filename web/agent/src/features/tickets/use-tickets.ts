import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../lib/api-client.ts';
import { slaKeys } from '../sla/use-sla.ts';
import {
  addMessage,
  type CountTicketsQuery,
  countTickets,
  fetchTicket,
  type ListTicketsQuery,
  listMessages,
  listTickets,
  type Ticket,
  type UpdateTicketBody,
  updateTicket,
} from './api.ts';

const REFRESH_MS = 60_000;

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (query: ListTicketsQuery) => [...ticketKeys.lists(), query] as const,
  counts: () => [...ticketKeys.all, 'count'] as const,
  count: (query: CountTicketsQuery) => [...ticketKeys.counts(), query] as const,
  detail: (id: string) => [...ticketKeys.all, 'detail', id] as const,
  messages: (id: string) => [...ticketKeys.detail(id), 'messages'] as const,
};

/** A view's tickets, 50 at a time ("Load more" fetches the next page by its cursor). */
export function useTicketList(query: ListTicketsQuery) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(query),
    queryFn: ({ pageParam, signal }) => listTickets({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<Ticket>) => page.nextCursor ?? undefined,
    // Until the inbox updates in real time, it refreshes itself every minute (and on focus).
    refetchInterval: REFRESH_MS,
  });
}

export const useTicketCount = (query: CountTicketsQuery) =>
  useQuery({
    queryKey: ticketKeys.count(query),
    queryFn: ({ signal }) => countTickets(query, signal),
    staleTime: 30_000,
    refetchInterval: REFRESH_MS,
  });

export function useTicket(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: () => fetchTicket(id),
    // Opened from the inbox: show the row at once while the full ticket loads.
    placeholderData: () => findInLists(queryClient.getQueriesData<InfiniteData<Page<Ticket>>>({ queryKey: ticketKeys.lists() }), id),
  });
}

function findInLists(lists: Array<[unknown, InfiniteData<Page<Ticket>> | undefined]>, id: string) {
  for (const [, data] of lists) {
    for (const page of data?.pages ?? []) {
      const ticket = page.items.find((item) => item.id === id);
      if (ticket) return ticket;
    }
  }
  return undefined;
}

export const useMessages = (ticketId: string) =>
  useQuery({ queryKey: ticketKeys.messages(ticketId), queryFn: () => listMessages(ticketId) });

/** After a change the ticket's lists, counts and SLA are out of date; the ticket itself is not. */
function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return (ticket: Ticket) => {
    queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.counts() });
    void queryClient.invalidateQueries({ queryKey: slaKeys.ticket(ticket.id) });
  };
}

export function useUpdateTicket(ticketId: string) {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: ({ version, changes }: { version: number; changes: UpdateTicketBody }) => updateTicket(ticketId, version, changes),
    onSuccess: refresh,
  });
}

export function useAddMessage(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Parameters<typeof addMessage>[1]) => addMessage(ticketId, body),
    // A message changes the ticket too (status, version, first response, SLA clocks): the detail
    // key covers the ticket, its messages and its SLA.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.counts() }),
      ]),
  });
}

/** Forgets local knowledge of a ticket and reads it again (after a stale write, 412). */
export function useReloadTicket(ticketId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.refetchQueries({ queryKey: ticketKeys.detail(ticketId), exact: true }),
      queryClient.invalidateQueries({ queryKey: ticketKeys.messages(ticketId) }),
      queryClient.invalidateQueries({ queryKey: slaKeys.ticket(ticketId) }),
    ]);
}
