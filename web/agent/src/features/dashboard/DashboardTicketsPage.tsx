import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { TicketTable } from '../reports/TicketTable.tsx';
import { useOpenTickets } from './api.ts';
import type { DashboardTicketsSearch } from './dashboard-search.ts';

const t = messages.dashboard;

/** Exactly the open tickets a dashboard figure counts, oldest first. */
export function DashboardTicketsPage({ search }: { search: DashboardTicketsSearch }) {
  const list = useOpenTickets({
    ...(search.status ? { status: search.status } : {}),
    ...(search.sla ? { sla: search.sla } : {}),
    ...(search.channel ? { channel: search.channel } : {}),
  });
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{search.figure ?? t.ticketsTitle}</h1>
        <Link to="/dashboard" className="text-sm text-blue-800 hover:underline">
          {t.back}
        </Link>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <TicketTable list={list} caption={search.figure ?? t.ticketsTitle} />
      </div>
    </div>
  );
}
