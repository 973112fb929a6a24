import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../lib/api-client.ts';
import type { CreateCalendarBody, UpdateCalendarBody, UpdatePolicyBody } from '@server/modules/sla/schema.ts';
import { directoryKeys } from '../directory/use-directory.ts';
import { actionKeys } from '../ticket-actions/use-ticket-actions.ts';
import { createCalendar, listCalendars, listPolicies, type Role, updateCalendar, updatePolicy, updateUserRole } from './api.ts';
import {
  type CreateCustomFieldBody,
  type CreateMailboxBody,
  createCustomField,
  createMailbox,
  deleteCustomField,
  type InboundEmail,
  type InboundEmailStatus,
  listInboundEmails,
  listMailboxes,
  retryFailedInbound,
  retryInbound,
  type UpdateCustomFieldBody,
  type UpdateMailboxBody,
  updateCustomField,
  updateMailbox,
  updatePriorityMatrix,
} from './api.ts';

export const adminKeys = { calendars: ['sla', 'calendars'] as const, policies: ['sla', 'policies'] as const };

export const useCalendars = () => useQuery({ queryKey: adminKeys.calendars, queryFn: listCalendars });
export const usePolicies = () => useQuery({ queryKey: adminKeys.policies, queryFn: listPolicies });

/** SLA configuration changed: the server recomputes open tickets, so ticket and SLA data are refetched too. */
function useInvalidateSla() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ['sla'] }), queryClient.invalidateQueries({ queryKey: ['tickets'] })]);
}

export function useSaveCalendar(id: string | null) {
  const invalidate = useInvalidateSla();
  return useMutation({
    mutationFn: (body: CreateCalendarBody | UpdateCalendarBody) =>
      id ? updateCalendar(id, body) : createCalendar(body as CreateCalendarBody),
    onSuccess: invalidate,
  });
}

export function useUpdatePolicy(id: string) {
  const invalidate = useInvalidateSla();
  return useMutation({ mutationFn: (body: UpdatePolicyBody) => updatePolicy(id, body), onSuccess: invalidate });
}

export function useChangeRole(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (role: Role) => updateUserRole(userId, role),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: directoryKeys.users }),
  });
}

// Priority matrix, mailboxes and custom fields. The matrix and the fields are read through the ticket
// screen's queries, so a save shows there too.
export { useCustomFields, useEscalationSettings } from '../ticket-actions/use-ticket-actions.ts';
export const mailboxKeys = {
  all: ['mailboxes'] as const,
  inbound: ['inbound-emails'] as const,
  inboundByStatus: (status: InboundEmailStatus) => [...mailboxKeys.inbound, status] as const,
};
export const useMailboxes = () => useQuery({ queryKey: mailboxKeys.all, queryFn: listMailboxes });

export function useSavePriorityMatrix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePriorityMatrix,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: actionKeys.escalationSettings }),
  });
}

export function useSaveMailbox(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMailboxBody | UpdateMailboxBody) => (id ? updateMailbox(id, body) : createMailbox(body as CreateMailboxBody)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

/** Stored mail in one state (failed, retrying), newest first, a page at a time; refreshed while shown. */
export const useInboundEmails = (status: InboundEmailStatus) =>
  useInfiniteQuery({
    queryKey: mailboxKeys.inboundByStatus(status),
    queryFn: ({ pageParam }) => listInboundEmails(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<InboundEmail>) => page.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });

/** Sends one message (with an id) or every failed one back to the queue. */
export function useRetryInbound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string | null) => (id ? retryInbound(id) : retryFailedInbound()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.inbound }),
  });
}

export function useSaveCustomField(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCustomFieldBody | UpdateCustomFieldBody) =>
      id ? updateCustomField(id, body) : createCustomField(body as CreateCustomFieldBody),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: actionKeys.customFields }),
  });
}

export function useDeleteCustomField(id: string) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => deleteCustomField(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: actionKeys.customFields }) });
}
