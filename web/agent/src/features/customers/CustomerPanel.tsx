import { Badge } from '@rapport/ui/Badge.tsx';
import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { formatRelative } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import type { Ticket } from '../tickets/api.ts';
import { StatusBadge } from '../tickets/TicketBadges.tsx';
import { useContact, useOrganisation, useRecentTickets } from './use-customer.ts';

const t = messages.customer;

/** Who is asking: the contact, their organisation and tier, and their other recent tickets. */
export function CustomerPanel({ ticket }: { ticket: Ticket }) {
  const now = useNow();
  const contact = useContact(ticket.requesterId).data;
  const organisation = useOrganisation(contact?.organisationId ?? ticket.organisationId).data;
  const recent =
    useRecentTickets(ticket.requesterId)
      .data?.items.filter((other) => other.id !== ticket.id)
      .slice(0, 5) ?? [];
  const tier = organisation && organisation.tier !== 'standard' ? organisation.tier : (contact?.tier ?? organisation?.tier);

  return (
    <section aria-labelledby="customer-title" className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id="customer-title" className="mb-3 text-sm font-semibold text-slate-900">
        {t.title}
      </h2>
      <p className="font-medium text-slate-900">{ticket.requester.name}</p>
      {ticket.requester.email && <p className="truncate text-slate-700">{ticket.requester.email}</p>}
      {contact?.phones[0] && <p className="text-slate-700">{contact.phones[0]}</p>}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">{t.organisation}</dt>
        <dd>{organisation?.name ?? t.noOrganisation}</dd>
        {tier && (
          <>
            <dt className="text-slate-600">{t.tierLabel}</dt>
            <dd>
              <Badge tone={tier === 'standard' ? 'neutral' : 'violet'}>{t.tier[tier] ?? tier}</Badge>
            </dd>
          </>
        )}
      </dl>
      <h3 className="mt-4 mb-1 text-xs font-semibold text-slate-700">{t.recent}</h3>
      {recent.length === 0 ? (
        <p className="text-slate-600">{t.noOthers}</p>
      ) : (
        <ul className="space-y-1.5">
          {recent.map((other) => (
            <li key={other.id} className="flex items-center justify-between gap-2">
              <Link to="/tickets/$ticketId" params={{ ticketId: other.id }} className="min-w-0 truncate text-blue-800 hover:underline">
                #{other.number} {other.subject}
              </Link>
              <span className="flex shrink-0 items-center gap-1.5 text-xs text-slate-600">
                <StatusBadge ticket={other} />
                {formatRelative(other.createdAt, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
