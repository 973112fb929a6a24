import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import type { DrillDown } from './api.ts';
import type { ReportTicketsSearch } from './report-search.ts';
import { TicketTable } from './TicketTable.tsx';
import { useReportFilter } from './use-report-filter.ts';
import { useReportTickets } from './use-reports.ts';

const t = messages.reports;

/** Exactly the tickets a report figure counts. */
export function ReportTicketsPage({ search }: { search: ReportTicketsSearch }) {
  const filter = useReportFilter(search);
  const drillDown: DrillDown = {
    ...filter,
    on: search.on ?? 'created',
    ...(search.oneTouch !== undefined ? { oneTouch: search.oneTouch } : {}),
    ...(search.reopened !== undefined ? { reopened: search.reopened } : {}),
    ...(search.replied !== undefined ? { replied: search.replied } : {}),
    ...(search.satisfied !== undefined ? { satisfied: search.satisfied } : {}),
    ...(search.escalated !== undefined ? { escalated: search.escalated } : {}),
    ...(search.slaClock ? { slaClock: search.slaClock } : {}),
    ...(search.slaResult ? { slaResult: search.slaResult } : {}),
    ...(search.tag ? { tag: search.tag } : {}),
  };
  const list = useReportTickets(drillDown);
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">
          {search.figure ?? t.ticketsTitle}
          <span className="ml-2 text-sm font-normal text-slate-700">
            {filter.from} – {filter.to}
            {filter.channel ? ` · ${filter.channel}` : ''}
          </span>
        </h1>
        <Link to="/reports" search={{ from: search.from, to: search.to, channel: search.channel }} className="text-sm text-blue-800 hover:underline">
          {t.back}
        </Link>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <TicketTable list={list} caption={search.figure ?? t.ticketsTitle} />
      </div>
    </div>
  );
}
