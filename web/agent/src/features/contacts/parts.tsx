import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { formatRelative } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import type { ListTicketsQuery } from '../tickets/api.ts';
import { type Contact, TIERS } from './api.ts';
import { PriorityBadge, StatusBadge } from '../tickets/TicketBadges.tsx';
import { useTicketList } from '../tickets/use-tickets.ts';

const t = messages.directory;

export const tierLabel = (tier: string) => messages.customer.tier[tier] ?? tier;

export function TierBadge({ tier }: { tier: string }) {
  return <Badge tone={tier === 'standard' ? 'neutral' : 'violet'}>{tierLabel(tier)}</Badge>;
}

type Tier = Contact['tier'];

/** The tier of a contact or organisation, chosen in a form, with the API's objection beside it. */
export function TierField({ value, onChange, error }: { value: Tier; onChange: (tier: Tier) => void; error?: string }) {
  return (
    <SelectField label={t.columns.tier} value={value} onChange={(event) => onChange(event.target.value as Tier)} error={error}>
      {TIERS.map((tier) => (
        <option key={tier} value={tier}>
          {tierLabel(tier)}
        </option>
      ))}
    </SelectField>
  );
}

/** The column headings of a full-page list; they stay in view while the list scrolls. */
export function ListColumns({ labels }: { labels: string[] }) {
  return (
    <thead className="sticky top-0 bg-slate-100 text-xs font-semibold text-slate-700">
      <tr>
        {labels.map((label) => (
          <th key={label} scope="col" className="border-b border-slate-200 px-3 py-2">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Loading, error (with retry) or the content of a query. */
export function QueryState({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown };
  children: () => ReactNode;
}) {
  if (query.isPending)
    return (
      <div className="p-5">
        <Spinner label={messages.app.loading} />
      </div>
    );
  if (query.isError)
    return (
      <div className="p-5">
        <Alert
          action={
            <Button size="sm" onClick={() => void query.refetch()}>
              {messages.errors.retry}
            </Button>
          }
        >
          {query.error?.message}
        </Alert>
      </div>
    );
  return <>{children()}</>;
}

/** A textarea's lines as a list: trimmed, blank ones dropped (emails, phones, domains). */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The API's objection to field `name`; a list item (`emails.1`) is shown as the line it came from. */
export function listError(fields: Record<string, string>, name: string) {
  const found = Object.entries(fields).filter(([key]) => key === name || key.startsWith(`${name}.`));
  if (found.length === 0) return undefined;
  return found
    .map(([key, problem]) => {
      const index = Number(key.slice(name.length + 1));
      return key === name || Number.isNaN(index) ? problem : t.line(index + 1, problem);
    })
    .join('; ');
}

/** The API's objections to a save: per field (`error(name)`) and the summary above the form. */
export function useFormProblem(error: Error | null, fieldNames: readonly string[]) {
  const fields = error instanceof ApiError ? error.fields : {};
  const unplaced = error !== null && !fieldNames.some((field) => listError(fields, field));
  return {
    error: (name: string) => listError(fields, name),
    // The summary repeats the API's detail when no field shows it (e.g. a name already in use).
    summary: error ? <Alert>{unplaced ? `${t.invalid} ${error.message}` : t.invalid}</Alert> : null,
  };
}

/** Save and Cancel under a form. */
export function FormActions({
  pending,
  onCancel,
  label = t.save,
  pendingLabel = t.saving,
}: {
  pending: boolean;
  onCancel: () => void;
  label?: string;
  pendingLabel?: string;
}) {
  return (
    <div className="flex gap-2">
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      <Button onClick={onCancel}>{t.cancel}</Button>
    </div>
  );
}

/** A details card that turns into its edit form: the Edit button sits in the page header. */
export function useEditing() {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return {
    editing,
    start: () => {
      setSaved(false);
      setEditing(true);
    },
    done: (didSave: boolean) => {
      setEditing(false);
      setSaved(didSave);
    },
    /** "… saved." after a save, announced. */
    notice: (text: string) =>
      saved ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          {text}
        </p>
      ) : null,
  };
}

export function LoadMore({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!list.hasNextPage) return null;
  return (
    <div className="p-3 text-center">
      <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
        {list.isFetchingNextPage ? messages.app.loading : t.loadMore}
      </Button>
    </div>
  );
}

/** The tickets of a contact or an organisation, newest first. */
export function CustomerTickets({ query, name }: { query: ListTicketsQuery; name: string }) {
  const now = useNow();
  const list = useTicketList({ ...query, sort: '-createdAt', limit: 25 });
  return (
    <section aria-labelledby="customer-tickets" className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id="customer-tickets" className="mb-2 text-sm font-semibold text-slate-900">
        {t.tickets}
      </h2>
      <QueryState query={list}>
        {() => {
          const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
          if (tickets.length === 0) return <p className="text-slate-600">{t.noTickets}</p>;
          return (
            <>
              <table className="w-full text-left" data-testid="customer-tickets">
                <caption className="sr-only">{t.ticketsCaption(name)}</caption>
                <thead className="text-xs text-slate-700">
                  <tr>
                    <th scope="col" className="py-1 pr-2">
                      {messages.inbox.columns.number}
                    </th>
                    <th scope="col" className="py-1 pr-2">
                      {messages.inbox.columns.subject}
                    </th>
                    <th scope="col" className="py-1 pr-2">
                      {messages.inbox.columns.priority}
                    </th>
                    <th scope="col" className="py-1 pr-2">
                      {messages.inbox.columns.status}
                    </th>
                    <th scope="col" className="py-1">
                      {messages.inbox.columns.lastActivity}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tickets.map((ticket) => (
                    <tr key={ticket.id} data-ticket-number={ticket.number} className="border-t border-slate-100">
                      <td className="py-1.5 pr-2 tabular-nums text-slate-600">#{ticket.number}</td>
                      <td className="py-1.5 pr-2">
                        <Link to="/tickets/$ticketId" params={{ ticketId: ticket.id }} className="text-blue-800 hover:underline">
                          {ticket.subject}
                        </Link>
                      </td>
                      <td className="py-1.5 pr-2">
                        <PriorityBadge priority={ticket.priority} />
                      </td>
                      <td className="py-1.5 pr-2">
                        <StatusBadge ticket={ticket} />
                      </td>
                      <td className="py-1.5 text-slate-600">
                        <time dateTime={ticket.updatedAt}>{formatRelative(ticket.updatedAt, now)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list} />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
