import { CHANNELS, type Channel } from '@server/modules/tickets/channels.ts';

// The planning screens' URL search parameters, apart from the screens so the router (first bundle) can validate them.

export const STAFFING_DAYS = [1, 7, 14, 28] as const;

export interface StaffingSearch {
  days?: number;
  channel?: Channel;
}

export const validateStaffingSearch = (search: Record<string, unknown>): StaffingSearch => ({
  days: STAFFING_DAYS.includes(Number(search.days) as (typeof STAFFING_DAYS)[number]) ? Number(search.days) : undefined,
  channel: CHANNELS.includes(search.channel as Channel) ? (search.channel as Channel) : undefined,
});

export interface ScheduleSearch {
  week?: string;
}

export const validateScheduleSearch = (search: Record<string, unknown>): ScheduleSearch => ({
  week: typeof search.week === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.week) ? search.week : undefined,
});
