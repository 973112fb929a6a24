import { Badge } from '@rapport/ui/Badge.tsx';
import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { formatRelative } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Ticket } from '../tickets/api.ts';
import { StatusBadge } from '../tickets/TicketBadges.tsx';
import { TimelineList } from './Timeline.tsx';
import { useContact, useLatestTimeline, useOpenTicketCount, useOrganisation, useRecentTickets } from './use-customer.ts';

const t = messages.customer;

/**
 * Who is asking: the contact, their organisation, tier and account manager, how many of their tickets
 * are open, their other recent tickets and the latest interactions across channels.
 */
export function CustomerPanel({ ticket }: { ticket: Ticket }) {
  const now = useNow();
  const contact = useContact(ticket.requesterId).data;
  const organisation = useOrganisation(contact?.organisationId ?? ticket.organisationId).data;
  const recent =
    useRecentTickets(ticket.requesterId)
      .data?.items.filter((other) => other.id !== ticket.id)
      .slice(0, 5) ?? [];
  const tier = organisation && organisation.tier !== 'standard' ? organisation.tier : (contact?.tier ?? organisation?.tier);
  const { users, usersById } = useUsers();
  const accountManager = organisation?.accountManagerId ? usersById.get(organisation.accountManagerId) : undefined;
  const open = useOpenTicketCount(ticket.requesterId).data;
  const timeline = useLatestTimeline(ticket.requesterId).data?.items ?? [];

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
        {organisation && (
          <>
            <dt className="text-slate-600">{t.accountManager}</dt>
            <dd data-field="account-manager">
              {organisation.accountManagerId
                ? (accountManager?.name ?? (users.length ? t.noAccountManager : messages.app.loading))
                : t.noAccountManager}
            </dd>
          </>
        )}
        <dt className="text-slate-600">{t.openTickets}</dt>
        <dd data-field="open-tickets">
          {open ? (
            <Link to="/contacts/$contactId" params={{ contactId: ticket.requesterId }} className="text-blue-800 hover:underline">
              {t.openTicketsLink(open.count, open.capped)}
            </Link>
          ) : (
            messages.app.loading
          )}
        </dd>
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
      <div className="mt-4 mb-1 flex items-baseline justify-between gap-2">
        <h3 id="customer-timeline" className="text-xs font-semibold text-slate-700">
          {t.timeline}
        </h3>
        {timeline.length > 0 && (
          <Link
            to="/contacts/$contactId"
            params={{ contactId: ticket.requesterId }}
            hash="timeline"
            aria-label={t.showAllLabel(ticket.requester.name)}
            className="text-xs text-blue-800 hover:underline"
          >
            {t.showAll}
          </Link>
        )}
      </div>
      {timeline.length === 0 ? (
        <p className="text-slate-600">{t.noTimeline}</p>
      ) : (
        <TimelineList entries={timeline} compact label={t.timelineCaption(ticket.requester.name)} />
      )}
    </section>
  );
}
