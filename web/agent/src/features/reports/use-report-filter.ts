import { useSession } from '../auth/use-session.ts';
import type { ReportFilter } from './api.ts';
import type { ReportSearch } from './report-search.ts';

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
export const daysBefore = (days: number) => isoDay(new Date(Date.now() - days * 86_400_000));

/** The filter the API gets: the URL's period (last 30 days by default); agents their own tickets. */
export function useReportFilter(search: ReportSearch): ReportFilter {
  const { user } = useSession();
  const isManager = user.role === 'admin' || user.role === 'supervisor';
  return {
    from: search.from ?? daysBefore(29),
    to: search.to ?? isoDay(new Date()),
    ...(search.channel ? { channel: search.channel } : {}),
    ...(isManager ? {} : { agentId: user.id }),
  };
}
