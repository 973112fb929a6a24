import type { AssignAgentsBody, CreateAbsenceBody, CreateShiftBody, ErlangCQuery, UpdateShiftBody } from '@server/modules/wfm/schema.ts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  assignAgents,
  createAbsence,
  createShift,
  deleteAbsence,
  deleteShift,
  fetchErlangC,
  fetchMyShifts,
  fetchSchedule,
  fetchStaffing,
  fetchStaffingSettings,
  listAbsences,
  type UpdateStaffingSettingsBody,
  updateShift,
  updateStaffingSettings,
} from './api.ts';

export const planningKeys = {
  all: ['planning'] as const,
  staffing: (query: object) => [...planningKeys.all, 'staffing', query] as const,
  settings: () => [...planningKeys.all, 'settings'] as const,
  erlangC: (query: object) => [...planningKeys.all, 'erlang-c', query] as const,
  schedule: (week: string) => [...planningKeys.all, 'schedule', week] as const,
  absences: (query: object) => [...planningKeys.all, 'absences', query] as const,
  myShifts: () => [...planningKeys.all, 'my-shifts'] as const,
};

/** Required against scheduled per hour; the previous answer stays on screen while another channel loads. */
export const useStaffing = (query: { days: number; channel?: string }) =>
  useQuery({ queryKey: planningKeys.staffing(query), queryFn: ({ signal }) => fetchStaffing(query, signal), placeholderData: keepPreviousData });

export const useStaffingSettings = () => useQuery({ queryKey: planningKeys.settings(), queryFn: ({ signal }) => fetchStaffingSettings(signal) });

export const useErlangC = (query: ErlangCQuery | null) =>
  useQuery({
    queryKey: planningKeys.erlangC(query ?? {}),
    queryFn: ({ signal }) => fetchErlangC(query as ErlangCQuery, signal),
    enabled: query !== null,
    retry: false,
  });

export const useSchedule = (week: string) =>
  useQuery({ queryKey: planningKeys.schedule(week), queryFn: ({ signal }) => fetchSchedule(week, signal), placeholderData: keepPreviousData });

export const useAbsences = (query: { from: string; to: string }) =>
  useQuery({ queryKey: planningKeys.absences(query), queryFn: ({ signal }) => listAbsences(query, signal) });

export const useMyShifts = () => useQuery({ queryKey: planningKeys.myShifts(), queryFn: ({ signal }) => fetchMyShifts(signal) });

/** Every planning change can move every figure (staffing, schedule, my shifts): all of them are refetched. */
function usePlanningMutation<Args>(mutationFn: (args: Args) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: planningKeys.all }) });
}

export const useUpdateStaffingSettings = () => usePlanningMutation((body: UpdateStaffingSettingsBody) => updateStaffingSettings(body));
export const useCreateShift = () => usePlanningMutation((body: CreateShiftBody) => createShift(body));
export const useUpdateShift = () => usePlanningMutation(({ id, body }: { id: string; body: UpdateShiftBody }) => updateShift(id, body));
export const useDeleteShift = () => usePlanningMutation((id: string) => deleteShift(id));
export const useAssignAgents = () =>
  usePlanningMutation(({ shiftId, week, body }: { shiftId: string; week: string; body: AssignAgentsBody }) => assignAgents(shiftId, week, body));
export const useCreateAbsence = () => usePlanningMutation((body: CreateAbsenceBody) => createAbsence(body));
export const useDeleteAbsence = () => usePlanningMutation((id: string) => deleteAbsence(id));
