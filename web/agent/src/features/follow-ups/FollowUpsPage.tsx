import type { FollowUp, FollowUpKind, ListFollowUpsQuery, UpdateFollowUpBody } from '@server/modules/follow-ups/schema.ts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { api, type Page } from '../../lib/api-client.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';
import { ticketKeys } from '../tickets/use-tickets.ts';

const t = messages.followUps;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';
const followUpKeys = { all: ['follow-ups'] as const, list: (query: ListFollowUpsQuery) => ['follow-ups', 'list', query] as const };

const listFollowUps = (query: ListFollowUpsQuery, signal?: AbortSignal) => api.get<Page<FollowUp>>('/api/v1/follow-ups', { query, signal });
const updateFollowUp = (id: string, body: UpdateFollowUpBody) => api.patch<FollowUp>(`/api/v1/follow-ups/${encodeURIComponent(id)}`, body);

const aboutOf = (followUp: FollowUp) => (followUp.ticket ? `#${followUp.ticket.number}` : t.npsFormSubject(followUp.customer.name));

/**
 * Open follow-ups of low CSAT answers (about a ticket) and NPS detractors (about the customer),
 * soonest due first, each closable with a "what we changed" note.
 */
export function FollowUpsPage() {
  const [kind, setKind] = useState<'all' | FollowUpKind>('all');
  const kindId = useId();
  const query: ListFollowUpsQuery = { limit: 50, status: 'open', ...(kind === 'all' ? {} : { kind }) };
  const list = useInfiniteQuery({
    queryKey: followUpKeys.list(query),
    queryFn: ({ pageParam, signal }) => listFollowUps({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<FollowUp>) => page.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
  const followUps = list.data?.pages.flatMap((page) => page.items) ?? [];
  const now = useNow();
  const [closing, setClosing] = useState<FollowUp | null>(null);

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <div>
          <h1 className="text-lg font-semibold">{t.title}</h1>
          <p className="text-sm text-slate-700">{t.intro}</p>
        </div>
        <label htmlFor={kindId} className="flex items-center gap-2 text-sm">
          {t.kind}
          <select id={kindId} value={kind} onChange={(event) => setKind(event.target.value as typeof kind)} className="rounded border border-slate-300 px-2 py-1">
            {(['all', 'csat', 'nps'] as const).map((key) => (
              <option key={key} value={key}>
                {t.kinds[key]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        {closing && <CloseForm followUp={closing} onDone={() => setClosing(null)} />}
        <QueryState query={list}>
          {() =>
            followUps.length === 0 ? (
              <p className="p-5 text-sm text-slate-700">{t.empty}</p>
            ) : (
              <>
                <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="follow-ups">
                  <caption className="sr-only">{t.listCaption}</caption>
                  <ListColumns labels={[t.columns.ticket, t.columns.customer, t.columns.score, t.columns.feedback, t.columns.owner, t.columns.opened, t.columns.due, t.columns.actions]} />
                  <tbody>
                    {followUps.map((followUp) => {
                      const overdue = Date.parse(followUp.dueAt) < now;
                      return (
                        <tr key={followUp.id}>
                          <td className={cell}>
                            {followUp.ticket ? (
                              <Link to="/tickets/$ticketId" params={{ ticketId: followUp.ticket.id }} className="text-blue-800 underline">
                                #{followUp.ticket.number} {followUp.ticket.subject}
                              </Link>
                            ) : (
                              t.npsAbout
                            )}
                          </td>
                          <td className={cell}>
                            <Link to="/contacts/$contactId" params={{ contactId: followUp.customer.id }} className="text-blue-800 underline">
                              {followUp.customer.name}
                            </Link>
                          </td>
                          <td className={`${cell} whitespace-nowrap`}>{followUp.kind === 'nps' ? t.npsScore(followUp.score) : t.score(followUp.score)}</td>
                          <td className={cell}>
                            {followUp.reason && <div className="font-medium">{followUp.reason}</div>}
                            {followUp.comment && <div className="text-slate-700">“{followUp.comment}”</div>}
                          </td>
                          <td className={cell}>{followUp.owner?.name ?? t.unassigned}</td>
                          <td className={cell}>{formatShortDateTime(followUp.openedAt)}</td>
                          <td className={`${cell} ${overdue ? 'font-semibold text-red-700' : ''}`}>
                            {formatShortDateTime(followUp.dueAt)}
                            {overdue && <span className="ml-1">({t.overdue})</span>}
                          </td>
                          <td className={cell}>
                            <button type="button" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50" onClick={() => setClosing(followUp)}>
                              {t.close}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
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

function CloseForm({ followUp, onDone }: { followUp: FollowUp; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [notify, setNotify] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const noteId = useId();
  const notifyId = useId();
  const mutation = useMutation({
    mutationFn: () => updateFollowUp(followUp.id, { status: 'done', changeNote: note.trim(), notifyCustomer: notify }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
      // The closing note shows on the customer's timeline (kept under the ticket lists' keys).
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      onDone();
    },
    onError: (error: Error) => setProblem(error.message),
  });
  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) return setProblem(t.noteRequired);
    setProblem(null);
    mutation.mutate();
  }
  return (
    <form onSubmit={handleSubmit} className="m-4 space-y-2 rounded border border-slate-200 bg-white p-4" aria-label={t.formLabel(aboutOf(followUp))}>
      <h2 className="font-semibold">{t.formLabel(aboutOf(followUp))}</h2>
      <label htmlFor={noteId} className="block text-sm font-medium">
        {t.noteLabel}
      </label>
      <textarea id={noteId} value={note} maxLength={4000} rows={4} onChange={(event) => setNote(event.target.value)} className="w-full rounded border border-slate-400 p-2 text-sm" />
      <div className="flex items-center gap-2 text-sm">
        <input id={notifyId} type="checkbox" checked={notify} onChange={(event) => setNotify(event.target.checked)} />
        <label htmlFor={notifyId}>{followUp.ticket ? t.notifyCustomer : t.notifyCustomerByEmail}</label>
      </div>
      {problem && (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={mutation.isPending} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800">
          {t.submit}
        </button>
        <button type="button" onClick={onDone} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
