import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTeams, useUsers } from '../directory/use-directory.ts';
import { priorityLabel, statusLabel, typeLabel } from '../tickets/ticket-options.ts';
import type { TicketEvent } from './api.ts';
import { useCustomFields, useEvents, useTicketStatuses } from './use-ticket-actions.ts';

const t = messages.ticketActions.history;

/** The ticket's change log, newest first: who changed which field when, old → new, and why. */
export function TicketHistory({ ticketId, version }: { ticketId: string; version: number }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <section aria-labelledby={`${listId}-title`} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-center justify-between">
        <h2 id={`${listId}-title`} className="text-sm font-semibold text-slate-900">
          {t.title}
        </h2>
        <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          {open ? t.hide : t.show}
        </Button>
      </div>
      <div id={listId} hidden={!open}>
        {open && <HistoryList ticketId={ticketId} version={version} />}
      </div>
    </section>
  );
}

function HistoryList({ ticketId, version }: { ticketId: string; version: number }) {
  const { data, error, isPending } = useEvents(ticketId, version);
  const { usersById } = useUsers();
  const { teamsById } = useTeams();
  const customFields = useCustomFields().data ?? [];
  const statuses = useTicketStatuses().data ?? [];
  if (isPending) return <Spinner label={messages.app.loading} />;
  if (error) return <Alert>{error.message}</Alert>;
  if (data.length === 0) return <p className="mt-2 text-sm text-slate-600">{t.empty}</p>;

  const actor = (event: TicketEvent) =>
    event.actorType === 'system' ? t.system : (event.actorId && usersById.get(event.actorId)?.name) || t.someone;
  const show = (field: string, value: string | null) => {
    if (value === null || value === '') return t.none;
    if (field === 'assigneeId') return usersById.get(value)?.name ?? value;
    if (field === 'teamId') return teamsById.get(value)?.name ?? value;
    if (field === 'status') return statusLabel(value);
    if (field === 'priority') return priorityLabel(value);
    if (field === 'type') return typeLabel(value);
    if (field === 'customStatus') return statuses.find((status) => status.key === value)?.label ?? value;
    return value;
  };
  // Custom fields change as one JSON object: name each field that changed.
  const describeCustomFields = (event: TicketEvent) => {
    const parse = (json: string | null) => {
      try {
        return (json ? JSON.parse(json) : {}) as Record<string, unknown>;
      } catch {
        return {};
      }
    };
    const before = parse(event.oldValue);
    const after = parse(event.newValue);
    const text = (value: unknown) =>
      value === undefined || value === null || value === '' ? t.none : Array.isArray(value) ? value.join(', ') : String(value);
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => t.change(customFields.find((f) => f.key === key)?.label ?? t.customField(key), text(before[key]), text(after[key])))
      .join('; ');
  };
  const describe = (event: TicketEvent) => {
    if (event.field === 'ticket') return t.ticketCreated;
    if (event.field === 'customFields') return describeCustomFields(event);
    const field = t.fields[event.field] ?? event.field;
    if (event.oldValue === null && event.newValue !== null) return t.set(field, show(event.field, event.newValue));
    if (event.newValue === null && event.oldValue !== null) return t.cleared(field, show(event.field, event.oldValue));
    return t.change(field, show(event.field, event.oldValue), show(event.field, event.newValue));
  };

  return (
    <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-3" data-testid="ticket-history">
      {[...data].reverse().map((event) => (
        <li key={event.id} data-field={event.field} className="text-sm">
          <p className="break-words text-slate-900">{describe(event)}</p>
          <p className="text-xs text-slate-600">
            {actor(event)} · <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
          </p>
          {event.note && (
            <p className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 px-2 py-1 text-xs text-slate-800">
              <span className="font-semibold">{t.note}: </span>
              {event.note}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
