import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCalendarBody, UpdateCalendarBody, UpdatePolicyBody } from '@server/modules/sla/schema.ts';
import { directoryKeys } from '../directory/use-directory.ts';
import { createCalendar, listCalendars, listPolicies, type Role, updateCalendar, updatePolicy, updateUserRole } from './api.ts';

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
