import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../lib/api-client.ts';
import {
  type Complaint,
  fetchComplaint,
  type ListComplaintsQuery,
  listComplaints,
  type UpdateComplaintBody,
  updateComplaint,
} from './api.ts';

export const complaintKeys = {
  all: ['complaints'] as const,
  lists: () => [...complaintKeys.all, 'list'] as const,
  list: (query: ListComplaintsQuery) => [...complaintKeys.lists(), query] as const,
  ticket: (ticketId: string) => [...complaintKeys.all, 'ticket', ticketId] as const,
};

/** The complaints register, a page at a time. */
export const useComplaintList = (query: ListComplaintsQuery) =>
  useInfiniteQuery({
    queryKey: complaintKeys.list(query),
    queryFn: ({ pageParam, signal }) => listComplaints({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<Complaint>) => page.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });

/** A ticket's complaint record; only asked for while the ticket is of type complaint. */
export const useComplaint = (ticketId: string, isComplaint: boolean) =>
  useQuery({ queryKey: complaintKeys.ticket(ticketId), queryFn: () => fetchComplaint(ticketId), enabled: isComplaint });

export function useUpdateComplaint(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateComplaintBody) => updateComplaint(ticketId, body),
    onSuccess: (complaint) => {
      queryClient.setQueryData(complaintKeys.ticket(ticketId), complaint);
      void queryClient.invalidateQueries({ queryKey: complaintKeys.lists() });
    },
  });
}
