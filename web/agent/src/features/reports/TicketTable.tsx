import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';

const t = messages.reports;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';

interface CountedTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  channel: string;
  createdAt: string;
}

type TicketPages = {
  data?: { pages: Array<{ items: CountedTicket[] }> };
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
};

/** The tickets behind a figure (a report's or the dashboard's), a page at a time, each linking to the ticket. */
export function TicketTable({ list, caption }: { list: TicketPages; caption: string }) {
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <QueryState query={list}>
      {() =>
        tickets.length === 0 ? (
          <p className="p-5 text-sm text-slate-700">{t.noTickets}</p>
        ) : (
          <>
            <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-tickets">
              <caption className="sr-only">{caption}</caption>
              <ListColumns labels={[t.ticketColumns.ticket, t.ticketColumns.status, t.ticketColumns.channel, t.ticketColumns.created]} />
              <tbody>
                {tickets.map((ticket) => (
                  <tr key={ticket.id} data-ticket={ticket.id} className="bg-white hover:bg-blue-50">
                    <td className={cell}>
                      <Link to="/tickets/$ticketId" params={{ ticketId: ticket.id }} className="font-medium text-blue-800 hover:underline">
                        <span className="mr-1 font-normal text-slate-600 tabular-nums">#{ticket.number}</span>
                        {ticket.subject}
                      </Link>
                    </td>
                    <td className={cell}>{ticket.status}</td>
                    <td className={cell}>{ticket.channel}</td>
                    <td className={`${cell} whitespace-nowrap text-slate-700`}>
                      <time dateTime={ticket.createdAt}>{formatShortDateTime(ticket.createdAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list} />
          </>
        )
      }
    </QueryState>
  );
}
