import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  archiveCannedResponse,
  type CreateCannedResponseBody,
  createCannedResponse,
  listCannedResponses,
  renderCannedResponse,
  type UpdateCannedResponseBody,
  updateCannedResponse,
} from './api.ts';

export const cannedResponseKeys = {
  all: ['canned-responses'] as const,
  list: (view: 'use' | 'manage', q: string) => ['canned-responses', view, q] as const,
};

/** The responses the agent may insert (view use) or edit (view manage), filtered by `q`. */
export function useCannedResponses(view: 'use' | 'manage', q = '', enabled = true) {
  const search = q.trim();
  return useQuery({
    queryKey: cannedResponseKeys.list(view, search),
    queryFn: ({ signal }) => listCannedResponses({ view, ...(search ? { q: search } : {}) }, signal).then((page) => page.items),
    // While a new search runs, the previous results stay on screen.
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useSaveCannedResponse(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCannedResponseBody | UpdateCannedResponseBody) =>
      id ? updateCannedResponse(id, body) : createCannedResponse(body as CreateCannedResponseBody),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedResponseKeys.all }),
  });
}

export function useArchiveCannedResponse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => archiveCannedResponse(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedResponseKeys.all }),
  });
}

/** Fills a response in for a ticket on the server (the usage count goes up, so lists refetch later). */
export function useRenderCannedResponse(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => renderCannedResponse(ticketId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedResponseKeys.all, refetchType: 'none' }),
  });
}
