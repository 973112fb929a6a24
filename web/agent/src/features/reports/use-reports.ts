import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Page } from '../../lib/api-client.ts';
import { reportKeys } from './report-keys.ts';
import { type DrillDown, fetchBacklog, fetchCostTrend, fetchKpis, fetchVolume, fetchReportTickets, type ReportFilter, type ReportTicket } from './api.ts';


/** Cost per contact over the last 12 months (supervisors and admins). */
export const useCostTrend = () => useQuery({ queryKey: [...reportKeys.all, 'cost-trend'] as const, queryFn: ({ signal }) => fetchCostTrend(12, signal) });

/** New tickets by hour and weekday (supervisors and admins). */
export const useVolume = (filter: { from: string; to: string; channel?: string }, enabled: boolean) =>
  useQuery({ queryKey: reportKeys.volume(filter), queryFn: ({ signal }) => fetchVolume(filter, signal), enabled });

/** Unresolved tickets now by status and age; refreshed every minute. */
export const useBacklog = (filter: { agentId?: string }) =>
  useQuery({ queryKey: reportKeys.backlog(filter), queryFn: ({ signal }) => fetchBacklog(filter, signal), refetchInterval: 60_000 });

/** A period's KPIs; refreshed every minute (the projector measures changes within about a second). */
export const useKpis = (filter: ReportFilter) =>
  useQuery({ queryKey: reportKeys.kpis(filter), queryFn: ({ signal }) => fetchKpis(filter, signal), refetchInterval: 60_000 });

/** The tickets behind a figure, a page at a time. */
export const useReportTickets = (filter: DrillDown) =>
  useInfiniteQuery({
    queryKey: reportKeys.tickets(filter),
    queryFn: ({ pageParam, signal }) => fetchReportTickets({ ...filter, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<ReportTicket>) => page.nextCursor ?? undefined,
  });
