import type { DashboardService, OpenTicketsFilter, SlaState } from '@server/modules/metrics/dashboard.ts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api-client.ts';
import { reportKeys } from '../reports/report-keys.ts';

export type Dashboard = Awaited<ReturnType<DashboardService['dashboard']>>;
export type OpenTicket = Awaited<ReturnType<DashboardService['openTickets']>>['items'][number];
export type { SlaState };

export const fetchDashboard = (signal?: AbortSignal) => api.get<Dashboard>('/api/v1/reports/dashboard', { signal });

const fetchOpenTickets = (filter: Omit<OpenTicketsFilter, 'limit'>, signal?: AbortSignal) =>
  api.get<Page<OpenTicket>>('/api/v1/reports/open-tickets', { query: { ...filter, limit: 50 }, signal });

/**
 * The live dashboard: refetched when the realtime feed reports a change (RealtimeProvider refreshes
 * every report query), and every 30 s for what time alone changes (a ticket's SLA turning due).
 */
export const useDashboard = () => useQuery({ queryKey: reportKeys.dashboard({}), queryFn: ({ signal }) => fetchDashboard(signal), refetchInterval: 30_000 });

export const useOpenTickets = (filter: Omit<OpenTicketsFilter, 'limit' | 'cursor'>) =>
  useInfiniteQuery({
    queryKey: reportKeys.openTickets(filter),
    queryFn: ({ pageParam, signal }) => fetchOpenTickets({ ...filter, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<OpenTicket>) => page.nextCursor ?? undefined,
  });
