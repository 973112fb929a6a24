import { Badge } from '@rapport/ui/Badge.tsx';
import { useQueries } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';
import { fetchTicket, type Ticket } from '../tickets/api.ts';
import { ticketKeys } from '../tickets/use-tickets.ts';
import { type Complaint, OPEN_STEPS } from './api.ts';
import { complaintDeadlines, DeadlineValue } from './deadlines.tsx';
import { useComplaintList } from './use-complaints.ts';

const t = messages.complaints;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';

/** The complaints register: open complaints (or all), their stage and deadlines, each linking to its ticket. */
export function ComplaintsPage() {
  const [all, setAll] = useState(false);
  const list = useComplaintList({ limit: 50, ...(all ? {} : { step: OPEN_STEPS }) });
  const complaints = list.data?.pages.flatMap((page) => page.items) ?? [];
  // The register holds the complaint; subject, number and SLA deadlines are the ticket's (cached per ticket).
  const tickets = useQueries({
    queries: complaints.map((complaint) => ({
      queryKey: ticketKeys.detail(complaint.ticketId),
      queryFn: () => fetchTicket(complaint.ticketId),
      staleTime: 60_000,
    })),
  });
  const ticketsById = new Map(tickets.flatMap((query) => (query.data ? [[query.data.id, query.data] as const] : [])));
  const toggleId = useId();
  const now = useNow();

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.title}</h1>
        <div className="flex items-center gap-2 text-sm">
          <input id={toggleId} type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
          <label htmlFor={toggleId}>{t.showAll}</label>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <QueryState query={list}>
          {() =>
            complaints.length === 0 ? (
              <p className="p-5 text-sm text-slate-700">{t.empty}</p>
            ) : (
              <>
                <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="complaints">
                  <caption className="sr-only">{all ? t.title : t.listCaption}</caption>
                  <ListColumns
                    labels={[
                      t.columns.ticket,
                      t.columns.stage,
                      t.columns.next,
                      t.columns.raised,
                      t.columns.acknowledgeBy,
                      t.columns.resolveBy,
                      t.columns.followUp,
                    ]}
                  />
                  <tbody>
                    {complaints.map((complaint) => (
                      <ComplaintRow key={complaint.ticketId} complaint={complaint} ticket={ticketsById.get(complaint.ticketId)} now={now} />
                    ))}
                  </tbody>
                </table>
                <LoadMore list={list} />
              </>
            )
          }
        </QueryState>
      </div>
    </div>
  );
}

function ComplaintRow({ complaint, ticket, now }: { complaint: Complaint; ticket: Ticket | undefined; now: number }) {
  return (
    <tr data-complaint={complaint.ticketId} className="bg-white hover:bg-blue-50">
      <td className={cell}>
        <Link to="/tickets/$ticketId" params={{ ticketId: complaint.ticketId }} className="font-medium text-blue-800 hover:underline">
          {ticket ? (
            <>
              <span className="mr-1 font-normal text-slate-600 tabular-nums">#{ticket.number}</span>
              {ticket.subject}
            </>
          ) : (
            messages.app.loading
          )}
        </Link>
        {complaint.category && <div className="text-xs text-slate-600">{complaint.category}</div>}
      </td>
      <td className={cell}>
        <Badge tone={complaint.nextStep === null ? 'green' : 'violet'}>
          {complaint.step ? (t.stepDone[complaint.step] ?? complaint.step) : t.notAcknowledged}
        </Badge>
      </td>
      <td className={cell}>{complaint.nextStep ? (t.steps[complaint.nextStep] ?? complaint.nextStep) : t.allDone}</td>
      <td className={`${cell} whitespace-nowrap text-slate-700`}>
        <time dateTime={complaint.createdAt}>{formatShortDateTime(complaint.createdAt)}</time>
      </td>
      {complaintDeadlines(complaint, ticket).map((deadline) => (
        <td key={deadline.key} className={cell} data-deadline={deadline.key}>
          <DeadlineValue deadline={deadline} now={now} compact />
        </td>
      ))}
    </tr>
  );
}
