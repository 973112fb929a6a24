import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ticket } from '../tickets/api.ts';
import { ticketKeys } from '../tickets/use-tickets.ts';
import {
  addLink,
  escalate,
  fetchEscalationSettings,
  findTicket,
  type LinkRelation,
  listCustomFields,
  listEscalations,
  listEvents,
  listLinks,
  listTicketStatuses,
  mergeTicket,
  removeLink,
  splitMessage,
} from './api.ts';

const FIVE_MINUTES = 5 * 60_000;

// Under the ticket's detail key: whatever refreshes the ticket refreshes these too.
export const actionKeys = {
  events: (id: string) => [...ticketKeys.detail(id), 'events'] as const,
  escalations: (id: string) => [...ticketKeys.detail(id), 'escalations'] as const,
  links: (id: string) => [...ticketKeys.detail(id), 'links'] as const,
  customFields: ['custom-fields'] as const,
  statuses: ['ticket-statuses'] as const,
  escalationSettings: ['escalation-settings'] as const,
};

// Keyed by the ticket's version too: every change to the ticket (here or in the fields panel) adds history.
export const useEvents = (id: string, version: number) =>
  useQuery({ queryKey: [...actionKeys.events(id), version], queryFn: () => listEvents(id), placeholderData: (previous) => previous });
export const useEscalations = (id: string, version: number) =>
  useQuery({
    queryKey: [...actionKeys.escalations(id), version],
    queryFn: () => listEscalations(id),
    placeholderData: (previous) => previous,
  });
export const useLinks = (id: string) => useQuery({ queryKey: actionKeys.links(id), queryFn: () => listLinks(id) });
export const useCustomFields = () => useQuery({ queryKey: actionKeys.customFields, queryFn: listCustomFields, staleTime: FIVE_MINUTES });
export const useTicketStatuses = () => useQuery({ queryKey: actionKeys.statuses, queryFn: listTicketStatuses, staleTime: FIVE_MINUTES });
export const useEscalationSettings = () =>
  useQuery({ queryKey: actionKeys.escalationSettings, queryFn: fetchEscalationSettings, staleTime: FIVE_MINUTES });

/** After a structural change the ticket (and the other one), lists and counts are out of date. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return (...ids: string[]) =>
    Promise.all([
      ...ids.map((id) => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) })),
      queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
      queryClient.invalidateQueries({ queryKey: ticketKeys.counts() }),
    ]);
}

export function useEscalate(ticketId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { reason: string; toTier?: number }) => escalate(ticketId, body),
    onSuccess: () => invalidate(ticketId),
  });
}

export function useAddLink(ticketId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ reference, relation }: { reference: string; relation: LinkRelation }) => {
      const other = await findTicket(reference);
      return addLink(ticketId, { ticketId: other.id, relation });
    },
    onSuccess: (link) => invalidate(ticketId, link.ticket.id),
  });
}

export function useRemoveLink(ticketId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ linkId }: { linkId: string; otherId: string }) => removeLink(ticketId, linkId),
    onSuccess: (_, { otherId }) => invalidate(ticketId, otherId),
  });
}

export const useFindTicket = () => useMutation({ mutationFn: (reference: string) => findTicket(reference) });

export function useMerge(ticketId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (intoId: string) => mergeTicket(ticketId, intoId),
    onSuccess: (result) => invalidate(ticketId, result.into.id),
  });
}

/**
 * `onSplit` runs from the mutation itself, not the caller: the refetch removes the split message,
 * and with it the dialog that started the split.
 */
export function useSplit(ticketId: string, onSplit: (created: Ticket) => void) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { messageId: string; subject?: string }) => splitMessage(ticketId, body),
    onSuccess: (created) => {
      onSplit(created);
      return invalidate(ticketId, created.id);
    },
  });
}
