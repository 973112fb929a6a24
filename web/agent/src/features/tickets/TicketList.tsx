import { cn } from '@rapport/ui/cn.ts';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatRelative } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { useOrganisations, useUsers } from '../directory/use-directory.ts';
import { useHotkeys } from '../shortcuts/use-hotkeys.ts';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import type { Ticket } from './api.ts';
import { PriorityBadge, StatusBadge } from './TicketBadges.tsx';

const t = messages.inbox;

/** Ticking rows for a bulk change: the ids ticked and how to tick or untick them. */
export interface RowChecks {
  checked: ReadonlySet<string>;
  toggle: (id: string) => void;
  setAll: (ids: string[]) => void;
}

/** The inbox table: j/k move the selection (and focus), Enter opens the selected ticket, x ticks it. */
export function TicketList({ tickets, caption, checks }: { tickets: Ticket[]; caption: string; checks?: RowChecks }) {
  const navigate = useNavigate();
  const now = useNow();
  const { usersById } = useUsers();
  const organisations = useOrganisations(tickets.map((ticket) => ticket.organisationId));
  const [selected, setSelected] = useState(0);
  const links = useRef<Array<HTMLAnchorElement | null>>([]);
  const selectedIndex = Math.min(selected, Math.max(tickets.length - 1, 0));

  function select(index: number) {
    const next = Math.min(Math.max(index, 0), tickets.length - 1);
    setSelected(next);
    links.current[next]?.focus();
  }

  function open(ticket: Ticket | undefined) {
    if (ticket) void navigate({ to: '/tickets/$ticketId', params: { ticketId: ticket.id } });
  }

  useHotkeys({
    j: () => select(selectedIndex + 1),
    k: () => select(selectedIndex - 1),
    x: () => {
      const ticket = tickets[selectedIndex];
      if (!checks || !ticket) return false;
      checks.toggle(ticket.id);
    },
    // A focused link opens itself on Enter; this covers the selection when nothing is focused.
    enter: (event) => {
      if (event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement) return false;
      open(tickets[selectedIndex]);
    },
  });

  return (
    <table className="w-full table-fixed border-separate border-spacing-0 text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sticky top-0 z-10 bg-slate-100 text-left text-xs font-semibold text-slate-700">
        <tr>
          {checks && (
            <th scope="col" className="w-10 border-b border-slate-200 px-3 py-2">
              <input
                type="checkbox"
                aria-label={messages.bulk.selectAll}
                className="size-4 align-middle"
                checked={tickets.length > 0 && tickets.every((ticket) => checks.checked.has(ticket.id))}
                onChange={(event) => checks.setAll(event.target.checked ? tickets.map((ticket) => ticket.id) : [])}
              />
            </th>
          )}
          <th scope="col" className="w-14 border-b border-slate-200 px-3 py-2">
            {t.columns.number}
          </th>
          <th scope="col" className="border-b border-slate-200 px-3 py-2">
            {t.columns.subject}
          </th>
          <th scope="col" className="w-36 xl:w-48 border-b border-slate-200 px-3 py-2">
            {t.columns.requester}
          </th>
          <th scope="col" className="w-14 border-b border-slate-200 px-3 py-2">
            {t.columns.priority}
          </th>
          <th scope="col" className="w-24 border-b border-slate-200 px-3 py-2">
            {t.columns.status}
          </th>
          <th scope="col" className="w-28 xl:w-36 border-b border-slate-200 px-3 py-2">
            {t.columns.assignee}
          </th>
          <th scope="col" className="w-32 xl:w-36 border-b border-slate-200 px-3 py-2">
            {t.columns.sla}
          </th>
          <th scope="col" className="w-20 xl:w-24 border-b border-slate-200 px-3 py-2">
            {t.columns.lastActivity}
          </th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket, index) => {
          const organisation = ticket.organisationId ? organisations.get(ticket.organisationId) : undefined;
          const assignee = ticket.assigneeId ? usersById.get(ticket.assigneeId) : undefined;
          const isSelected = index === selectedIndex;
          return (
            <tr
              key={ticket.id}
              data-ticket-number={ticket.number}
              data-selected={isSelected || undefined}
              data-checked={checks?.checked.has(ticket.id) || undefined}
              onClick={(event) => {
                if (!(event.target instanceof Element && event.target.closest('a, [data-check]'))) open(ticket);
              }}
              className={cn(
                'cursor-pointer hover:bg-blue-50',
                isSelected ? 'bg-blue-50 shadow-[inset_3px_0_0_var(--color-blue-700)]' : 'bg-white',
              )}
            >
              {checks && (
                <td data-check className="cursor-default border-b border-slate-100 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={messages.bulk.select(`#${ticket.number} ${ticket.subject}`)}
                    className="size-4 align-middle"
                    checked={checks.checked.has(ticket.id)}
                    onChange={() => checks.toggle(ticket.id)}
                  />
                </td>
              )}
              <td className="border-b border-slate-100 px-3 py-2 tabular-nums text-slate-600">#{ticket.number}</td>
              <td className="truncate border-b border-slate-100 px-3 py-2">
                <Link
                  ref={(element) => {
                    links.current[index] = element;
                  }}
                  to="/tickets/$ticketId"
                  params={{ ticketId: ticket.id }}
                  onFocus={() => setSelected(index)}
                  title={ticket.subject}
                  className="font-medium text-slate-900 hover:underline"
                >
                  {ticket.subject}
                </Link>
              </td>
              <td className="border-b border-slate-100 px-3 py-2">
                <div className="truncate text-slate-900">
                  <Link to="/contacts/$contactId" params={{ contactId: ticket.requesterId }} className="hover:underline">
                    {ticket.requester.name || ticket.requester.email}
                  </Link>
                </div>
                {organisation && <div className="truncate text-xs text-slate-600">{organisation.name}</div>}
              </td>
              <td className="border-b border-slate-100 px-3 py-2">
                <PriorityBadge priority={ticket.priority} />
              </td>
              <td className="border-b border-slate-100 px-3 py-2">
                <StatusBadge ticket={ticket} />
              </td>
              <td className="truncate border-b border-slate-100 px-3 py-2 text-slate-800">
                {assignee ? assignee.name : <span className="text-slate-600">{t.unassigned}</span>}
              </td>
              <td className="border-b border-slate-100 px-3 py-2">
                <SlaCountdown ticket={ticket} />
              </td>
              <td className="border-b border-slate-100 px-3 py-2 text-slate-600">
                <time dateTime={ticket.updatedAt} title={new Date(ticket.updatedAt).toLocaleString(messages.locale)}>
                  {formatRelative(ticket.updatedAt, now)}
                </time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
