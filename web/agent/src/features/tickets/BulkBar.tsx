import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import type { BulkChanges } from '@server/modules/tickets/structure-schema.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { api } from '../../lib/api-client.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Ticket } from './api.ts';
import { statusLabel, TICKET_STATUSES } from './ticket-options.ts';
import { ticketKeys } from './use-tickets.ts';

const t = messages.bulk;
const select = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm';

/** All-or-nothing: the API answers 400 naming the ticket that refused, and then nothing changed. */
const bulkUpdate = (ids: string[], changes: BulkChanges) => api.post<{ items: Ticket[] }>('/api/v1/tickets/bulk', { ids, changes });

/** Changes the ticked tickets at once: assign, set the status, add tags. */
export function BulkBar({ ids, onDone, onClear }: { ids: string[]; onDone: () => void; onClear: () => void }) {
  const queryClient = useQueryClient();
  const { users } = useUsers();
  const baseId = useId();
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState('');
  const [tags, setTags] = useState('');
  const [done, setDone] = useState<number | null>(null);
  const bulk = useMutation({
    mutationFn: (changes: BulkChanges) => bulkUpdate(ids, changes),
    onSuccess: (result) => {
      setDone(result.items.length);
      for (const ticket of result.items) queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.counts() });
      onDone();
    },
  });
  const apply = (changes: BulkChanges) => {
    setDone(null);
    bulk.mutate(changes);
  };
  if (ids.length === 0 && done === null && !bulk.error) return null;

  return (
    <div className="border-b border-slate-200 bg-blue-50 px-5 py-2 text-sm">
      {ids.length > 0 && (
        <div role="toolbar" aria-label={t.toolbar} className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <span className="font-semibold text-blue-950" data-testid="bulk-count">
            {t.selected(ids.length)}
          </span>
          <form
            className="flex items-center gap-1.5"
            onSubmit={(event) => {
              event.preventDefault();
              if (assignee) apply({ assigneeId: assignee === 'none' ? null : assignee });
            }}
          >
            <label htmlFor={`${baseId}-assignee`} className="text-xs font-semibold text-slate-700">
              {t.assignee}
            </label>
            <select id={`${baseId}-assignee`} className={select} value={assignee} onChange={(event) => setAssignee(event.target.value)}>
              <option value="">{t.choose}</option>
              <option value="none">{t.unassign}</option>
              {users
                .filter((user) => user.isActive)
                .map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
            </select>
            <Button type="submit" size="sm" disabled={!assignee || bulk.isPending}>
              {t.assign}
            </Button>
          </form>
          <form
            className="flex items-center gap-1.5"
            onSubmit={(event) => {
              event.preventDefault();
              if (status) apply({ status: status as BulkChanges['status'] });
            }}
          >
            <label htmlFor={`${baseId}-status`} className="text-xs font-semibold text-slate-700">
              {t.status}
            </label>
            <select id={`${baseId}-status`} className={select} value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">{t.choose}</option>
              {TICKET_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {statusLabel(value)}
                </option>
              ))}
            </select>
            <Button type="submit" size="sm" disabled={!status || bulk.isPending}>
              {t.setStatus}
            </Button>
          </form>
          <form
            className="flex items-center gap-1.5"
            onSubmit={(event) => {
              event.preventDefault();
              const list = tags
                .split(',')
                .map((tag) => tag.trim())
                .filter(Boolean);
              if (list.length) apply({ addTags: list });
            }}
          >
            <label htmlFor={`${baseId}-tags`} className="text-xs font-semibold text-slate-700">
              {t.tags}
            </label>
            <input id={`${baseId}-tags`} className={`${select} w-36`} value={tags} onChange={(event) => setTags(event.target.value)} />
            <Button type="submit" size="sm" disabled={!tags.trim() || bulk.isPending}>
              {t.addTags}
            </Button>
          </form>
          <Button size="sm" variant="ghost" onClick={onClear}>
            {t.clear}
          </Button>
          {bulk.isPending && <span>{t.applying}</span>}
        </div>
      )}
      <div role="status" className={done === null ? 'sr-only' : 'mt-1 text-green-900'}>
        {done !== null && t.done(done)}
      </div>
      {bulk.error && (
        <div className="mt-2">
          <Alert>
            {t.failed} {bulk.error.message}
          </Alert>
        </div>
      )}
    </div>
  );
}
