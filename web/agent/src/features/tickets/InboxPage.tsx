import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useSession } from '../auth/use-session.ts';
import { useTeams, useUsers } from '../directory/use-directory.ts';
import { BulkBar } from './BulkBar.tsx';
import { inboxView, isSort, SORTS, type Sort, type ViewId } from './inbox-views.ts';
import { TicketList } from './TicketList.tsx';
import { PRIORITIES, priorityLabel, statusLabel, TICKET_STATUSES } from './ticket-options.ts';
import { useTicketList } from './use-tickets.ts';

const t = messages.inbox;
const f = messages.filters;

/** Narrows the view: a value replaces the view's own filter on that field. */
interface InboxFilters {
  priority: string;
  status: string;
  tag: string;
  assigneeId: string;
}
const NO_FILTERS: InboxFilters = { priority: '', status: '', tag: '', assigneeId: '' };
const filterSelect = 'ml-2 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-normal';

export function InboxPage({ viewId, sort, teamId }: { viewId: ViewId; sort?: Sort; teamId?: string }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const { teamsById } = useTeams();
  const view = inboxView(viewId, user, teamId);
  const activeSort = sort ?? view.defaultSort;
  const title = t.views[viewId];
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS);
  const narrowed = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{title}</h1>
        <div className="flex items-end gap-3">
          {viewId === 'team' && user.teamIds.length > 1 && (
            <label className="text-xs font-semibold text-slate-700">
              {t.team}
              <select
                className="ml-2 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
                value={view.filters?.teamId ?? ''}
                onChange={(event) =>
                  void navigate({ to: '/inbox/$view', params: { view: viewId }, search: (prev) => ({ ...prev, team: event.target.value }) })
                }
              >
                {user.teamIds.map((id) => (
                  <option key={id} value={id}>
                    {teamsById.get(id)?.name ?? id}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="text-xs font-semibold text-slate-700">
            {t.sort}
            <select
              className="ml-2 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
              value={activeSort}
              onChange={(event) => {
                const next = event.target.value;
                if (isSort(next))
                  void navigate({ to: '/inbox/$view', params: { view: viewId }, search: (prev) => ({ ...prev, sort: next }) });
              }}
            >
              {SORTS.map((option) => (
                <option key={option} value={option}>
                  {t.sorts[option]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <FilterBar filters={filters} onChange={setFilters} />
      {view.filters ? (
        <InboxTickets
          key={`${viewId}:${view.filters.teamId ?? ''}:${activeSort}:${JSON.stringify(narrowed)}`}
          query={{ ...view.filters, ...narrowed, sort: activeSort, limit: 50 }}
          caption={t.caption(title)}
        />
      ) : (
        <p className="p-5 text-sm text-slate-700">{t.noTeam}</p>
      )}
    </div>
  );
}

function FilterBar({ filters, onChange }: { filters: InboxFilters; onChange: (filters: InboxFilters) => void }) {
  const { users } = useUsers();
  const [tag, setTag] = useState(filters.tag);
  const set = (changes: Partial<InboxFilters>) => onChange({ ...filters, ...changes });
  return (
    <form
      aria-label={f.label}
      className="flex flex-wrap items-end gap-3 border-b border-slate-200 bg-white px-5 py-2"
      onSubmit={(event) => {
        event.preventDefault();
        set({ tag: tag.trim() });
      }}
    >
      <label className="text-xs font-semibold text-slate-700">
        {f.priority}
        <select className={filterSelect} value={filters.priority} onChange={(event) => set({ priority: event.target.value })}>
          <option value="">{f.any}</option>
          {PRIORITIES.map((value) => (
            <option key={value} value={value}>
              {priorityLabel(value)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-semibold text-slate-700">
        {f.status}
        <select className={filterSelect} value={filters.status} onChange={(event) => set({ status: event.target.value })}>
          <option value="">{f.view}</option>
          {TICKET_STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-semibold text-slate-700">
        {f.assignee}
        <select className={filterSelect} value={filters.assigneeId} onChange={(event) => set({ assigneeId: event.target.value })}>
          <option value="">{f.view}</option>
          <option value="none">{f.unassigned}</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-semibold text-slate-700">
        {f.tag}
        <input
          className={`${filterSelect} w-32`}
          value={tag}
          onChange={(event) => setTag(event.target.value)}
          onBlur={() => set({ tag: tag.trim() })}
        />
      </label>
      {Object.values(filters).some(Boolean) && (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setTag('');
            onChange(NO_FILTERS);
          }}
        >
          {f.clear}
        </Button>
      )}
    </form>
  );
}

function InboxTickets({ query, caption }: { query: Parameters<typeof useTicketList>[0]; caption: string }) {
  const list = useTicketList(query);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const checks = {
    checked,
    toggle: (id: string) =>
      setChecked((previous) => {
        const next = new Set(previous);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    setAll: (ids: string[]) => setChecked(new Set(ids)),
  };
  const bulkBar = <BulkBar ids={[...checked]} onDone={() => setChecked(new Set())} onClear={() => setChecked(new Set())} />;
  if (list.isPending)
    return (
      <div className="p-5">
        <Spinner label={messages.app.loading} />
      </div>
    );
  if (list.isError) {
    return (
      <div className="p-5">
        <Alert
          action={
            <Button size="sm" onClick={() => void list.refetch()}>
              {messages.errors.retry}
            </Button>
          }
        >
          {list.error.message}
        </Alert>
      </div>
    );
  }
  const tickets = list.data.pages.flatMap((page) => page.items);
  if (tickets.length === 0)
    return (
      <>
        {bulkBar}
        <p className="p-5 text-sm text-slate-700">{t.empty}</p>
      </>
    );
  return (
    <div className="min-h-0 flex-1 overflow-auto">
      {bulkBar}
      <TicketList tickets={tickets} caption={caption} checks={checks} />
      {list.hasNextPage && (
        <div className="p-3 text-center">
          <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? messages.app.loading : t.loadMore}
          </Button>
        </div>
      )}
    </div>
  );
}
