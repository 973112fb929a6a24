import type {
  Absence,
  AssignAgentsBody,
  CreateAbsenceBody,
  CreateShiftBody,
  ErlangCQuery,
  ErlangCResult,
  MyShifts,
  Schedule,
  ScheduledShift,
  Shift,
  StaffingSettings,
  StaffingView,
  UpdateShiftBody,
  UpdateStaffingSettingsBody,
} from '@server/modules/wfm/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { Absence, ErlangCQuery, ErlangCResult, MyShifts, Schedule, ScheduledShift, Shift, StaffingSettings, StaffingView, UpdateStaffingSettingsBody };

export const fetchStaffing = (query: { days: number; channel?: string }, signal?: AbortSignal) =>
  api.get<StaffingView>('/api/v1/wfm/staffing', { query, signal });

export const fetchStaffingSettings = (signal?: AbortSignal) => api.get<StaffingSettings>('/api/v1/wfm/settings', { signal });

export const updateStaffingSettings = (body: UpdateStaffingSettingsBody) => api.patch<StaffingSettings>('/api/v1/wfm/settings', body);

export const fetchErlangC = (query: ErlangCQuery, signal?: AbortSignal) => api.get<ErlangCResult>('/api/v1/wfm/erlang-c', { query: { ...query }, signal });

export const fetchSchedule = (week: string, signal?: AbortSignal) => api.get<Schedule>('/api/v1/wfm/schedule', { query: { week }, signal });

export const createShift = (body: CreateShiftBody) => api.post<Shift>('/api/v1/wfm/shifts', body);

export const updateShift = (id: string, body: UpdateShiftBody) => api.patch<Shift>(`/api/v1/wfm/shifts/${encodeURIComponent(id)}`, body);

export const deleteShift = (id: string) => api.delete<null>(`/api/v1/wfm/shifts/${encodeURIComponent(id)}`);

export const assignAgents = (shiftId: string, week: string, body: AssignAgentsBody) =>
  api.put<{ shiftId: string; week: string; userIds: string[] }>(`/api/v1/wfm/shifts/${encodeURIComponent(shiftId)}/weeks/${week}/agents`, body);

export const listAbsences = (query: { from: string; to: string }, signal?: AbortSignal) =>
  api.get<Page<Absence>>('/api/v1/wfm/absences', { query: { ...query, limit: 200 }, signal });

export const createAbsence = (body: CreateAbsenceBody) => api.post<Absence>('/api/v1/wfm/absences', body);

export const deleteAbsence = (id: string) => api.delete<null>(`/api/v1/wfm/absences/${encodeURIComponent(id)}`);

export const fetchMyShifts = (signal?: AbortSignal) => api.get<MyShifts>('/api/v1/wfm/my-shifts', { query: { weeks: 4 }, signal });
